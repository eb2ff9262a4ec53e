"""Login, session and CSRF: where login sends you, cookies, fixation, old tokens, moving phones, rate limits."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from inspect_app import create_app
from inspect_app.auth import services as auth
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.extensions import login_manager
from inspect_app.inspections import services as patrols
from inspect_app.inspections.models import ItemResult
from tests.conftest import CsrfClient
from tests.core.test_production import GOOD
from tests.inspections.helpers import items
from tests.security.helpers import sign_in

CREDENTIALS = {"username": "inspector1", "password": "password123"}


@pytest.mark.parametrize("target", [
    "https://evil.example/", "///evil.example", "/\t/evil.example", "/\n/evil.example", " //evil.example",
    "\\\\evil.example", "/\\/evil.example", "http:/evil.example", "JaVaScRiPt:alert(1)", "data:text/html,x",
    "//evil.example@example.com", "https:\\\\evil.example", "\u3000//evil.example",
])
def test_login_never_sends_you_off_site(client, world, target):
    response = client.post("/login", data={**CREDENTIALS, "next": target})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_next_is_carried_through_the_login_page_escaped(client, world):
    page = client.get('/login?next=/orders"><script>x</script>').get_data(as_text=True)
    assert "<script>x" not in page and "&#34;&gt;&lt;script&gt;" in page


def test_new_passwords_are_hashed_with_scrypt(world):
    user = auth.create_user("newbie", role=Role.INSPECTOR, password="a-long-password")
    assert user.password_hash.startswith("scrypt:") and "a-long-password" not in user.password_hash
    user.set_password("another-password")
    assert user.password_hash.startswith("scrypt:") and user.check_password("another-password")


def test_session_and_remember_cookies_are_httponly_and_lax(client, world):
    response = client.post("/login", data={**CREDENTIALS, "remember": "y"})
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], cookies[name]
        assert "Secure" not in cookies[name]  # development over plain http; production below


def test_production_cookies_are_secure(database_url, world):
    app = create_app({**GOOD, "TESTING": True, "DATABASE_URL": database_url})
    app.test_client_class = CsrfClient
    with app.app_context():
        response = app.test_client().post("/login", data={**CREDENTIALS, "remember": "y"})
        db.session.remove()
        db.engine.dispose()
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert response.status_code == 303
    for name in ("session", "remember_token"):
        assert "Secure" in cookies[name] and "HttpOnly" in cookies[name], cookies[name]


def test_login_starts_a_fresh_session(client, world):
    stale_token = client.csrf_token()
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
        sess["lang"] = "en"
    client.post("/login", data=CREDENTIALS)
    with client.session_transaction() as sess:
        assert "planted" not in sess and sess["lang"] == "en"  # the language choice is all that is kept
        assert sess["_user_id"].startswith(f"{world.inspector.id}:")
    response = client.post("/logout", headers={"X-CSRFToken": stale_token}, csrf=False)
    assert response.status_code == 400  # the token from before the login died with that session
    assert client.post("/logout", headers={"X-CSRFToken": client.csrf_token()}, csrf=False).status_code == 303


def test_a_remember_cookie_dies_with_a_password_change(client, world):
    client.post("/login", data={**CREDENTIALS, "remember": "y"})
    client.delete_cookie("session")
    assert client.get("/").status_code == 200  # the remember cookie logs the phone back in
    world.inspector.set_password("changed-password")
    db.session.commit()
    client.delete_cookie("session")
    assert client.get("/").status_code == 302


@pytest.fixture
def autosave(app, world):
    patrol = patrols.start_patrol(world.neighborhood_a, actor=world.inspector)
    return f"/inspections/{patrol.id}/items/{items(patrol)['H1'].id}"


@pytest.mark.parametrize("token", [None, "forged", "ImFiYyI.abc.def"])
def test_an_htmx_post_without_a_valid_csrf_token_is_400_inline(hx, world, autosave, token):
    sign_in(hx, world.inspector)
    response = hx.post(autosave, data={"outcome": "pass"}, csrf=False,
                       headers={"X-CSRFToken": token} if token else {})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and 'role="alert"' in body and "<html" not in body
    assert "安全校验码" in body and "已为您更新安全校验码，请再提交一次" in body
    assert response.headers["X-CSRF-Token"]  # the page's script puts it in the page: the next try passes
    assert db.session.scalar(select(ItemResult.id)) is None


def old_token(app, hours: float) -> tuple[str, str]:
    """A CSRF token signed `hours` ago, and the session value it belongs to."""
    raw = "0123456789abcdef0123456789abcdef01234567"

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - hours * 3600)

    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=Then).dumps(raw), raw


def test_a_patrol_longer_than_an_hour_keeps_its_csrf_token(app, hx, world, autosave):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    token, raw = old_token(app, hours=5)
    sign_in(hx, world.inspector)
    with hx.session_transaction() as sess:
        sess["csrf_token"] = raw
    post = {"data": {"outcome": "pass"}, "headers": {"X-CSRFToken": token}, "csrf": False}
    assert hx.post(autosave, **post).status_code == 200
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600  # what Flask-WTF would do by default: the same token is refused
    assert hx.post(autosave, **post).status_code == 400


@pytest.mark.parametrize("mode,status", [("basic", 200), ("strong", 302)])
def test_moving_from_wifi_to_4g_keeps_the_inspector_logged_in(client, world, monkeypatch, mode, status):
    assert login_manager.session_protection == "basic"
    client.post("/login", data=CREDENTIALS, environ_base={"REMOTE_ADDR": "192.168.1.20"},
                headers={"User-Agent": "Phone/1.0 WiFi"})
    monkeypatch.setattr(login_manager, "session_protection", mode)  # "strong" shows the test can tell
    moved = client.get("/", environ_base={"REMOTE_ADDR": "10.64.7.9"}, headers={"User-Agent": "Phone/1.0 4G"})
    assert moved.status_code == status


def test_the_referrer_policy_keeps_csrf_working_over_https(client, world):
    """The policy sends a same-origin Referer (checked when present); a post without one passes on its token."""
    policy = client.get("/login").headers["Referrer-Policy"]
    assert policy in ("same-origin", "strict-origin", "strict-origin-when-cross-origin", "origin")
    https = {"base_url": "https://localhost"}
    response = client.post("/login", data=CREDENTIALS, headers={"Referer": "https://localhost/login"}, **https)
    assert response.status_code == 303


def test_rate_limited_logins_recover_and_good_logins_are_not_counted(app, client, world):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per 2 second"
    assert all(client.post("/login", data=CREDENTIALS).status_code == 303 for _ in range(5))
    wrong = [client.post("/login", data={**CREDENTIALS, "password": "bad"}).status_code for _ in range(4)]
    assert wrong == [422, 422, 422, 429]
    limited = client.post("/login", data=CREDENTIALS)
    assert limited.status_code == 429 and "登录失败次数过多" in limited.get_data(as_text=True)
    time.sleep(2.1)
    assert client.post("/login", data=CREDENTIALS).status_code == 303

