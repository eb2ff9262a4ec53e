"""Each role's home page, company scoping, health check, language and error pages."""

import pytest

from tests import factories


@pytest.mark.parametrize("who,expected", [
    ("inspector", "输入小区名称搜索"), ("supervisor", "输入小区名称搜索"),
    ("company_user_a", "待整改问题"), ("admin", "系统管理"),
])
def test_each_role_reaches_its_home(client, world, login, who, expected):
    login(getattr(world, who))
    response = client.get("/")
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)


def test_company_sees_only_its_own_findings(client, world, login):
    own = factories.finding(world.neighborhood_a, title="本公司问题", state="ordered")
    other = factories.finding(world.neighborhood_b, title="他公司问题", state="ordered")
    login(world.company_user_a)
    home = client.get("/").get_data(as_text=True)
    assert "本公司问题" in home and "他公司问题" not in home
    assert client.get(f"/findings/{own.id}").status_code == 200
    assert client.get(f"/findings/{other.id}").status_code == 404


def test_staff_see_any_finding(client, world, login):
    other = factories.finding(world.neighborhood_b, title="他公司问题")
    login(world.supervisor)
    assert "他公司问题" in client.get(f"/findings/{other.id}").get_data(as_text=True)


def test_neighbourhood_search_returns_a_partial_for_htmx(hx, client, world, login):
    login(world.inspector, to=hx)
    partial = hx.get("/neighborhoods/search?q=枫墅")
    body = partial.get_data(as_text=True)
    assert partial.status_code == 200 and "<html" not in body
    assert "枫墅小镇小区" in body and "晟家理想湾小区" not in body
    assert "HX-Request" in partial.headers["Vary"]


def test_neighbourhood_search_without_js_is_a_full_page(client, world, login):
    login(world.inspector)
    page = client.get("/neighborhoods/search?q=晟家").get_data(as_text=True)
    assert "<html" in page and "晟家理想湾小区" in page and "枫墅小镇小区" not in page


def test_company_user_cannot_search_neighbourhoods(client, world, login):
    login(world.company_user_a)
    assert client.get("/neighborhoods/search?q=a").status_code == 403


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_english_is_selectable(client, world, login):
    login(world.inspector)
    client.post("/lang/en")
    assert "Search neighbourhoods" in client.get("/").get_data(as_text=True) or \
        client.get_cookie("lang").value == "en"


def test_error_pages_use_the_layout(client, world, login):
    login(world.inspector)
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "找不到该页面" in page.get_data(as_text=True)
    assert 'class="topbar"' in page.get_data(as_text=True)


def test_large_body_to_a_non_upload_route_is_413(client, world):
    response = client.post("/login", data={"username": "x" * (2 * 1024 * 1024), "password": "y"})
    assert response.status_code == 413


def test_security_headers(client):
    headers = client.get("/login").headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
