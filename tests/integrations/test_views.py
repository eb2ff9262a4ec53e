"""The admin's integrations page: a token shown once and kept hashed, its area and access, revoked at once."""

from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.integrations import rules
from inspect_app.integrations.models import Integration
from tests.api.helpers import bearer


def _token(page: str) -> str:
    start = page.index(rules.TOKEN_PREFIX, page.index('id="new-token"'))
    return page[start:page.index("<", start)]


def test_the_admin_creates_a_token_shown_once_then_revokes_it(client, login, world):
    login(world.admin)
    response = client.post("/admin/integrations", data={"name": "12345 热线", "area": "学府街社区",
                                                         "access": "write"})
    assert response.status_code == 201
    raw = _token(response.get_data(as_text=True))
    integration = db.session.scalars(select(Integration)).one()
    assert integration.token_hash == rules.token_hash(raw) and raw not in integration.token_hash
    assert integration.account.community.name == "学府街社区" and integration.can_write
    assert not integration.account.is_enabled and not integration.account.check_password(raw)
    listing = client.get("/admin/integrations").get_data(as_text=True)
    assert raw not in listing and integration.token_hint in listing and "学府街社区" in listing
    assert client.get("/api/v1/findings", headers=bearer(raw)).status_code == 200
    assert client.post(f"/admin/integrations/{integration.id}/revoke").status_code == 303
    assert client.get("/api/v1/findings", headers=bearer(raw)).status_code == 401


def test_a_bad_area_or_a_taken_name_is_said_and_what_was_typed_kept(client, login, world):
    login(world.admin)
    response = client.post("/admin/integrations", data={"name": "数字城管", "area": "火星社区", "access": "read"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "找不到片区：火星社区" in page and 'value="数字城管"' in page
    assert client.post("/admin/integrations", data={"name": "数字城管", "access": "read"}).status_code == 201
    again = client.post("/admin/integrations", data={"name": "数字城管", "access": "read"})
    assert again.status_code == 422 and "已有同名的对接系统" in again.get_data(as_text=True)


def test_a_webhook_subscription_shows_its_secret_once(client, login, world):
    login(world.admin)
    client.post("/admin/integrations", data={"name": "数字城管", "access": "read"})
    integration = db.session.scalars(select(Integration)).one()
    response = client.post(f"/admin/integrations/{integration.id}/webhooks",
                           data={"url": "https://example.cn/hook", "events": ["finding.created", "order.issued"]})
    assert response.status_code == 201 and 'id="new-secret"' in response.get_data(as_text=True)
    assert "https://example.cn/hook" in client.get("/admin/integrations").get_data(as_text=True)
    bad = client.post(f"/admin/integrations/{integration.id}/webhooks", data={"url": "ftp://x", "events": []})
    assert bad.status_code == 422 and "http://" in bad.get_data(as_text=True)
