"""Audit log lines carry the request id and the user, and never a password, a token or a phone number."""

import logging
import re
from io import BytesIO

import pytest

from inspect_app.core import audit
from inspect_app.inspections import services
from tests.inspections.helpers import items

PASSWORD = "Sekr1t-Passw0rd!"
FORGED_TOKEN = "ImZvcmdlZC1jc3JmLXRva2VuIg.forged.signature"
PHONE_NAME = "13812345678.jpg"
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def audit_log(caplog):
    caplog.handler.setFormatter(audit.formatter())  # the format the server's log uses
    caplog.set_level(logging.INFO, logger="inspect_app")
    return caplog


def lines(caplog, text: str) -> list[str]:
    return [line for line in caplog.text.splitlines() if text in line]


def test_failed_login_csrf_failure_and_refused_upload_are_logged_without_secrets(app, client, world, login,
                                                                               audit_log):
    response = client.post("/login", data={"username": world.inspector.username, "password": PASSWORD},
                           headers={"X-Request-ID": "req-login-0001"})
    assert response.status_code == 422
    assert lines(audit_log, "failed login") and "req=req-login-0001 user=-" in lines(audit_log, "failed login")[0]

    login(world.inspector)
    patrol = services.start_patrol(world.neighborhood_a, actor=world.inspector)
    item = items(patrol)["H2"]
    response = client.post(f"/inspections/{patrol.id}/items/{item.id}", data={"outcome": "pass"}, csrf=False,
                           headers={"X-CSRFToken": FORGED_TOKEN, "X-Request-ID": "req-csrf-0002"})
    assert response.status_code == 400
    user = f"user={world.inspector.id}"
    assert f"req=req-csrf-0002 {user}" in lines(audit_log, "csrf failure")[0]

    response = client.post(f"/inspections/{patrol.id}/items/{item.id}/photos",
                           data={"photos": (BytesIO(b"<html>not a photo</html>"), PHONE_NAME)},
                           headers={"X-Request-ID": "req-upload-0003"})
    assert response.status_code == 422
    assert f"req=req-upload-0003 {user}" in lines(audit_log, "upload refused")[0]

    session_cookie = client.get_cookie("session").value
    for secret in (PASSWORD, FORGED_TOKEN, client.csrf_token(), session_cookie):
        assert secret not in audit_log.text
    assert not PHONE.search(audit_log.text), audit_log.text


def test_request_id_is_echoed_or_generated_when_missing_or_insane(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c2e"}).headers["X-Request-ID"] == "lb-7f3a9c2e"
    for bad in ("short", "x" * 65, "id with spaces", "id\x1binjected", "<script>alert(1)</script>"):
        echoed = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert echoed != bad and re.fullmatch(r"[0-9a-f]{32}", echoed)
    first, second = (client.get("/healthz").headers["X-Request-ID"] for _ in range(2))
    assert first != second


def test_denied_access_is_logged_at_info_with_the_user(client, world, login, audit_log):
    patrol = services.start_patrol(world.neighborhood_a, actor=world.inspector)
    login(world.company_user_b)
    response = client.get(f"/inspections/{patrol.id}", headers={"X-Request-ID": "req-denied-0004"})
    assert response.status_code == 404
    [line] = lines(audit_log, "not found status=404")
    assert f"req=req-denied-0004 user={world.company_user_b.id}" in line
    assert f"endpoint=inspections.detail inspection_id={patrol.id}" in line and line.startswith("[")


def test_phone_numbers_typed_into_a_logged_field_are_redacted(client, audit_log):
    client.post("/login", data={"username": "138-1234-5678", "password": PASSWORD})
    client.post("/login", data={"username": "+86 13912345678", "password": PASSWORD})
    client.post("/login", data={"username": "0313-5551234", "password": PASSWORD})
    logged = lines(audit_log, "failed login")
    assert len(logged) == 3 and all("[phone]" in line for line in logged)
    assert "1234-5678" not in audit_log.text and "13912345678" not in audit_log.text
    assert "5551234" not in audit_log.text


def test_log_lines_outside_a_request_have_placeholders(app, audit_log):
    app.logger.warning("from a command")
    assert "[req=- user=-] from a command" in audit_log.text
