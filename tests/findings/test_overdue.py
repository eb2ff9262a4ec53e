"""逾期 is derived, never stored: the model's Python answer and its SQL where-clause agree on every case."""

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.rules import OrderState
from tests import factories

TODAY = date(2026, 5, 11)
DEADLINES = (None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1))


def test_finding_overdue_in_python_and_sql(world):
    for state, deadline in itertools.product(FindingState, DEADLINES):
        factories.finding(world.neighborhood_a, state=state, deadline=deadline)
    findings = list(db.session.scalars(select(Finding)))
    in_sql = set(db.session.scalars(select(Finding.id).where(Finding.is_overdue(TODAY))))
    assert in_sql == {f.id for f in findings if f.is_overdue(TODAY)}
    assert {(f.state, f.deadline) for f in findings if f.id in in_sql} == {
        (state, TODAY - timedelta(days=1)) for state in FindingState
        if state not in (FindingState.CLOSED, FindingState.TRANSFERRED)}  # 转办: the transfer's own deadline runs


def test_order_live_and_overdue_in_python_and_sql(world):
    for state, deadline in itertools.product(OrderState, DEADLINES):
        db.session.add(RectificationOrder(neighborhood_id=world.neighborhood_a.id, company_id=world.company_a.id,
                                          created_by_id=world.inspector.id, state=state, deadline=deadline))
    db.session.commit()
    orders = list(db.session.scalars(select(RectificationOrder)))
    live = set(db.session.scalars(select(RectificationOrder.id).where(RectificationOrder.is_live)))
    overdue = set(db.session.scalars(select(RectificationOrder.id).where(RectificationOrder.is_overdue(TODAY))))
    assert live == {o.id for o in orders if o.is_live}
    assert overdue == {o.id for o in orders if o.is_overdue(TODAY)}
    assert {o.state for o in orders if o.id in live} == {OrderState.ISSUED, OrderState.ACKNOWLEDGED,
                                                          OrderState.REPORTED}
    assert len(overdue) == 3
