"""schemathesis against the served OpenAPI document (the WSGI app in-process, a read-write token): every
operation, a few generated requests each, no 500 and every response as the document says. Bounded: ≤ ~60 s."""

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from inspect_app.api import finding_views
from tests import factories
from tests.api.helpers import bearer, far_finding, token
from tests.orders.helpers import issued_order

MAX_EXAMPLES = 15
BUDGET_SECONDS = 60


@pytest.fixture
def scene(app, world, monkeypatch):
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    monkeypatch.setattr(finding_views, "ensure_order_pdf", lambda order: b"%PDF-1.7 stub")  # PDFs tested elsewhere
    issued_order(world)
    factories.finding(world.neighborhood_b, title="另一家的问题", external_ref="ZJK-1")
    far_finding(world)
    return bearer(token("schemathesis", access="write"))


def test_the_api_answers_every_generated_request_by_its_document(app, scene):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checks = [not_a_server_error, content_type_conformance, response_schema_conformance]
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    calls = 0
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=2000, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal calls
            calls += 1
            case.call_and_validate(headers=scene, checks=checks)

        run()
    took = time.monotonic() - started
    assert calls >= len(operations) and took < BUDGET_SECONDS, f"{calls} calls in {took:.1f} s"
