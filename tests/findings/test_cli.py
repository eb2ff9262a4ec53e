"""`flask ledger export`: the whole district, the same filters by name, xlsx or CSV by suffix."""

import pytest
from openpyxl import load_workbook

from tests.findings.helpers import seed_ledger


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=["ledger", "export", *args])

    return invoke


def test_exports_the_whole_district_to_xlsx(run, world, tmp_path):
    seed_ledger(world)
    out = tmp_path / "ledger.xlsx"
    result = run("-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已导出 5 条" in result.output
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "编号" and sheet.max_row == 6


@pytest.mark.parametrize("args,titles", [
    (["--company", "九州物业"], {"A-open-H", "A-overdue-Q"}),
    (["--subdistrict", "马路东街道"], {"C-open-S"}),
    (["--community", "学府街社区", "--state", "closed"], {"B-closed-G"}),
    (["--neighborhood", "晟家理想湾小区", "--overdue"], {"B-reported-F"}),
    (["--category", "Q"], {"A-overdue-Q"}),
    (["--until", "2000-01-01"], set()),
])
def test_filters_by_name_to_csv(run, world, tmp_path, args, titles):
    seed_ledger(world)
    out = tmp_path / "ledger.csv"
    result = run("-o", str(out), *args)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert {line.split(",")[1] for line in lines[1:]} == titles
    assert f"已导出 {len(titles)} 条" in result.output


@pytest.mark.parametrize("args,message", [
    (["--company", "不存在物业"], "找不到物业公司“不存在物业”"),
    (["--since", "2026-02-30"], "已忽略"),
    (["--category", "Z"], "已忽略"),
])
def test_bad_options_fail_with_a_message(run, world, tmp_path, args, message):
    result = run("-o", str(tmp_path / "x.csv"), *args)
    assert result.exit_code != 0 and message in result.output
    assert not (tmp_path / "x.csv").exists()


def test_unknown_suffix_is_refused(run, world, tmp_path):
    result = run("-o", str(tmp_path / "ledger.pdf"))
    assert result.exit_code == 2 and ".xlsx or .csv" in result.output
