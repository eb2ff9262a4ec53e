"""The public ranking and a company's page on a phone, and an admin entering a special score on the live ranking."""

import pytest
from playwright.sync_api import expect

from inspect_app.assessment.rules import previous_quarter, quarter_code
from inspect_app.core.time import local_today
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

CURRENT = quarter_code(local_today())
LATEST = previous_quarter(CURRENT)
EARLIER = previous_quarter(LATEST)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_public_ranking_and_a_company_page(page, shot):
    page.goto("/ranking")
    expect(page.locator("h1")).to_have_text("物业服务企业季度考核排名")
    expect(page.locator(".rk-sub")).to_contain_text(LATEST)
    rows = page.locator(".rk-list > li.rk-row")
    assert rows.count() >= 12
    jiuzhou = rows.filter(has=page.get_by_role("link", name="九州物业"))
    expect(jiuzhou.locator(".rk-rank")).to_have_text("2")
    expect(jiuzhou.locator(".rk-move")).to_have_text("▲11")
    expect(rows.filter(has=page.get_by_role("link", name="嘉家物业")).locator(".rk-move")).to_contain_text("▲")
    expect(page.locator(".rk-unrated")).to_contain_text("惠民物业")
    expect(page.locator("svg.chart-histogram")).to_be_visible()
    assert page.locator(".rk-periods a").all_inner_texts() == [LATEST, EARLIER]
    assert no_sideways_scroll(page)
    shot(page, "ranking")

    jiuzhou.get_by_role("link", name="九州物业").click()
    expect(page.locator("h1")).to_have_text("九州物业")
    expect(page.locator(".rk-place")).to_contain_text("第 2 名")
    expect(page.locator("table.rk-breakdown")).to_contain_text("专项考评")
    line = page.locator("svg.chart-line")
    expect(line).to_be_visible()
    expect(line).to_contain_text(EARLIER)
    assert line.bounding_box()["width"] <= 390
    assert no_sideways_scroll(page)
    shot(page, "ranking-company")
    assert page.csp_violations == []


def test_earlier_quarter_and_an_unpublished_one(page):
    page.goto("/ranking")
    page.locator(".rk-periods").get_by_role("link", name=EARLIER).click()
    expect(page.locator(".rk-sub")).to_contain_text(EARLIER)
    jiuzhou = page.locator(".rk-list > li.rk-row").filter(has=page.get_by_role("link", name="九州物业"))
    assert int(jiuzhou.locator(".rk-rank").inner_text()) >= 12
    assert page.goto(f"/ranking/{CURRENT}").status == 404


def test_admin_enters_a_special_score_and_the_live_ranking_follows(page, shot):
    log_in(page, "admin")
    page.get_by_role("link", name="考核").click()
    page.get_by_role("link", name=CURRENT).click()
    expect(page.locator("h1")).to_contain_text(CURRENT)
    form = page.locator("#special-form")
    form.get_by_label("物业公司").select_option(label="安逸物业")
    form.get_by_label("专项考评得分（0–100）").fill("98")
    form.get_by_role("button", name="保存专项考评").click()  # no note: refused by the server, input kept
    expect(page.locator("#special-form .error")).to_contain_text("请填写考评说明")
    expect(page.locator("#special-form input[name=score]")).to_have_value("98")
    page.locator("#special-form").get_by_label("考评说明").fill("服务到家暖心工程")
    page.locator("#special-form").get_by_role("button", name="保存专项考评").click()
    expect(page.locator("#special-form .flash")).to_contain_text("安逸物业")
    anyi = page.locator("#ranking li.rk-row", has_text="安逸物业")
    anyi.locator("summary").click()
    expect(anyi.locator("table.rk-breakdown")).to_contain_text("98 × 36%")
    assert no_sideways_scroll(page)
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "assessment-admin")
    assert page.csp_violations == []
