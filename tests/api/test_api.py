"""The JSON API: tokens (area, read or read-write, revoked at once), no cookie on the API, no token on the pages,
the ledger's filters, a 12345 ticket created and followed, the timeline under the integration's name."""

from sqlalchemy import select

from inspect_app.findings.models import Finding, StateChange
from inspect_app.integrations import services as integrations
from inspect_app.integrations.models import Integration
from tests import factories
from tests.api.helpers import bearer, far_finding, token
from tests.orders.helpers import issued_order


def test_a_token_of_one_area_cannot_read_another_area_s_findings(client, world):
    near = factories.finding(world.neighborhood_a, title="学府街的问题")
    far = far_finding(world)
    headers = bearer(token("学府街对接", area="学府街社区"))
    listed = client.get("/api/v1/findings", headers=headers).get_json()
    assert [item["id"] for item in listed["items"]] == [near.id] and listed["total"] == 1
    assert client.get(f"/api/v1/findings/{near.id}", headers=headers).status_code == 200
    response = client.get(f"/api/v1/findings/{far.id}", headers=headers)
    assert response.status_code == 404 and response.get_json()["code"] == 404
    assert client.get(f"/api/v1/findings/{far.id}/history", headers=headers).status_code == 404
    assert client.get(f"/api/v1/neighborhoods/{far.neighborhood_id}", headers=headers).status_code == 404
    district = bearer(token("全区对接"))
    assert client.get(f"/api/v1/findings/{far.id}", headers=district).status_code == 200


def test_a_read_token_cannot_write(client, world):
    headers = bearer(token("只读", access="read"))
    response = client.post("/api/v1/findings", headers=headers, json={
        "neighborhood_id": world.neighborhood_a.id, "category_code": "H", "title": "路灯不亮"})
    assert response.status_code == 403 and response.is_json
    assert client.application and not list(factories.db.session.scalars(select(Finding)))


def test_a_revoked_token_is_refused_at_once(client, world):
    raw = token("将被撤销")
    assert client.get("/api/v1/findings", headers=bearer(raw)).status_code == 200
    integrations.revoke(factories.db.session.scalars(select(Integration)).one())
    response = client.get("/api/v1/findings", headers=bearer(raw))
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_cannot_call_the_api(client, login, world):
    login(world.admin)
    assert client.get("/").status_code == 200  # the cookie works on the pages
    for method, path in (("GET", "/api/v1/findings"), ("POST", "/api/v1/findings"), ("GET", "/api/v1/orders")):
        response = client.open(path, method=method, json={})
        assert response.status_code == 401 and response.get_json()["status"] == "Unauthorized"
    assert client.get("/api/v1/findings", headers={"Authorization": "Bearer ia_wrong"}).status_code == 401


def test_a_token_on_a_page_does_nothing(client, world):
    headers = bearer(token("页面"))
    response = client.get("/ledger", headers=headers)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/admin/integrations", headers=headers).status_code == 302


def test_a_12345_ticket_is_created_searchable_and_followed_under_the_integration_s_name(client, login, world):
    headers = bearer(token("12345 热线", area="学府街社区", access="write"))
    ticket = {"neighborhood_id": world.neighborhood_a.id, "category_code": "H", "title": "楼道堆放杂物",
              "description": "居民来电反映", "external_ref": "ZJK12345-2026-0001"}
    response = client.post("/api/v1/findings", headers=headers, json=ticket)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert created["external_ref"] == "ZJK12345-2026-0001" and created["state"] == "open"
    assert created["history"][0]["by"] == "12345 热线"
    again = client.post("/api/v1/findings", headers=headers, json=ticket)
    assert again.status_code == 200 and again.get_json()["id"] == created["id"]  # the same ticket: one finding
    found = client.get("/api/v1/findings?q=ZJK12345-2026-0001", headers=headers).get_json()
    assert [item["id"] for item in found["items"]] == [created["id"]]
    change = factories.db.session.scalars(select(StateChange).where(StateChange.subject_id == created["id"])).one()
    assert change.actor.display_name == "12345 热线"
    login(world.inspector)
    ledger = client.get("/ledger?q=ZJK12345-2026-0001").get_data(as_text=True)
    assert "楼道堆放杂物" in ledger


def test_a_ticket_for_a_neighbourhood_outside_the_area_is_refused(client, world):
    far = far_finding(world)
    headers = bearer(token("学府街写", area="学府街社区", access="write"))
    response = client.post("/api/v1/findings", headers=headers, json={
        "neighborhood_id": far.neighborhood_id, "category_code": "H", "title": "越界"})
    assert response.status_code == 422 and "neighborhood" in response.get_json()["message"]


def test_the_ledger_s_filters_and_paging(client, world):
    for n in range(3):
        factories.finding(world.neighborhood_a, title=f"问题{n}")
    factories.finding(world.neighborhood_b, title="另一家的问题", category_code="Q")
    headers = bearer(token("筛选"))
    page = client.get("/api/v1/findings?per_page=2&page=2", headers=headers).get_json()
    assert page["total"] == 4 and page["pages"] == 2 and len(page["items"]) == 2
    by_company = client.get(f"/api/v1/findings?company={world.company_b.id}", headers=headers).get_json()
    assert [item["title"] for item in by_company["items"]] == ["另一家的问题"]
    assert client.get("/api/v1/findings?category=Q", headers=headers).get_json()["total"] == 1
    bad = client.get("/api/v1/findings?since=yesterday", headers=headers)
    assert bad.status_code == 422 and bad.is_json


def test_an_order_with_its_pdf_link_and_the_finding_s_progress(client, world, monkeypatch):
    from inspect_app.api import finding_views

    monkeypatch.setattr(finding_views, "ensure_order_pdf", lambda order: b"%PDF-1.7 stub")
    order = issued_order(world)
    headers = bearer(token("通知书"))
    listed = client.get("/api/v1/orders", headers=headers).get_json()
    assert [item["number"] for item in listed["items"]] == [order.number]
    detail = client.get(f"/api/v1/orders/{order.id}", headers=headers).get_json()
    assert len(detail["lines"]) == 2 and detail["pdf_url"].endswith(f"/api/v1/orders/{order.id}/pdf")
    pdf = client.get(f"/api/v1/orders/{order.id}/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    finding = client.get(f"/api/v1/findings/{detail['lines'][0]['finding_id']}", headers=headers).get_json()
    assert finding["state"] == "ordered" and finding["order"]["number"] == order.number
    assert [change["to_state"] for change in finding["history"]][-1] == "ordered"


def test_the_openapi_document_is_generated_and_public(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/findings", "/api/v1/findings/{finding_id}", "/api/v1/orders/{order_id}/pdf",
            "/api/v1/rankings/{code}", "/api/v1/inspections"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_last_use_is_recorded_and_the_rate_limit_counts_per_token(app, client, world):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    raw, other = token("限流"), token("另一个")
    for _ in range(3):
        assert client.get("/api/v1/companies", headers=bearer(raw)).status_code == 200
    limited = client.get("/api/v1/companies", headers=bearer(raw))
    assert limited.status_code == 429 and limited.is_json
    assert client.get("/api/v1/companies", headers=bearer(other)).status_code == 200
    used = factories.db.session.scalars(select(Integration).where(Integration.name == "限流")).one()
    assert used.last_used_at is not None


def test_errors_are_json_with_their_status(client, world):
    headers = bearer(token("错误"))
    for method, path in (("GET", "/api/v1/nothing"), ("DELETE", "/api/v1/findings"), ("POST", "/api/v1/x/y")):
        response = client.open(path, method=method, headers=headers)
        assert response.status_code == 404 and response.get_json()["code"] == 404, (method, path)
    invalid = client.post("/api/v1/findings", headers=bearer(token("写", access="write")), json={"title": 5})
    assert invalid.status_code == 422 and "neighborhood_id" in invalid.get_json()["errors"]["json"]
    foreign = client.post("/api/v1/findings", headers=headers | {"Origin": "https://evil.example"}, json={})
    assert foreign.status_code in (400, 401) and foreign.is_json


def test_a_ticket_number_with_control_characters_is_kept_without_them(client, world):
    headers = bearer(token("12345 热线", area="学府街社区", access="write"))
    ticket = {"neighborhood_id": world.neighborhood_a.id, "category_code": "H", "title": "楼道\u0000堆放杂物",
              "description": "居民\u0000来电\n反映", "external_ref": "ZJK\u0000-0002\u0001"}
    response = client.post("/api/v1/findings", headers=headers, json=ticket)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert (created["external_ref"], created["title"], created["description"]) == ("ZJK-0002", "楼道堆放杂物",
                                                                                 "居民来电\n反映")
    # a NUL in a query string is refused before any view, as on every page (core/request_input.py)
    assert client.get("/api/v1/findings?q=ZJK%00-0002", headers=headers).status_code == 400
    found = client.get("/api/v1/findings?q=ZJK-0002", headers=headers).get_json()
    assert [item["id"] for item in found["items"]] == [response.get_json()["id"]]
