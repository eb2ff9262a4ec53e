"""An inspector walks a whole patrol on a phone: find, start, score, photograph, submit, read the record."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
PHONE_PHOTO = "phone_HMD_Nokia_8.3_5G.jpg"


def item(page, code: str):
    return page.locator("section.item", has=page.locator("h3 .code", has_text=re.compile(f"^{code}$")))


def choose(page, code: str, outcome: str):
    section = item(page, code)
    section.locator(f".chip-{outcome}").click()
    expect(section.locator(".item-status")).to_contain_text("已保存")
    return section


def test_a_whole_patrol(photos_dir, page, shot):
    log_in(page, "inspector")
    page.fill("input[name=q]", "枫墅")
    expect(page.locator("#neighborhood-list li")).to_have_count(1)
    page.locator("#neighborhood-list li", has_text="枫墅小镇小区").get_by_role("button", name="开始").click()
    page.wait_for_url(re.compile(r"/inspections/\d+$"))
    total = page.locator("#score-summary .total b")
    expect(total).to_have_text("100")

    choose(page, "H1", "pass")
    h2 = item(page, "H2")
    h2.locator(".chip-deduct").click()
    h2.locator(".preset", has_text="0.5").first.click()
    h2.locator("input[name=count]").fill("3")
    h2.locator("input[name=count]").dispatch_event("change")
    expect(h2.locator(".item-status")).to_contain_text("−1.5")
    expect(total).to_have_text("98.5")
    h2.locator("input[type=file][capture]").set_input_files(str(photos_dir / PHONE_PHOTO))
    expect(h2.locator(".thumbs img")).to_have_count(1, timeout=20000)

    f1 = item(page, "F1")
    f1.locator(".chip-deduct").click()
    f1.locator(".preset", has_text="自定义扣分").click()
    f1.locator("input[name=custom_amount]").fill("2")
    f1.locator("textarea[name=reason]").fill("东门主路大面积坑洼积水")
    f1.locator("textarea[name=reason]").dispatch_event("change")
    expect(f1.locator(".item-status")).to_contain_text("−2")
    expect(total).to_have_text("96.5")
    choose(page, "Q1", "not_applicable")
    expect(total).to_have_text("96.32")  # 93/95 × 100 after Q1 (5 points) drops out
    f1.locator("input[type=file]").first.set_input_files(str(photos_dir / PHONE_PHOTO))
    expect(f1.locator(".thumbs img")).to_have_count(1, timeout=20000)
    shot(page, "patrol-checklist")
    f1.scroll_into_view_if_needed()
    shot(page, "patrol-checklist-screen", full_page=False)

    for section in page.locator("section.item").all():
        if not section.locator("input[name=outcome]:checked").count():
            section.locator(".chip-pass").click()
            expect(section.locator(".item-status")).to_contain_text("已保存")
    expect(page.locator("#score-summary .answered")).to_contain_text("29/29")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交巡查").click()
    expect(page.locator("h1")).to_contain_text("巡查记录")
    expect(page.locator(".score-summary .total b")).to_have_text("96.32")
    findings = page.locator("li[id^=finding-]")
    expect(findings).to_have_count(1)
    expect(findings.first).to_contain_text("F1")
    # the demo's H2 finding here is still under an order: this patrol counts it again (重复发现), no twin
    expect(page.locator("li[id^=repeat-]")).to_contain_text("H2")
    expect(page.locator("li[id^=repeat-]")).to_contain_text("重复发现 ×1")
    expect(page.locator(".deductions img")).to_have_count(2)
    shot(page, "patrol-record")
    assert page.csp_violations == []
