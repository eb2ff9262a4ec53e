"""The ledger: filter parsing, each filter narrowing, derived overdue, counts, pagination, scoping, query count."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event, insert

from inspect_app.core.db import db, utcnow
from inspect_app.core.time import local_today
from inspect_app.findings.ledger import LedgerFilters, ledger_page, parse_filters
from inspect_app.findings.models import Finding, FindingSource, FindingState
from inspect_app.orders import followup
from inspect_app.orders import services as orders
from tests.findings.helpers import seed_ledger
from tests.orders.helpers import followed_up, reported_order

ALL = {"A-open-H", "A-overdue-Q", "B-reported-F", "B-closed-G", "C-open-S"}


@pytest.mark.parametrize("args,expected", [
    ({"subdistrict": "7", "community": "8", "neighborhood": "9", "company": "10"},
     LedgerFilters(subdistrict=7, community=8, neighborhood=9, company=10)),
    ({"category": "q", "state": "reported", "overdue": "1"},
     LedgerFilters(category="Q", state="reported", overdue=True)),
    ({"since": "2026-01-01", "until": "2026-03-31", "page": "3"},
     LedgerFilters(since=date(2026, 1, 1), until=date(2026, 3, 31), page=3)),
    ({"overdue": "on", "state": ""}, LedgerFilters(overdue=True)),
    ({}, LedgerFilters()),
])
def test_parse_filters_accepts_good_values(args, expected):
    assert parse_filters(args) == (expected, [])


@pytest.mark.parametrize("args", [
    {"subdistrict": "abc"}, {"community": "-1"}, {"neighborhood": "0"}, {"company": "99999999999"},
    {"neighborhood": "１２"}, {"category": "X"}, {"state": "deleted"}, {"overdue": "maybe"},
    {"since": "2026-13-01"}, {"until": "yesterday"}, {"page": "abc"}, {"page": "0"},
    {"since": "2026-05-01", "until": "2026-04-01"},
])
def test_parse_filters_drops_bad_values_with_a_message(args):
    filters, errors = parse_filters(args)
    assert filters == LedgerFilters() and len(errors) == 1
    assert "忽略" in errors[0]


@pytest.mark.parametrize("args,expected", [
    ({}, ALL),
    ({"subdistrict": "subdistrict2"}, {"C-open-S"}),
    ({"subdistrict": "subdistrict1"}, ALL - {"C-open-S"}),
    ({"community": "community1"}, ALL - {"C-open-S"}),
    ({"community": "community2"}, {"C-open-S"}),
    ({"neighborhood": "neighborhood_a"}, {"A-open-H", "A-overdue-Q"}),
    ({"company": "company_b"}, {"B-reported-F", "B-closed-G"}),
    ({"category": "Q"}, {"A-overdue-Q"}),
    ({"state": "open"}, {"A-open-H", "C-open-S"}),
    ({"state": "closed"}, {"B-closed-G"}),
    ({"overdue": "1"}, {"A-overdue-Q", "B-reported-F"}),
    ({"overdue": "1", "company": "company_b"}, {"B-reported-F"}),
    ({"state": "closed", "overdue": "1"}, set()),
    ({"since": -10}, ALL - {"C-open-S"}),
    ({"until": -30}, {"C-open-S"}),
    ({"since": -41, "until": -39}, {"C-open-S"}),
])
def test_each_filter_narrows(world, args, expected):
    ledger = seed_ledger(world)
    today = local_today()
    resolved = {k: (today + timedelta(days=v)).isoformat() if isinstance(v, int) else str(ledger.ids.get(v, v))
                for k, v in args.items()}
    filters, errors = parse_filters(resolved)
    assert errors == []
    page = ledger_page(filters, world.supervisor, today)
    assert {f.title for f in page.findings} == expected
    assert page.total == len(expected)


def test_overdue_is_derived_from_the_deadline(world):
    seed_ledger(world)
    overdue = LedgerFilters(overdue=True)
    assert len(ledger_page(overdue, None, local_today()).findings) == 2
    # Ten days on, the finding due in three days is overdue too; the closed one never is.
    later = {f.title for f in ledger_page(overdue, None, local_today() + timedelta(days=10)).findings}
    assert later == {"A-open-H", "A-overdue-Q", "B-reported-F"}


def test_counts_honour_place_filters_but_not_the_state_filter(world):
    ledger = seed_ledger(world)
    today = local_today()
    counts = ledger_page(LedgerFilters(state="closed"), None, today).counts
    assert counts == {"unclosed": 4, "overdue": 2, "reported": 1, "to_close": 0,
                      "closed_this_month": 1}
    narrowed = ledger_page(LedgerFilters(company=ledger.ids["company_a"]), None, today).counts
    assert narrowed == {"unclosed": 2, "overdue": 1, "reported": 0, "to_close": 0,
                        "closed_this_month": 0}


def test_company_user_sees_none_of_the_other_companys_findings(world):
    ledger = seed_ledger(world)
    today = local_today()
    own = ledger_page(LedgerFilters(), world.company_user_a, today)
    assert {f.title for f in own.findings} == {"A-open-H", "A-overdue-Q"}
    assert own.counts == {"unclosed": 2, "overdue": 1, "reported": 0, "to_close": 0,
                        "closed_this_month": 0}
    asked_for_b = ledger_page(LedgerFilters(company=ledger.ids["company_b"]), world.company_user_a, today)
    assert asked_for_b.findings == [] and asked_for_b.total == 0


def _bulk_findings(world, count: int) -> None:
    n = world.neighborhood_a
    now = utcnow()
    rows = [{"source": FindingSource.MANUAL, "state": FindingState.OPEN, "neighborhood_id": n.id,
             "community_id": n.community_id, "subdistrict_id": n.community.subdistrict_id,
             "company_id": n.company_id, "category_code": "HQFGS"[i % 5], "title": f"批量问题{i:05d}",
             "deadline": local_today() - timedelta(days=i % 7 - 3), "created_at": now - timedelta(minutes=i)}
            for i in range(count)]
    db.session.execute(insert(Finding), rows)
    db.session.commit()


def test_pages_are_newest_first_and_clamped(world):
    _bulk_findings(world, 120)
    today = local_today()
    first = ledger_page(LedgerFilters(), None, today)
    assert first.total == 120 and first.pages == 3 and len(first.findings) == 50
    assert first.findings[0].title == "批量问题00000"
    last = ledger_page(LedgerFilters(page=99), None, today)
    assert last.page == 3 and len(last.findings) == 20 and last.findings[-1].title == "批量问题00119"


class StatementCounter:
    def __init__(self, engine):
        self.engine, self.statements = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)


def test_a_page_costs_the_same_few_queries_whatever_its_size(world, client, login):
    _bulk_findings(world, 2000)
    today = local_today()
    counted = []
    for per_page in (10, 200):
        db.session.expire_all()
        user = db.session.get(type(world.company_user_a), world.company_user_a.id)
        assert user.role and user.company_id  # loaded before counting
        with StatementCounter(db.engine) as counter:
            page = ledger_page(LedgerFilters(category="H"), user, today, per_page=per_page)
            for finding in page.findings:  # what the row template touches
                assert finding.neighborhood.name and finding.company.name
        assert len(page.findings) == per_page
        counted.append(len(counter.statements))
    assert counted[0] == counted[1] <= 2, counter.statements
    login(world.supervisor)
    with StatementCounter(db.engine) as counter:
        response = client.get("/ledger?state=open")
    assert response.status_code == 200 and response.get_data(as_text=True).count('class="row ledger-row"') == 50
    # user, category names, counts, rows, filter options
    assert len(counter.statements) <= 5, counter.statements


def test_to_close_follows_the_latest_follow_up(world):
    """待销号 is the same rule as the order page's pending result: failed → sent back → passed → closed."""
    order = reported_order(world, 1)
    finding = order.lines[0].finding
    today = local_today()

    def listed() -> bool:
        return [f.id for f in ledger_page(LedgerFilters(state="to_close"), None, today).findings] == [finding.id]

    followed_up(world, order, ["failed"])
    assert not listed()
    followup.send_back(order, finding, actor=world.supervisor, deadline=today + timedelta(days=5))
    assert not listed()
    orders.report_fix(order, finding, actor=world.company_user_a, note="再次整改")
    followed_up(world, order, ["passed"])
    assert listed() and followup.pending_result(finding).outcome == "passed"
    assert ledger_page(LedgerFilters(), world.company_user_b, today).counts["to_close"] == 0  # scoped too
    followup.close_finding(order, finding, actor=world.supervisor)
    assert not listed()
