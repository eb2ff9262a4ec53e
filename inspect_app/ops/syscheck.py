"""Checks the system packages the app (and its tests) need and installs what is missing when it can.

As root, or with passwordless sudo, and with apt-get present, the missing Debian packages are installed (the
command is printed first). Otherwise the check stops with the exact line to run.
"""

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence

from inspect_app.pdf.fonts import check_fonts

CHROMIUM = "/usr/bin/chromium"
TEST_TOOLS = (("pdftoppm", "poppler-utils"), ("pdffonts", "poppler-utils"), ("pdftotext", "poppler-utils"))
Runner = Callable[[Sequence[str]], int]


def problems(*, for_tests: bool) -> list[tuple[str, str]]:
    """(message, Debian package) pairs for what is missing."""
    found = [(message, _package_in(message)) for message in check_fonts()]
    if for_tests:
        if not shutil.which("chromium") and not os.path.exists(CHROMIUM):
            found.append(("缺少 Chromium（浏览器测试需要） / Chromium missing (browser tests)", "chromium"))
        for tool, package in TEST_TOOLS:
            if not shutil.which(tool):
                found.append((f"缺少 {tool}（PDF 测试需要） / {tool} missing (PDF tests)", package))
    return found


def _package_in(message: str) -> str:
    for package in ("libharfbuzz-subset0", "fonts-noto-cjk", "fontconfig"):
        if package in message:
            return package
    return "fonts-noto-cjk"


def install_prefix() -> list[str] | None:
    """How to run apt-get here: as is (root), through passwordless sudo, or not at all (None)."""
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def install_commands(prefix: list[str], packages: list[str]) -> list[list[str]]:
    env = ["env", "DEBIAN_FRONTEND=noninteractive"]
    return [[*prefix, *env, "apt-get", "update", "-qq"],
            [*prefix, *env, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]]


def _run(command: Sequence[str]) -> int:
    return subprocess.run(list(command)).returncode


def main(argv: list[str] | None = None, *, run: Runner = _run,
         find_prefix: Callable[[], list[str] | None] = install_prefix) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tests", action="store_true", help="also check what the test suite needs")
    parser.add_argument("--no-install", action="store_true", help="only report what is missing")
    args = parser.parse_args(argv)
    missing = problems(for_tests=args.tests)
    if not missing:
        return 0
    for message, _ in missing:
        print(f"  ✗ {message}", file=sys.stderr)
    packages = sorted({package for _, package in missing})
    how = None if args.no_install else find_prefix()
    if how is not None:
        print(f"安装系统软件包 / Installing system packages: {' '.join(packages)}", file=sys.stderr)
        for command in install_commands(how, packages):
            print("  $ " + " ".join(command), file=sys.stderr)
            if run(command) != 0:
                break
        else:
            if not problems(for_tests=args.tests):
                return 0
    print(f"\n请以 root 运行 / As root, run:\n  apt-get update && apt-get install -y {' '.join(packages)}\n"
          "然后重新运行 make / then run make again.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
