"""A phone-sized browser logs in as each role and reaches its home page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username,heading", [
    ("inspector", "巡查"), ("supervisor", "待办"), ("jiuzhou", "九州物业"), ("admin", "系统管理"),
])
def test_each_demo_account_reaches_its_home(page, shot, username, heading):
    log_in(page, username)
    assert page.locator("h1").first.inner_text() == heading
    assert page.locator(".topbar .who").is_visible()
    shot(page, f"home-{username}")
    assert page.csp_violations == []


def test_wrong_password_shows_a_message(page, shot):
    page.goto("/login")
    page.fill("input[name=username]", "inspector")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".error").inner_text() == "用户名或密码错误"
    assert page.input_value("input[name=username]") == "inspector"
    shot(page, "login-error")


def test_search_as_you_type_filters_neighbourhoods(page):
    log_in(page, "inspector")
    page.fill("input[name=q]", "新城")
    expect(page.locator("#neighborhood-list li")).to_have_count(1)
    assert "新城名座小区" in page.locator("#neighborhood-list").inner_text()
    assert page.csp_violations == []
