"""In Chromium: the strict CSP holds on the key pages (htmx still works), and every htmx failure is shown inline."""

from __future__ import annotations

import re

import pytest
from flask import render_template
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.errors import _messages
from inspect_app.orders.models import RectificationOrder
from inspect_app.places.models import Neighborhood, PropertyCompany
from tests.browser.conftest import log_in, new_phone

pytestmark = pytest.mark.browser
WATCH_CSP = ("window.__csp = [];"
             "document.addEventListener('securitypolicyviolation',"
             " function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });")
PATROL_SITE = "馨苑二期"  # no other browser test patrols it


def watch(page):
    """Record CSP violations three ways: console (conftest), securitypolicyviolation events, page errors."""
    page.page_errors = []
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    page.add_init_script(WATCH_CSP)  # injected by the browser itself, so the CSP does not apply to it
    return page


@pytest.fixture
def watched(page):
    return watch(page)


@pytest.fixture
def routed(browser, base_url):
    """A watched phone page whose requests page.route can answer: a service worker would bypass it."""
    page = new_phone(browser, base_url, service_workers="block")
    yield watch(page)
    page.context.close()


def assert_clean(page) -> None:
    assert page.evaluate("() => typeof window.htmx") == "object"  # the script loaded and ran under the CSP
    assert page.evaluate("() => window.__csp") == []
    assert page.csp_violations == [] and page.page_errors == []
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0  # no indicator styles


def test_the_watch_sees_a_violation(watched):
    """The probes are not vacuous: code the CSP blocks is reported by every one of them."""
    watched.goto("/login")
    watched.evaluate("() => { var s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                     " document.body.appendChild(s); document.body.setAttribute('style', 'color: red'); }")
    expect(watched.locator("body")).to_have_attribute("style", "color: red")
    watched.wait_for_function("() => window.__csp.length >= 2")
    assert watched.evaluate("() => window.ran") is None
    assert len(watched.csp_violations) >= 1


def lookup(live_app, what: str) -> str:
    with live_app.app_context():
        try:
            if what == "token":
                return db.session.scalar(select(Neighborhood.public_token).limit(1))
            stmt = select(RectificationOrder.id).where(RectificationOrder.state != "draft")
            if what == "company order":
                stmt = stmt.join(PropertyCompany).where(PropertyCompany.name == "九州物业")
            return str(db.session.scalar(stmt.order_by(RectificationOrder.id).limit(1)))
        finally:
            db.session.remove()


def open_checklist(page, site: str = PATROL_SITE) -> None:
    page.locator("#neighborhood-list li", has_text=site).get_by_role("button").click()
    page.wait_for_url(re.compile(r"/inspections/\d+$"))


PAGES = {
    "login": (None, "/login"),
    "inspector home": ("inspector", "/"),
    "supervisor home": ("supervisor", "/"),
    "company home": ("jiuzhou", "/"),
    "admin home": ("admin", "/"),
    "checklist": ("inspector", None),
    "order (supervisor)": ("supervisor", "/orders/{order}"),
    "order (company)": ("jiuzhou", "/orders/{company order}"),
    "ledger": ("supervisor", "/ledger"),
    "assessment": ("supervisor", "/assessment"),
    "checklist templates": ("admin", "/admin/checklists"),
    "public ranking": (None, "/ranking"),
    "resident report form": (None, "/r/{token}"),
}


@pytest.mark.parametrize("name", PAGES)
def test_key_pages_run_under_the_csp(watched, live_app, name):
    user, path = PAGES[name]
    if user:
        log_in(watched, user)
    if path is None:
        open_checklist(watched)
        item = watched.locator("section.item").first
        item.locator(".chip-pass").click()  # one htmx round trip on the page, indicators included
        expect(item.locator(".item-status")).to_contain_text("已保存")
    else:
        response = watched.goto(re.sub(r"\{([^}]+)\}", lambda m: lookup(live_app, m.group(1)), path))
        assert response.status == 200
    assert_clean(watched)


def test_htmx_is_configured_for_the_csp_and_has_a_timeout(watched):
    log_in(watched, "inspector")
    config = watched.evaluate("() => ({timeout: htmx.config.timeout, allowEval: htmx.config.allowEval,"
                              " styles: htmx.config.includeIndicatorStyles, scripts: htmx.config.allowScriptTags})")
    assert config == {"timeout": 20000, "allowEval": False, "styles": False, "scripts": False}


def error_body(live_app, code: int) -> str:
    """Exactly what the app answers an htmx request with for this status."""
    with live_app.test_request_context("/"):
        return render_template("errors/_error.html", code=code, message=_messages()[code])


def fill_item(section) -> None:
    """What an inspector types into one item: each change is an autosave request."""
    section.locator(".chip-deduct").click()
    section.locator(".preset").first.click()
    section.locator("input[name=count]").fill("3")
    section.locator("input[name=count]").dispatch_event("change")
    section.locator("textarea[name=reason]").fill("东门外堆放装修垃圾")
    section.locator("textarea[name=reason]").dispatch_event("change")


def assert_values_kept(section) -> None:
    expect(section.locator("input[name=outcome][value=deduct]")).to_be_checked()
    expect(section.locator("input[name=preset_id]").first).to_be_checked()
    expect(section.locator("input[name=count]")).to_have_value("3")
    expect(section.locator("textarea[name=reason]")).to_have_value("东门外堆放装修垃圾")


FAILURES = [400, 403, 404, 409, 413, 429, 500, "network", "timeout"]


@pytest.mark.parametrize("failure", FAILURES)
def test_an_autosave_failure_is_shown_on_the_item_and_keeps_what_was_typed(routed, live_app, failure):
    log_in(routed, "inspector")
    open_checklist(routed)
    section = routed.locator("section.item").nth(3)
    if failure == "timeout":
        routed.evaluate("() => { htmx.config.timeout = 400; }")
        expected = "请求超时，请检查网络后重试。"
        routed.route(re.compile(r"/items/\d+$"), lambda route: None)  # never answered
    elif failure == "network":
        expected = "网络连接失败，已填写的内容仍保留，请稍后重试。"
        routed.route(re.compile(r"/items/\d+$"), lambda route: route.abort("internetdisconnected"))
    else:
        expected, body = _messages()[failure], error_body(live_app, failure)
        routed.route(re.compile(r"/items/\d+$"), lambda route: route.fulfill(
            status=failure, body=body, content_type="text/html; charset=utf-8"))
    fill_item(section)
    expect(section.locator("form.answer .hx-error")).to_contain_text(expected, timeout=10000)
    assert_values_kept(section)
    assert_clean(routed)


def test_a_refused_answer_422_is_swapped_into_the_item_and_keeps_what_was_typed(routed):
    log_in(routed, "inspector")
    open_checklist(routed)
    section = routed.locator("section.item").nth(4)
    section.locator(".chip-deduct").click()
    section.locator(".preset", has_text="自定义扣分").click()
    section.locator("input[name=custom_amount]").fill("99")
    section.locator("textarea[name=reason]").fill("超出满分")
    section.locator("textarea[name=reason]").dispatch_event("change")
    expect(section.locator(".item-status")).to_contain_text("不能超过该项满分")
    expect(section.locator("input[name=custom_amount]")).to_have_value("99")
    expect(section.locator("textarea[name=reason]")).to_have_value("超出满分")
    assert_clean(routed)


@pytest.mark.parametrize("failure", [500, "network"])
def test_a_failed_form_post_is_shown_on_the_form_and_keeps_what_was_typed(routed, live_app, failure):
    log_in(routed, "inspector")
    routed.goto("/findings/new")
    routed.wait_for_function("() => window.htmx && document.readyState === 'complete'")
    if failure == "network":
        expected = "网络连接失败"
        routed.route("**/findings/new", lambda route: route.abort("internetdisconnected")
                      if route.request.method == "POST" else route.continue_())
    else:
        expected, body = _messages()[failure], error_body(live_app, failure)
        routed.route("**/findings/new", lambda route: route.fulfill(status=failure, body=body)
                      if route.request.method == "POST" else route.continue_())
    form = routed.locator("#new-finding-form")
    form.locator("select[name=neighborhood]").select_option(label=PATROL_SITE)
    form.locator("select[name=category]").select_option(value="H")
    form.locator("input[name=title]").fill("3号楼楼道堆放杂物")
    form.locator("textarea[name=description]").fill("一至六层楼道均有堆放")
    form.locator("button[type=submit]").click()
    expect(form.locator(".hx-error")).to_contain_text(expected)
    expect(form.locator("input[name=title]")).to_have_value("3号楼楼道堆放杂物")
    expect(form.locator("textarea[name=description]")).to_have_value("一至六层楼道均有堆放")
    assert_clean(routed)
