"""An administrator creates a community inspector on a phone; the inspector logs in with the one-time password,
must change it first, and a disabled account is logged out at once."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, new_phone

pytestmark = pytest.mark.browser


def test_an_account_from_creation_to_its_first_login_and_disabling(browser, base_url, page, shot):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "admin")
    page.click("text=账号管理（新建、修改、停用、重置密码）")
    expect(page.locator("h1")).to_have_text("账号管理")
    page.select_option("#f-role", "inspector")
    expect(page.locator("#account-results")).not_to_contain_text("督查")
    page.select_option("#f-role", "")
    shot(page, "accounts-list")
    page.click("text=＋ 新建账号")
    page.fill("input[name=username]", "liuyang")
    page.fill("input[name=display_name]", "刘洋")
    page.select_option("select[name=area]", label="南站街道 / 学府街社区")
    page.fill("input[name=phone]", "12345")
    page.click("button:has-text('创建账号')")
    expect(page.locator("#account-form .error")).to_contain_text("手机号格式不对")  # swapped in place by htmx
    assert page.input_value("input[name=display_name]") == "刘洋"
    shot(page, "accounts-new-refused")
    page.fill("input[name=phone]", "13800138000")
    page.click("button:has-text('创建账号')")
    password = page.locator(".ac-password code").inner_text()
    assert re.fullmatch(r"[A-Za-z2-9]{10}", password)
    expect(page.locator(".topbar")).to_have_count(1)  # the answer replaced the page, not just the form
    shot(page, "accounts-one-time-password")
    page.click("text=我已记下，返回账号")
    expect(page.locator("#account-card")).to_contain_text("学府街社区")
    shot(page, "accounts-account")

    person = new_phone(browser, base_url)
    person.goto("/login")
    person.fill("input[name=username]", "liuyang")
    person.fill("input[name=password]", password)
    person.click("button[type=submit]")
    person.wait_for_url("**/account/password**")
    expect(person.locator("h1")).to_have_text("修改密码")
    person.fill("input[name=current]", password)
    person.fill("input[name=new]", "liuyang-2026")
    person.fill("input[name=confirm]", "liuyang-2026")
    shot(person, "accounts-forced-password")
    person.click("button:has-text('修改密码')")
    person.wait_for_url(f"{base_url}/")
    expect(person.locator(".flash")).to_contain_text("密码已修改")

    page.reload()
    page.click("#account-card button:has-text('停用')")
    expect(page.locator("#account-card")).to_contain_text("重新启用")
    expect(page.locator("#account-events")).to_contain_text("停用")
    shot(page, "accounts-disabled")
    person.goto("/ledger")
    person.wait_for_url("**/login**")
    assert page.csp_violations == [] and person.csp_violations == []
    person.context.close()
