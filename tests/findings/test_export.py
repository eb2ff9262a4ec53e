"""Ledger exports: xlsx and CSV match the page's filter and scoping; Chinese headers, real dates, safe text."""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from inspect_app.core.time import local_today
from inspect_app.findings import export
from inspect_app.findings.ledger import LedgerFilters, ledger_page
from tests import factories
from tests.findings.helpers import seed_ledger

HEADERS = ["编号", "问题", "小区", "社区", "街道", "物业公司", "类别", "扣分", "状态", "发现日期", "整改期限",
           "是否逾期", "督办次数", "链接"]


def _xlsx_rows(response) -> tuple[list[list], object]:
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.fixture
def supervisor(client, world, login):
    login(world.supervisor)
    return client


def test_xlsx_matches_the_filtered_page(supervisor, world, app):
    ledger = seed_ledger(world)
    query = f"company={ledger.ids['company_a']}"
    rows, sheet = _xlsx_rows(supervisor.get(f"/ledger/export.xlsx?{query}"))
    page = ledger_page(LedgerFilters(company=ledger.ids["company_a"]), world.supervisor, local_today())
    assert rows[0] == HEADERS and all(cell.font.b for cell in sheet[1])
    assert [row[0] for row in rows[1:]] == [f.id for f in page.findings]
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["B"].width == 40
    overdue = next(row for row in rows[1:] if row[1] == "A-overdue-Q")
    finding = ledger.findings["A-overdue-Q"]
    assert overdue[2:9] == ["枫墅小镇小区", "学府街社区", "南站街道", "九州物业", "秩序维护与车辆管理", 0, "已下发整改"]
    assert isinstance(overdue[9], datetime) and overdue[9].date() == local_today()
    assert overdue[10].date() == finding.deadline and overdue[11:13] == ["是", 2]
    assert overdue[13] == f"{app.config['PUBLIC_BASE_URL']}/findings/{finding.id}"
    row_number = rows.index(overdue) + 1
    assert sheet.cell(row=row_number, column=14).hyperlink.target == overdue[13]
    assert {sheet.cell(row=row_number, column=c).number_format for c in (10, 11)} == {"yyyy-mm-dd"}


def test_csv_has_a_bom_and_the_same_rows(supervisor, world):
    ledger = seed_ledger(world)
    rows = _csv_rows(supervisor.get("/ledger/export.csv?overdue=1"))
    assert rows[0] == HEADERS
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"A-overdue-Q", "B-reported-F"}
    reported = by_title["B-reported-F"]
    assert reported[5:9] == ["嘉家物业", "设施设备", "0", "已反馈待复查"]
    assert reported[10] == ledger.findings["B-reported-F"].deadline.isoformat() and reported[11] == "是"


def test_a_neighbourhood_without_company_says_so(supervisor, world):
    seed_ledger(world)
    rows = _csv_rows(supervisor.get("/ledger/export.csv?state=open"))
    c_row = next(row for row in rows if row[1] == "C-open-S")
    assert c_row[4:7] == ["马路东街道", "无物业", "服务与公示"] and c_row[10] == ""


def test_company_exports_only_their_own(client, world, login):
    ledger = seed_ledger(world)
    login(world.company_user_a)
    own = {"A-open-H", "A-overdue-Q"}
    for query in ("", f"?company={ledger.ids['company_b']}&x=1"):
        xlsx, _sheet = _xlsx_rows(client.get(f"/ledger/export.xlsx{query}"))
        csv_rows = _csv_rows(client.get(f"/ledger/export.csv{query}"))
        expected = own if not query else set()
        assert {row[1] for row in xlsx[1:]} == expected
        assert {row[1] for row in csv_rows[1:]} == expected


def test_user_text_never_becomes_a_formula(supervisor, world):
    factories.finding(world.neighborhood_a, title='=HYPERLINK("http://evil.example","点我")')
    rows, sheet = _xlsx_rows(supervisor.get("/ledger/export.xlsx"))
    assert sheet["B2"].data_type == "s" and rows[1][1].startswith("=HYPERLINK")
    csv_rows = _csv_rows(supervisor.get("/ledger/export.csv"))
    assert csv_rows[1][1].startswith("'=HYPERLINK")


def test_write_file_by_suffix(world, tmp_path):
    seed_ledger(world)
    today = local_today()
    assert export.write_file(tmp_path / "all.xlsx", LedgerFilters(), today=today) == 5
    assert export.write_file(tmp_path / "closed.csv", LedgerFilters(state="closed"), today=today) == 1
    lines = (tmp_path / "closed.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and "B-closed-G" in lines[1]
    with pytest.raises(ValueError):
        export.write_file(tmp_path / "ledger.pdf", LedgerFilters(), today=today)


def test_exports_ignore_bad_filters_and_need_login(client, world, login):
    assert client.get("/ledger/export.xlsx").status_code == 302
    assert client.get("/ledger/export.csv").status_code == 302
    login(world.inspector)
    assert len(_csv_rows(client.get("/ledger/export.csv?state=nonsense&page=x"))) == 1
