"""Nothing typed is lost: a dropped save is shown and retried; an expired session keeps the unsent answer."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def start_patrol(page, name: str) -> None:
    log_in(page, "inspector")
    page.fill("input[name=q]", name)  # the home lists the most urgent first; other tests add neighbourhoods
    page.locator("#neighborhood-list li", has_text=name).get_by_role("button").click()
    page.wait_for_url(re.compile(r"/inspections/\d+$"))


def item(page, code: str):
    return page.locator("section.item", has=page.locator("h3 .code", has_text=re.compile(f"^{code}$")))


def test_a_dropped_save_is_shown_on_the_item_and_retried(page):
    start_patrol(page, "晟家理想湾小区")
    dropped = []

    def drop_first(route):
        if not dropped:
            dropped.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/items/\d+$"), drop_first)
    g2 = item(page, "G2")
    g2.locator(".chip-not_applicable").click()
    expect(g2.locator(".hx-error")).to_contain_text("网络连接失败")
    expect(g2.locator(".item-status")).to_contain_text("已保存", timeout=10000)
    assert len(dropped) == 1
    page.reload()
    expect(item(page, "G2").locator("input[value=not_applicable]")).to_be_checked()


def test_an_expired_session_keeps_the_unsent_answer(page, shot):
    start_patrol(page, "茶榆云顶小区")
    draft_url = page.url
    page.context.clear_cookies()
    s5 = item(page, "S5")
    s5.locator(".chip-deduct").click()
    expect(s5.locator(".hx-error")).to_contain_text("登录已过期")
    s5.locator(".preset").first.click()
    shot(page, "patrol-session-expired", full_page=False)
    page.goto(draft_url)
    page.fill("input[name=username]", "inspector")
    page.fill("input[name=password]", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url(draft_url)
    s5 = item(page, "S5")
    expect(s5.locator(".item-status")).to_contain_text("已保存")
    expect(s5.locator("input[value=deduct]")).to_be_checked()
    page.reload()
    expect(item(page, "S5").locator("input[value=deduct]")).to_be_checked()
    expect(item(page, "S5").locator(".preset input").first).to_be_checked()
