"""Odd input never makes a 500: ids beyond the database's range, extreme dates, NUL bytes in paths and queries."""

from __future__ import annotations

import re

import pytest

from inspect_app.core.db import db
from tests.security.helpers import sign_in

# 2^31 is the first id PostgreSQL's integer cannot hold, 2^63 the first SQLite cannot; 10^30 fits neither.
TOO_BIG = [2**31, 2**63, 10**30]
_INT = re.compile(r"<int:[a-z_]+>")
_OTHER = re.compile(r"<(?:[a-z]+:)?[a-z_]+>")


def int_routes(app) -> list[tuple[str, str]]:
    """(method, rule) of every route with an integer in its path."""
    return [(method, rule.rule) for rule in app.url_map.iter_rules() if "<int:" in rule.rule
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


@pytest.mark.parametrize("number", TOO_BIG)
def test_ids_beyond_the_database_range_are_404_on_every_route(app, client, world, number):
    sign_in(client, world.admin)
    for method, rule in int_routes(app):
        path = _OTHER.sub("x", _INT.sub(str(number), rule))
        response = client.open(path, method=method)
        # 405 where the same path takes another method: a path that matches nothing for any method is 404
        assert response.status_code in (404, 405), (method, path, response.status_code)
        message = "找不到该页面或记录" if response.status_code == 404 else "不支持该操作"
        assert message in response.get_data(as_text=True)
        db.session.rollback()


@pytest.mark.parametrize("number", TOO_BIG)
def test_ids_beyond_the_range_in_a_query_are_ignored(client, world, number):
    sign_in(client, world.inspector)
    for path in (f"/?community={number}", f"/neighborhoods/search?community={number}", f"/ledger?company={number}",
                 f"/orders/new?neighborhood={number}", f"/reports/triage?page={number}"):
        assert client.get(path).status_code in (200, 404), path


@pytest.mark.parametrize("query", ["since=0001-01-01", "until=9999-12-31", "since=0001-01-01&until=9999-12-31",
                                   "until=0001-01-01", "since=9999-12-31"])
def test_extreme_dates_in_the_ledger_are_refused_with_a_message(client, world, query):
    sign_in(client, world.inspector)
    page = client.get(f"/ledger?{query}")
    assert page.status_code == 200
    assert "超出范围：日期须在 2000-01-01 至 2099-12-31 之间" in page.get_data(as_text=True)
    for export in ("/ledger/export.csv", "/ledger/export.xlsx"):
        assert client.get(f"{export}?{query}").status_code == 200, export


@pytest.mark.parametrize("path", ["/r/%00", "/ranking/%00", "/ranking/%00.pdf", "/ranking/a%00b/companies/1",
                                  "/assessment/%00", "/r/status/%00", "/photos/1/%00", "/static/%00"])
def test_a_nul_byte_in_a_path_is_404(client, world, path):
    sign_in(client, world.admin)
    response = client.get(path)
    assert response.status_code == 404
    assert "找不到该页面或记录" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/neighborhoods/search?q=%00", "/?q=a%00", "/r/status?code=%00",
                                  "/reports/triage?status=%00", "/ledger?state=%00", "/login?next=%00"])
def test_a_nul_byte_in_a_query_is_400_with_a_message(client, world, path):
    sign_in(client, world.inspector)
    response = client.get(path)
    assert response.status_code == 400
    assert "请求中含有无效字符" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_form_field_is_400_and_changes_nothing(client, world):
    response = client.post("/login", data={"username": "inspector1\x00", "password": "password123"})
    assert response.status_code == 400
    assert "请求中含有无效字符" in response.get_data(as_text=True)
    response = client.post("/login", data={"username": "inspector1", "password": "password123", "next": "\x00/"})
    assert response.status_code == 400 and "Location" not in response.headers
    assert client.get("/").status_code == 302  # not logged in
    assert client.post("/lang/%00").status_code == 404
