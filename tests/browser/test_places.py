"""An admin imports places from Excel at phone size: a wrong row is named and nothing written, the corrected file
is previewed and confirmed, and the neighbourhood page shows its service periods and takes a change of company."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.places.models import Neighborhood
from tests.browser.conftest import log_in
from tests.places.helpers import CODES, xlsx

pytestmark = pytest.mark.browser

COMPANIES = [("国有物业公司", CODES[0], "赵经理", "13900000011")]
PLACES = [("南站街道", "富强路社区", "林业北小区", "", 260, "国有物业公司"),
          ("南站街道", "富强路社区", "富强新苑", "富强路 88 号", 300, "九州物业"),
          ("沈家屯镇", "沈家屯社区", "沈家屯小区", "", 120, "")]


def neighbourhoods(app) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count(Neighborhood.id)))
        db.session.remove()
    return n


def test_import_preview_confirm_and_change_of_company(page, shot, live_app, tmp_path):
    before = neighbourhoods(live_app)
    bad, good = tmp_path / "bad.xlsx", tmp_path / "places.xlsx"
    bad.write_bytes(xlsx(COMPANIES, [*PLACES, ("南站街道", "富强路社区", "错误小区", "", "", "无名物业")]))
    good.write_bytes(xlsx(COMPANIES, PLACES))
    log_in(page, "admin")
    page.click("text=Excel 导入")
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=上传并预览")
    expect(page.locator("#import-errors")).to_contain_text("第 5 行")
    expect(page.locator("#import-errors")).to_contain_text("无名物业")
    shot(page, "places-import-errors")
    assert neighbourhoods(live_app) == before

    page.goto("/admin/places/import")
    page.set_input_files("input[type=file]", str(good))
    page.click("text=上传并预览")
    expect(page.locator("h1")).to_have_text("导入预览")
    expect(page.locator(".changes").first).to_contain_text("新增")
    shot(page, "places-import-preview")
    page.click("button:has-text('确认导入')")
    expect(page.locator("h1")).to_have_text("导入完成")
    assert neighbourhoods(live_app) == before + 2

    page.goto("/admin/places/neighborhoods")
    page.fill("input[name=q]", "林业北")
    expect(page.locator("#place-list li")).to_have_count(1)
    page.click("#place-list a:has-text('林业北小区')")
    expect(page.locator("#periods")).to_contain_text("国有物业公司")
    page.select_option("select[name=kind]", "new_company")
    page.select_option("select[name=company_id]", label="嘉家物业")
    page.fill("input[name=on]", local_today().isoformat())
    page.click("text=记录变更")
    expect(page.locator(".flash")).to_contain_text("嘉家物业")
    expect(page.locator("#periods")).to_contain_text("嘉家物业")
    shot(page, "places-neighborhood")
    assert page.csp_violations == []
