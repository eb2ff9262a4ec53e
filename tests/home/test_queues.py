"""Each role's work queue: every tile counts exactly what the list behind its link shows, and the lists' order."""

import html
import re
from datetime import timedelta

import pytest

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from tests.orders.helpers import followed_up, issued_order, reported_order
from tests.resident_reports.helpers import post_report

TILE = re.compile(r'<a class="tile[^"]*" href="([^"]+)"><b>(\d+)</b><span>([^<]+)</span></a>')


@pytest.fixture
def queues(app, client, world):
    """An order waiting for acknowledgement, a reported one followed up (one finding passed, one failed),
    an overdue one sent back once, and a resident's report waiting for triage."""
    waiting = issued_order(world, 1)
    reported = reported_order(world, 2)
    followed_up(world, reported, ["passed", "failed"])
    late = issued_order(world, 1, neighborhood=world.neighborhood_b)
    past = local_today() - timedelta(days=2)
    late.deadline = late.lines[0].deadline = late.lines[0].finding.deadline = past
    late.lines[0].finding.escalation_count = 1
    db.session.commit()
    assert post_report(client, world.neighborhood_a).status_code == 303
    return {"waiting": waiting, "reported": reported, "late": late}


def _signed_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": "password123"})
    assert response.status_code == 303
    return client


def _tiles(body: str) -> dict[str, tuple[str, int]]:
    return {label: (html.unescape(href), int(count)) for href, count, label in TILE.findall(body)}


def _listed(client, href: str) -> int:
    """How many rows the list at `href` shows, as it says itself (ledger, orders) or by its cards (triage)."""
    body = client.get(href).get_data(as_text=True)
    said = re.search(r"共 (\d+) (?:条|份)", body)
    return int(said.group(1)) if said else body.count('class="card rr-report"')


@pytest.mark.parametrize("who,expected", [
    ("supervisor", {"待销号": 1, "到期待复查": 1, "已反馈": 1, "逾期": 1, "百姓说事": 1, "督办": 0}),
    ("inspector", {"未销号": 4, "逾期": 1, "已反馈待复查": 2, "待销号": 1, "本月销号": 0}),
    ("company_user_a", {"待签收": 1, "已下发整改": 1, "逾期": 0}),
    ("company_user_b", {"待签收": 1, "已下发整改": 1, "逾期": 1}),
])
def test_every_home_tile_counts_what_its_list_shows(app, world, queues, who, expected):
    client = _signed_in(app, getattr(world, who))
    tiles = _tiles(client.get("/").get_data(as_text=True))
    assert {label: count for label, (_href, count) in tiles.items()} == expected
    for label, (href, count) in tiles.items():
        assert _listed(client, href) == count, (label, href)


def test_ledger_tiles_keep_the_place_filter_and_match_their_lists(app, world, queues):
    client = _signed_in(app, world.supervisor)
    body = client.get(f"/ledger?neighborhood={world.neighborhood_a.id}").get_data(as_text=True)
    tiles = _tiles(body)
    assert tiles["未销号"][1] == 3 and tiles["待销号"][1] == 1
    for label, (href, count) in tiles.items():
        assert f"neighborhood={world.neighborhood_a.id}" in href
        assert _listed(client, href) == count, (label, href)


def test_the_to_close_filter_lists_the_finding_whose_follow_up_passed(app, world, queues):
    client = _signed_in(app, world.supervisor)
    body = client.get("/ledger?state=to_close").get_data(as_text=True)
    passed, failed = (line.finding for line in queues["reported"].lines)
    assert f'id="finding-{passed.id}"' in body and f'id="finding-{failed.id}"' not in body
    assert '<option value="to_close" selected>待销号</option>' in body


def test_order_list_filters_and_marks_orders_waiting_for_close(app, world, queues):
    client = _signed_in(app, world.supervisor)
    every = client.get("/orders").get_data(as_text=True)
    assert "共 3 份" in every and every.count('class="badge to-close"') == 1
    assert every.index(f'id="order-{queues["waiting"].id}"') < every.index(f'id="order-{queues["reported"].id}"')
    reported = client.get("/orders?show=reported").get_data(as_text=True)
    assert f'id="order-{queues["reported"].id}"' in reported and f'id="order-{queues["waiting"].id}"' not in reported
    bad = client.get("/orders?show=nonsense").get_data(as_text=True)
    assert "共 3 份" in bad and "已忽略" in bad


def test_order_filter_answers_htmx_with_the_results_only(app, world, queues):
    client = _signed_in(app, world.supervisor)
    partial = client.get("/orders?show=issued", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert partial.startswith('<section id="order-results"') and "<html" not in partial and "共 2 份" in partial


def test_company_home_lists_orders_to_acknowledge_and_sent_back_findings_first(app, world, queues):
    client = _signed_in(app, world.company_user_b)
    body = client.get("/").get_data(as_text=True)
    assert f'id="order-{queues["late"].id}"' in body
    client = _signed_in(app, world.company_user_a)
    body = client.get("/").get_data(as_text=True)
    assert f'id="order-{queues["waiting"].id}"' in body and f'id="order-{queues["reported"].id}"' not in body
    waiting_finding = queues["waiting"].lines[0].finding
    assert f'id="finding-{waiting_finding.id}"' in body  # on an order, not yet reported: the company's to do
    # The reported ones are the supervisor's now, not on the company's list.
    assert all(f'id="finding-{line.finding_id}"' not in body for line in queues["reported"].lines)


def test_sent_back_findings_come_before_earlier_deadlines(app, world):
    first, second = (issued_order(world, 1) for _ in range(2))
    first.lines[0].finding.deadline = local_today() + timedelta(days=1)
    second.lines[0].finding.deadline = local_today() + timedelta(days=9)
    second.lines[0].finding.escalation_count = 1
    db.session.commit()
    body = _signed_in(app, world.company_user_a).get("/").get_data(as_text=True)
    sent_back, earlier = second.lines[0].finding_id, first.lines[0].finding_id
    assert body.index(f'id="finding-{sent_back}"') < body.index(f'id="finding-{earlier}"')
