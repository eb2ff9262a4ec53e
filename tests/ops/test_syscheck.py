"""The system check installs missing Debian packages when it may, and otherwise prints the line to run."""

from inspect_app.ops import syscheck

MISSING = [("缺少中文字体 … apt-get install fonts-noto-cjk", "fonts-noto-cjk"),
           ("缺少 Chromium", "chromium")]


def test_as_root_it_installs_what_is_missing_and_checks_again(monkeypatch, capsys):
    answers = iter([MISSING, []])
    monkeypatch.setattr(syscheck, "problems", lambda *, for_tests: next(answers))
    ran: list[list[str]] = []

    code = syscheck.main(["--tests"], run=lambda command: ran.append(list(command)) or 0, find_prefix=lambda: [])

    assert code == 0
    assert ran[0][-3:] == ["apt-get", "update", "-qq"]
    assert ran[1][-2:] == ["chromium", "fonts-noto-cjk"] and "install" in ran[1]
    assert "Installing system packages: chromium fonts-noto-cjk" in capsys.readouterr().err


def test_with_sudo_the_commands_go_through_sudo_without_a_password():
    commands = syscheck.install_commands(["sudo", "-n"], ["poppler-utils"])
    assert all(command[:2] == ["sudo", "-n"] for command in commands)


def test_without_root_it_stops_with_the_exact_line(monkeypatch, capsys):
    monkeypatch.setattr(syscheck, "problems", lambda *, for_tests: MISSING)
    ran: list[list[str]] = []

    code = syscheck.main([], run=lambda command: ran.append(list(command)) or 0, find_prefix=lambda: None)

    assert code == 1 and ran == []
    assert "apt-get update && apt-get install -y chromium fonts-noto-cjk" in capsys.readouterr().err


def test_a_failed_install_still_prints_the_line(monkeypatch, capsys):
    monkeypatch.setattr(syscheck, "problems", lambda *, for_tests: MISSING)

    code = syscheck.main([], run=lambda command: 100, find_prefix=lambda: [])

    assert code == 1
    assert "apt-get install -y chromium fonts-noto-cjk" in capsys.readouterr().err


def test_no_install_only_reports(monkeypatch):
    monkeypatch.setattr(syscheck, "problems", lambda *, for_tests: MISSING)
    assert syscheck.main(["--no-install"], run=lambda command: 0 / 0, find_prefix=lambda: []) == 1
