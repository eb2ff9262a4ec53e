"""An owners' committee (业委会) on a phone: logs in, reads its neighbourhood's ledger, enters its 专项考评 (a bad
point refused with the rest kept), and the quarter's ranking (staff) shows its part of the special score."""

import pytest
from playwright.sync_api import expect

from inspect_app.assessment.rules import quarter_code
from inspect_app.core.time import local_today
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

CURRENT = quarter_code(local_today())
POINTS = ("20", "20", "18", "16", "16")  # 90 of 100


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_committee_reads_its_ledger_and_its_input_reaches_the_ranking(browser, base_url, page, shot):
    log_in(page, "yeweihui")
    expect(page.locator("h1")).to_have_text("枫墅小镇小区")
    expect(page.locator(".cm-place")).to_contain_text("九州物业")
    expect(page.locator("#committee-patrols li.row").first).to_contain_text("得分")
    assert no_sideways_scroll(page)
    shot(page, "committee-home")

    page.locator("main").get_by_role("link", name="整改台账").first.click()
    expect(page.locator("h1")).to_contain_text("台账")
    places = page.locator("ul.ledger-list > li:not(.empty)").all_inner_texts()
    assert places and all("枫墅小镇小区" in text for text in places)
    assert no_sideways_scroll(page)
    shot(page, "committee-ledger", full_page=False)

    page.goto("/")
    form = page.locator("#committee-form")
    expect(form.locator("h2")).to_contain_text(CURRENT)
    fields = form.locator("input[type=number]")
    assert fields.count() == len(POINTS)
    fields.nth(0).fill("25")  # above the item's 20
    for index, value in enumerate(POINTS[1:], start=1):
        fields.nth(index).fill(value)
    form.get_by_label("说明（选填）").fill("保洁及时，停车仍需加强")
    form.get_by_role("button", name="保存业委会评价").click()
    expect(page.locator("#committee-form .error").first).to_contain_text("得分须在 0 到 20 分之间")
    form = page.locator("#committee-form")
    expect(form.locator("input[type=number]").nth(1)).to_have_value("20")
    expect(form.get_by_label("说明（选填）")).to_have_value("保洁及时，停车仍需加强")
    form.locator("input[type=number]").nth(0).fill("20")
    form.get_by_role("button", name="保存业委会评价").click()
    expect(page.locator("#committee-form .flash")).to_contain_text("得分率 90%")
    assert no_sideways_scroll(page)
    page.locator("#committee-form h2").evaluate("el => el.scrollIntoView()")
    shot(page, "committee-assessment", full_page=False)
    assert page.csp_violations == []

    staff = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                has_touch=True, locale="zh-CN", base_url=base_url).new_page()
    log_in(staff, "supervisor")
    staff.goto(f"/assessment/{CURRENT}")
    jiuzhou = staff.locator("#ranking li.rk-row", has_text="九州物业")
    jiuzhou.locator("summary").click()
    breakdown = jiuzhou.locator("table.rk-breakdown")
    expect(breakdown).to_contain_text("仅业委会评价：90（1 个小区的平均）")
    expect(breakdown).to_contain_text("90 × 36%")
    assert no_sideways_scroll(staff)
    jiuzhou.scroll_into_view_if_needed()
    shot(staff, "committee-ranking", full_page=False)
    staff.context.close()
