"""CSRF refusals that say what is wrong and let the next try pass: no Referer needed, other sites refused, no loop.

Also the residents' form: one message per refused photo, and no bidi control of a file name echoed back.
"""

from __future__ import annotations

import re

import pytest

from tests.resident_reports.helpers import form, post_report, report_count
from tests.security.helpers import sign_in

CREDENTIALS = {"username": "inspector1", "password": "password123"}
HTTPS = {"base_url": "https://localhost"}


def token_in(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_a_post_without_referer_over_https_passes_on_its_token(client, world):
    assert client.post("/login", data=CREDENTIALS, **HTTPS).status_code == 303


@pytest.mark.parametrize("headers", [
    {"Referer": "https://evil.example/login"},
    {"Origin": "https://evil.example"},
    {"Origin": "https://evil.example", "Referer": "https://localhost/login"},  # Origin wins
    {"Origin": "https://localhost:8443"},
    {"Referer": "https://localhost.evil.example/"},
    {"Referer": "javascript:alert(1)"},
])
def test_a_post_from_another_site_is_refused_and_named(client, world, headers):
    response = client.post("/login", data=CREDENTIALS, headers=headers, **HTTPS)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "该请求来自其他网站，已拒绝" in body
    assert "请再" not in body  # trying again from there cannot help: no invitation to loop
    assert client.get("/", **HTTPS).status_code == 302  # not logged in


@pytest.mark.parametrize("headers", [
    {"Origin": "https://localhost"}, {"Referer": "https://localhost/login?next=/"}, {"Origin": "null"},
    {"Origin": "https://LOCALHOST:443"},
])
def test_a_post_from_this_site_passes(client, world, headers):
    assert client.post("/login", data=CREDENTIALS, headers=headers, **HTTPS).status_code == 303


def test_behind_a_proxy_that_hides_https_this_site_still_passes(client, world):
    """The browser says https, the app sees http (no X-Forwarded-Proto): the same host is still this site."""
    response = client.post("/login", data=CREDENTIALS, headers={"Origin": "https://localhost"})
    assert response.status_code == 303


def test_a_login_without_token_says_so_keeps_the_name_and_the_retry_passes(app, world):
    browser = app.test_client()
    browser.get("/login")
    refused = browser.post("/login", data=CREDENTIALS, csrf=False)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "提交中缺少安全校验码" in page and "请再点一次“登录”" in page
    assert 'value="inspector1"' in page and 'name="csrf_retry" value="1"' in page
    retry = browser.post("/login", data={**CREDENTIALS, "csrf_token": token_in(page), "csrf_retry": "1"},
                         csrf=False)
    assert retry.status_code == 303


def test_a_browser_that_keeps_no_cookies_is_told_so_instead_of_asked_again(app, world):
    browser = app.test_client(use_cookies=False)
    first = browser.post("/login", data={**CREDENTIALS, "csrf_token": token_in(browser.get("/login").text)},
                         csrf=False)
    page = first.get_data(as_text=True)
    assert first.status_code == 400 and "浏览器中的会话已不存在" in page and "请再点一次" in page
    second = browser.post("/login", data={**CREDENTIALS, "csrf_token": token_in(page), "csrf_retry": "1"},
                          csrf=False)
    page = second.get_data(as_text=True)
    assert second.status_code == 400 and "您的浏览器没有保存本站的 Cookie" in page and "请再点一次" not in page


def test_an_htmx_post_with_a_stale_token_gets_a_fresh_one_that_works(app, hx, world):
    sign_in(hx, world.inspector)
    stale = app.test_client().csrf_token()  # a token of another session: what a tab open before a re-login holds
    refused = hx.post("/logout", csrf=False, headers={"X-CSRFToken": stale})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "页面的安全校验码已失效" in body and "请再提交一次" in body
    assert "<html" not in body and hx.get("/").status_code == 200  # still logged in: nothing happened
    retry = hx.post("/logout", csrf=False, headers={"X-CSRFToken": refused.headers["X-CSRF-Token"]})
    assert retry.status_code in (204, 303) and hx.get("/").status_code in (302, 401)


def test_a_full_page_post_with_a_missing_token_says_what_to_do(client, world):
    sign_in(client, world.inspector)
    response = client.post("/logout", csrf=False)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "提交中缺少安全校验码" in body and "请返回上一页并刷新后重新提交" in body


# --- the residents' form ------------------------------------------------------------------------------------

def test_the_resident_form_passes_over_https_without_referer(client, world):
    """The old loop: every "再点一次提交" was refused again for the missing Referer."""
    response = client.post(f"/r/{world.neighborhood_a.public_token}", data=form(), **HTTPS)
    assert response.status_code == 303 and report_count() == 1


def test_the_resident_form_from_another_site_is_refused(client, world):
    response = client.post(f"/r/{world.neighborhood_a.public_token}", data=form(),
                           headers={"Origin": "https://evil.example"}, **HTTPS)
    assert response.status_code == 400 and "该请求来自其他网站" in response.get_data(as_text=True)
    assert report_count() == 0


def test_the_resident_form_without_token_retries_with_the_new_one(app, world):
    resident = app.test_client()
    url = f"/r/{world.neighborhood_a.public_token}"
    resident.get(url)
    refused = resident.post(url, data=form(description="楼道灯坏了一周"), csrf=False, **HTTPS)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "提交中缺少安全校验码" in page and "楼道灯坏了一周" in page
    assert 'name="csrf_retry" value="1"' in page and refused.headers["X-CSRF-Token"]
    retry = resident.post(url, data=form(description="楼道灯坏了一周", csrf_token=token_in(page), csrf_retry="1"),
                          csrf=False, **HTTPS)
    assert retry.status_code == 303 and report_count() == 1


def test_the_resident_form_without_cookies_ends_with_the_reason(app, world):
    resident = app.test_client(use_cookies=False)
    url = f"/r/{world.neighborhood_a.public_token}"
    token = token_in(resident.get(url).text)
    first = resident.post(url, data=form(csrf_token=token), csrf=False).get_data(as_text=True)
    assert "浏览器中的会话已不存在" in first and "请再点一次" in first
    second = resident.post(url, data=form(csrf_token=token_in(first), csrf_retry="1"), csrf=False)
    body = second.get_data(as_text=True)
    assert second.status_code == 400 and "没有保存本站的 Cookie" in body and "请再点一次" not in body


@pytest.mark.parametrize("content", [b"", b"<html>not a photo</html>", b"\xff\xd8\xff\xe0" + b"\0" * 100])
def test_a_refused_photo_is_explained_once(client, world, content):
    response = post_report(client, world.neighborhood_a, [("门口.jpg", content)])
    body = response.get_data(as_text=True)
    assert response.status_code in (413, 422), body[:2000]
    photo_line = re.search(r'<p class="error" id="err-photos">(.*?)</p>', body, re.S).group(1)
    assert photo_line.count("重新选择") == 1 and body.count("所选照片") <= 1
    assert "。。" not in photo_line and "门口.jpg" in photo_line
    assert report_count() == 0


def test_a_file_names_bidi_controls_are_not_echoed(client, world):
    name = "evil\u202egpj.exe\u2066\u200f.jpg"
    response = post_report(client, world.neighborhood_a, [(name, b"<html>x</html>")])
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "evilgpj.exe.jpg" in body
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f]", body)
