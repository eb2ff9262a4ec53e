"""Webhooks: a receiver on 127.0.0.1 gets one signed delivery per event (created, issued, state changed, closed),
verifies the signature, and one that fails twice gets the event on the third try; every attempt is logged."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from inspect_app.core import queue
from inspect_app.core.db import db
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.findings.services import move_finding
from inspect_app.integrations import rules
from inspect_app.integrations import services as integrations
from inspect_app.integrations.models import Integration, WebhookAttempt, WebhookDelivery
from inspect_app.orders import followup
from tests import factories
from tests.api.helpers import bearer, far_finding, token
from tests.orders.helpers import followed_up, issued_order


class Receiver:
    """An HTTP server on loopback that keeps what it is sent; the first `failures` posts answer 500."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(500)
                else:
                    receiver.received.append((dict(self.headers), body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def events(self, secret: str) -> list[dict]:
        """Every body received, each after checking its signature with the subscription's secret."""
        shown = []
        for headers, body in self.received:
            assert rules.signature_matches(body, secret, headers[rules.SIGNATURE_HEADER]), headers
            shown.append(json.loads(body))
        return shown


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(failures: int = 0) -> Receiver:
        made.append(Receiver(failures))
        return made[-1]

    yield make
    for server in made:
        server.stop()


def drain_until(predicate, timeout: float = 20.0) -> bool:
    """Run the queue here as the worker would (retries once their back-off has passed) until predicate holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queue.drain()
        db.session.expire_all()
        if predicate():
            return True
        time.sleep(0.05)
    return False


def subscribed(url: str, *, area: str = "", access: str = "write") -> tuple[str, str]:
    raw = token("12345 热线", area=area, access=access)
    integration = db.session.scalars(select(Integration)).one()
    _subscription, secret = integrations.subscribe(integration, url, list(rules_events()))
    return raw, secret


def rules_events() -> tuple[str, ...]:
    from inspect_app.core import events

    return events.EVENTS


def test_one_signed_delivery_per_event(app, client, world, receiver):
    server = receiver()
    raw, secret = subscribed(server.url)
    created = client.post("/api/v1/findings", headers=bearer(raw), json={
        "neighborhood_id": world.neighborhood_a.id, "category_code": "H", "title": "电梯停运",
        "external_ref": "ZJK12345-9"}).get_json()
    order = issued_order(world, n=1)
    finding = order.lines[0].finding
    followed_up(world, order, ["passed"])
    followup.close_finding(order, finding, actor=world.supervisor)
    assert drain_until(lambda: len(server.received) == 5)
    got = sorted((body["event"], (body.get("finding") or body.get("order"))["id"]) for body in server.events(secret))
    assert got == sorted([("finding.created", created["id"]), ("order.issued", order.id),
                          ("finding.state_changed", finding.id), ("finding.state_changed", finding.id),
                          ("finding.closed", finding.id)])
    closed = next(body for body in server.events(secret) if body["event"] == "finding.closed")
    assert closed["finding"]["state"] == "closed" and closed["finding"]["from_state"] == "ordered"
    assert {headers["X-Inspect-Event"] for headers, _body in server.received} == set(rules_events())
    assert all(d.status == rules.DeliveryStatus.DELIVERED for d in db.session.scalars(select(WebhookDelivery)))


def test_a_receiver_that_fails_twice_gets_the_event_on_the_third_try(app, world, receiver, login, client):
    app.config["WEBHOOK_RETRY_BASE_SECONDS"] = 0.05
    server = receiver(failures=2)
    _raw, secret = subscribed(server.url)
    order = issued_order(world, n=1)
    assert drain_until(lambda: len(server.received) == 2)  # order.issued and its finding's move, each at last
    delivery = db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.event == "order.issued")).one()
    assert delivery.status == rules.DeliveryStatus.DELIVERED
    codes = [a.status_code for a in db.session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id))]
    assert codes == [500, 500, 204, 204]  # the first two posts failed (whichever delivery), then both arrived
    assert {body["event"] for body in server.events(secret)} == {"order.issued", "finding.state_changed"}
    assert sum(d.attempts for d in db.session.scalars(select(WebhookDelivery))) == 4
    login(world.admin)
    page = client.get("/admin/integrations/deliveries").get_data(as_text=True)
    assert order.number is not None and "order.issued" in page and "500" in page and "HTTP 500" in page


def test_events_outside_the_integration_s_area_are_not_sent(app, world, receiver):
    server = receiver()
    subscribed(server.url, area="学府街社区")
    far = far_finding(world)
    from inspect_app.orders import services as orders

    orders.issue_order(orders.draft_order(far.neighborhood, [far.id], actor=world.inspector), actor=world.inspector)
    queue.drain()
    assert server.received == [] and db.session.scalars(select(WebhookDelivery)).all() == []


def test_a_revoked_integration_gets_nothing(app, world, receiver):
    server = receiver()
    subscribed(server.url)
    integrations.revoke(db.session.scalars(select(Integration)).one())
    issued_order(world, n=1)
    queue.drain()
    assert server.received == []


def test_a_move_rolled_back_sends_nothing(app, world, receiver):
    server = receiver()
    subscribed(server.url)
    finding = factories.finding(world.neighborhood_a)
    move_finding(finding, FindingState.ORDERED, by=FindingMove.ISSUE, actor=world.inspector)
    db.session.rollback()
    db.session.commit()  # a later commit does not send what was rolled back
    queue.drain()
    assert server.received == [] and db.session.scalars(select(WebhookDelivery)).all() == []


def test_the_signature_is_the_hmac_of_the_exact_body():
    body = b'{"event": "finding.created"}'
    header = rules.signature(body, "s3cret")
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert rules.signature_matches(body, "s3cret", header)
    assert not rules.signature_matches(body + b" ", "s3cret", header)
    assert not rules.signature_matches(body, "other", header)
