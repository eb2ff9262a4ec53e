"""Excel import: every row checked first, nothing written unless all are valid, the same file twice changes nothing."""

from datetime import date, timedelta

from sqlalchemy import func, select

from inspect_app.auth import services as auth
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.places import importing, workbook
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, ServicePeriod, Subdistrict
from tests.places.helpers import CODES, district_workbook, xlsx

DAY = date(2026, 11, 2)
TABLES = (PropertyCompany, Subdistrict, Community, Neighborhood, ServicePeriod, User)


def counts() -> dict[str, int]:
    db.session.expire_all()
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def errors(result) -> list[tuple[str, int, str]]:
    return [(e.sheet, e.row, e.message) for e in result.plan.errors]


def test_a_valid_workbook_creates_places_companies_and_periods(app):
    result = importing.import_workbook(district_workbook(), today=DAY)
    assert result.written and result.plan.is_valid
    assert counts() == {"PropertyCompany": 2, "Subdistrict": 2, "Community": 2, "Neighborhood": 3,
                        "ServicePeriod": 2, "User": 0}
    n = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "新城名座小区"))
    assert (n.address, n.households, n.company.name, n.community.subdistrict.name) == (
        "富强路 12 号", 420, "九州物业", "南站街道")
    assert [(p.company.name, p.starts_on, p.ends_on) for p in n.service_periods] == [("九州物业", DAY, None)]
    nobody = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "林业北小区"))
    assert nobody.company is None and nobody.service_periods == []
    company = db.session.scalar(select(PropertyCompany).where(PropertyCompany.name == "嘉家物业"))
    assert (company.credit_code, company.contact_phone) == (CODES[1], "13900000002")


def test_importing_the_same_file_again_changes_nothing(app):
    importing.import_workbook(district_workbook(), today=DAY)
    before = counts()
    again = importing.import_workbook(district_workbook(), today=DAY + timedelta(days=5))
    assert again.plan.is_valid and again.plan.changes == [] and not again.written
    assert counts() == before


def test_a_changed_company_opens_a_new_period(app):
    importing.import_workbook(district_workbook(), today=DAY)
    later = DAY + timedelta(days=30)
    result = importing.import_workbook(district_workbook(company_of_first="嘉家物业"), today=later)
    assert [(c.sheet, c.row, c.action, c.subject) for c in result.plan.changes] == [
        ("小区", 2, "换物业", "新城名座小区")]
    n = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "新城名座小区"))
    assert [(p.company.name, p.starts_on, p.ends_on, p.kind) for p in n.service_periods] == [
        ("九州物业", DAY, later - timedelta(days=1), "initial"), ("嘉家物业", later, None, "import")]
    assert n.company.name == "嘉家物业"


def test_a_no_property_neighbourhood_taken_over_by_a_company_new_in_the_same_file(app):
    importing.import_workbook(district_workbook(), today=DAY)
    companies = [("国有物业公司", "", "", "")]
    places = [("南站街道", "富强路社区", "林业北小区", "", "", "国有物业公司")]
    result = importing.import_workbook(xlsx(companies, places), today=DAY + timedelta(days=1))
    assert result.written
    n = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "林业北小区"))
    assert [(p.company.name, p.starts_on, p.kind) for p in n.service_periods] == [
        ("国有物业公司", DAY + timedelta(days=1), "import")]


def test_invalid_rows_are_listed_by_sheet_and_row_and_nothing_is_written(app):
    companies = [("九州物业", CODES[0], "", ""), ("九州物业", "", "", ""), ("坏代码物业", "91110000600037341A", "", ""),
                 ("", CODES[1], "", ""), ("同码物业", CODES[0], "", "")]
    places = [("南站街道", "富强路社区", "新城名座小区", "", "四百", "九州物业"),
              ("南站街道", "富强路社区", "林业北小区", "", 10, "不存在物业"),
              ("南站街道", "富强路社区", "林业北小区", "", 10, ""),
              ("南站街道", "富强路社区", "林业北小区", "", 10, ""),
              ("南站街道", "", "无社区小区", "", "", "")]
    result = importing.import_workbook(xlsx(companies, places), today=DAY)
    assert not result.written
    assert sorted((sheet, row) for sheet, row, _m in errors(result)) == [
        ("小区", 2), ("小区", 3), ("小区", 4), ("小区", 5), ("小区", 6),
        ("物业公司", 3), ("物业公司", 4), ("物业公司", 5), ("物业公司", 6)]
    messages = " ".join(m for _s, _r, m in errors(result))
    for words in ("四百", "不存在物业", "与第 3 行重复", "91110000600037341A", "必填项为空：物业公司",
                  "必填项为空：社区", "已被其他物业公司使用", "与第 2 行重复"):
        assert words in messages
    assert counts() == {m.__name__: 0 for m in TABLES}


def test_missing_columns_and_files_that_are_no_workbook(app):
    result = importing.import_workbook(xlsx([], [("南站街道",)], columns={"小区": ("街道", "社区")}), today=DAY)
    assert ("小区", 1) in [(s, r) for s, r, _m in errors(result)]
    assert "缺少列：小区、地址、户数、物业公司" in errors(result)[0][2]
    assert errors(importing.import_workbook(b"PK not really", today=DAY))[0][2].startswith("无法读取该文件")
    assert counts()["Neighborhood"] == 0


def test_dry_run_plans_without_writing(app):
    result = importing.import_workbook(district_workbook(), dry_run=True, today=DAY)
    assert not result.written and result.plan.is_valid
    assert result.plan.counts()[("小区", "新增")] == 3
    assert result.plan.counts()[("小区", "新增街道")] == 2
    assert counts()["Neighborhood"] == 0


def test_accounts_are_created_with_one_time_passwords(app):
    accounts = [("zhangwei", "张伟", "巡查员", "富强路社区", "", "13900000009"),
                ("jiuzhou1", "九州客服", "物业公司", "", "九州物业", ""),
                ("lina", "李娜", "supervisor", "马路东街道", "", "")]
    result = importing.import_workbook(district_workbook(accounts=accounts), today=DAY)
    assert result.written
    created = {a.username: a.one_time_password for a in result.created_accounts}
    assert set(created) == {"zhangwei", "jiuzhou1", "lina"} and all(len(p) >= 10 for p in created.values())
    zhangwei = auth.authenticate("zhangwei", created["zhangwei"])
    assert zhangwei is not None and zhangwei.area_name == "富强路社区" and zhangwei.must_change_password
    assert zhangwei.phone == "13900000009" and auth.authenticate("lina", created["lina"]).area_name == "马路东街道"
    user = auth.authenticate("jiuzhou1", created["jiuzhou1"])
    assert user is not None and (user.role, user.company.name, user.display_name) == ("company", "九州物业", "九州客服")
    again = importing.import_workbook(district_workbook(accounts=accounts), today=DAY)
    assert again.plan.changes == [] and again.created_accounts == []
    assert auth.authenticate("zhangwei", created["zhangwei"]) is not None  # not reset by the second import


def test_account_rows_are_checked(app):
    accounts = [("a1", "", "巡查员", "火星社区", "", ""), ("a2", "", "物业公司", "", "", ""),
                ("a3", "", "巡查员", "", "九州物业", ""), ("a4", "", "队长", "", "", ""),
                ("a1", "", "督查", "", "", ""),
                ("a5", "", "物业公司", "", "无名物业", "")]
    result = importing.import_workbook(district_workbook(accounts=accounts), today=DAY)
    assert sorted(r for s, r, _m in errors(result) if s == "账号") == [2, 3, 4, 5, 6, 7]
    assert counts()["User"] == 0 and counts()["Neighborhood"] == 0


def test_the_template_reads_back_as_an_empty_valid_workbook(app):
    parsed = workbook.read(workbook.template())
    assert parsed.errors == [] and parsed.companies == parsed.places == parsed.accounts == []
