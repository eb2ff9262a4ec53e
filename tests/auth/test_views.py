"""Login, logout, sessions and the role guard, through the test client."""

import re

import pytest

from inspect_app.auth import lifecycle
from inspect_app.core.db import db
from tests import factories


def test_login_page_renders_in_chinese(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and 'name="username"' in page and 'name="password"' in page


def test_password_is_typed_into_a_password_input(client):
    page = client.get("/login").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="password"[^>]*type="password"', page)
    assert 'type="None"' not in page and 'inputmode="None"' not in page


@pytest.mark.parametrize("username,password", [("inspector1", "wrong-password"), ("nobody", "password123")])
def test_wrong_password_or_unknown_user_gets_the_same_message(client, world, username, password):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 422
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_redirects_home_and_shows_role_page(client, world, login):
    login(world.inspector)
    page = client.get("/").get_data(as_text=True)
    assert "巡查" in page and "枫墅小镇小区" in page


@pytest.mark.parametrize("target", [
    "http://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example", "https:evil.example",
    "/%0d%0aSet-Cookie:x",
])  # a NUL byte in `next` is refused before the login: tests/security/test_odd_input.py
def test_login_next_never_leaves_the_site(client, world, target):
    response = client.post("/login", data={"username": "inspector1", "password": "password123", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "/%0d%0aSet-Cookie:x")


def test_login_next_to_local_path_is_followed(client, world):
    response = client.post("/login", data={"username": "inspector1", "password": "password123",
                                           "next": "/findings/1"})
    assert response.headers["Location"] == "/findings/1"


def test_anonymous_is_sent_to_login_with_next(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_forged_csrf_token_is_refused(client, world):
    response = client.post("/login", data={"username": "inspector1", "password": "password123"},
                           headers={"X-CSRFToken": "forged"})
    assert response.status_code == 400
    assert "安全校验码已失效" in response.get_data(as_text=True)


def test_missing_csrf_token_on_htmx_post_is_refused_inline(hx, world):
    response = hx.post("/login", data={"username": "inspector1", "password": "password123"}, csrf=False)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'role="alert"' in body and "<html" not in body


def test_logout_ends_the_session(client, world, login):
    login(world.supervisor)
    assert client.post("/logout").status_code == 303
    assert client.get("/").status_code == 302


def test_password_change_ends_existing_sessions(client, world, login):
    login(world.inspector)
    world.inspector.set_password("a-new-password")
    db.session.commit()
    assert client.get("/").status_code == 302


def test_deactivated_user_is_logged_out_and_cannot_log_in(client, world, login):
    login(world.inspector)
    lifecycle.set_enabled(world.inspector, False, actor=world.admin)
    assert client.get("/").status_code == 302
    response = client.post("/login", data={"username": "inspector1", "password": "password123"})
    assert response.status_code == 422


def test_repeated_wrong_passwords_are_rate_limited(app, client, world):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per minute"
    statuses = [client.post("/login", data={"username": "inspector1", "password": "bad"}).status_code
                for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    again = client.post("/login", data={"username": "inspector1", "password": "y"}).get_data(as_text=True)
    assert "登录失败次数过多" in again and "1 分钟后再试" in again


def test_session_cookie_flags(client, world):
    response = client.post("/login", data={"username": "inspector1", "password": "password123"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_passwords_are_hashed_with_scrypt(world):
    assert world.inspector.password_hash.startswith("scrypt:")
    assert factories.PASSWORD not in world.inspector.password_hash
