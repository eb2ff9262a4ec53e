"""The rectification loop without HTTP: draft, issue (numbers), acknowledge, report, follow-up, close, send back."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.findings.models import StateChange
from inspect_app.orders import followup, services
from inspect_app.orders.models import RectificationOrder
from tests.orders.helpers import findings, followed_up, issued_order, reported_order


def test_draft_prefills_requirement_and_deadline(world):
    items = findings(world, 3)
    order = services.draft_order(world.neighborhood_a, [f.id for f in items], actor=world.inspector)
    assert order.state == "draft" and order.number is None and order.company_id == world.company_a.id
    assert len(order.lines) == 3 and all(line.requirement for line in order.lines)
    assert order.deadline >= local_today()


def test_draft_refuses_findings_of_another_neighbourhood_or_not_open(world):
    other = findings(world, 1, world.neighborhood_b)
    with pytest.raises(DomainError, match="挂账中的问题"):
        services.draft_order(world.neighborhood_a, [other[0].id], actor=world.inspector)


def test_issue_numbers_orders_consecutively_and_moves_findings(world):
    first, second = issued_order(world), issued_order(world)
    year = local_today().year
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.number == f"经开整改〔{year}〕第0001号"
    assert all(line.finding.state == "ordered" for line in first.lines)
    assert StateChange.query.filter_by(subject_type="order", subject_id=first.id).count() == 2


def test_issued_order_cannot_be_edited_or_issued_again(world):
    order = issued_order(world)
    with pytest.raises(DomainError) as error:
        services.issue_order(order, actor=world.inspector)
    assert error.value.status == 409


def test_stale_draft_edit_is_a_conflict(world):
    items = findings(world, 1)
    order = services.draft_order(world.neighborhood_a, [items[0].id], actor=world.inspector)
    line = order.lines[0]
    deadline = local_today() + timedelta(days=5)
    services.update_draft(order, lines={line.id: ("清理杂物", deadline)}, remarks="", lock_version=order.lock_version,
                          actor=world.inspector)
    with pytest.raises(DomainError) as error:
        services.update_draft(order, lines={line.id: ("x", deadline)}, remarks="", lock_version=1,
                              actor=world.inspector)
    assert error.value.status == 409 and order.lines[0].requirement == "清理杂物"


def test_void_needs_a_reason_and_reopens_findings(world):
    order = issued_order(world)
    with pytest.raises(DomainError, match="原因"):
        services.void_order(order, actor=world.inspector, reason=" ")
    services.void_order(order, actor=world.inspector, reason="开错小区")
    assert order.state == "voided" and all(line.finding.state == "open" for line in order.lines)
    assert db.session.get(RectificationOrder, order.id) is not None


def test_company_acknowledges_and_reports(world):
    order = issued_order(world)
    with pytest.raises(DomainError, match="先签收"):
        services.report_fix(order, order.lines[0].finding, actor=world.company_user_a, note="好了")
    services.acknowledge(order, actor=world.company_user_a)
    services.acknowledge(order, actor=world.company_user_a)  # harmless twice
    assert order.state == "acknowledged"
    services.report_fix(order, order.lines[0].finding, actor=world.company_user_a, note="已清运")
    assert order.state == "acknowledged"
    services.report_fix(order, order.lines[1].finding, actor=world.company_user_a, note="已清运", client_key="k")
    services.report_fix(order, order.lines[1].finding, actor=world.company_user_a, note="已清运", client_key="k")
    assert order.state == "reported" and order.lines[1].finding.state == "reported"


@pytest.mark.parametrize("who", ["company_user_b", "inspector", "supervisor"])
def test_only_the_addressed_company_acknowledges_or_reports(world, who):
    order = issued_order(world)
    with pytest.raises(DomainError) as error:
        services.acknowledge(order, actor=getattr(world, who))
    assert error.value.status == 403 and order.acknowledged_at is None


def test_no_report_on_a_voided_order(world):
    order = issued_order(world)
    services.acknowledge(order, actor=world.company_user_a)
    services.void_order(order, actor=world.supervisor, reason="重复下发")
    with pytest.raises(DomainError):
        services.report_fix(order, order.lines[0].finding, actor=world.company_user_a, note="x")


def test_follow_up_then_close_and_send_back(world):
    order = reported_order(world)
    with pytest.raises(DomainError, match="复查通过"):
        followup.close_finding(order, order.lines[0].finding, actor=world.supervisor)
    followed_up(world, order, ["passed", "failed"])
    passed, failed = order.lines[0].finding, order.lines[1].finding
    with pytest.raises(DomainError) as error:
        followup.close_finding(order, passed, actor=world.inspector)
    assert error.value.status == 403
    followup.close_finding(order, passed, actor=world.supervisor)
    followup.close_finding(order, passed, actor=world.supervisor)  # a double close is harmless
    assert passed.state == "closed" and passed.closed_at is not None
    with pytest.raises(DomainError, match="新整改期限"):
        followup.send_back(order, failed, actor=world.supervisor, deadline=local_today())
    new_deadline = local_today() + timedelta(days=3)
    followup.send_back(order, failed, actor=world.supervisor, deadline=new_deadline)
    assert failed.state == "ordered" and failed.escalation_count == 1 and failed.deadline == new_deadline
    assert order.state == "acknowledged"
    with pytest.raises(DomainError) as again:  # the same send-back twice: nothing pending any more
        followup.send_back(order, failed, actor=world.supervisor, deadline=new_deadline)
    assert again.value.status == 409 and failed.escalation_count == 1
    with pytest.raises(DomainError):
        followup.close_finding(order, failed, actor=world.supervisor)  # its last follow-up failed


def test_order_is_verified_when_all_findings_close(world):
    order = reported_order(world, 1)
    followed_up(world, order, ["passed"])
    followup.close_finding(order, order.lines[0].finding, actor=world.supervisor)
    assert order.state == "verified"


def test_follow_up_must_check_every_open_finding(world):
    order = reported_order(world, 2)
    inspection = followup.start_follow_up(order, actor=world.inspector)
    followup.record_result(inspection, order.lines[0].finding, outcome="passed", note="", actor=world.inspector)
    with pytest.raises(DomainError, match="1 个问题未复查"):
        followup.submit_follow_up(inspection, order, actor=world.inspector)
    with pytest.raises(DomainError, match="原因"):
        followup.record_result(inspection, order.lines[1].finding, outcome="failed", note="", actor=world.inspector)


def test_parallel_issues_get_distinct_consecutive_numbers(app, world):
    """20 orders issued from parallel threads: no gap, no duplicate (row lock on PostgreSQL, write lock on SQLite)."""
    drafts = []
    for _ in range(20):
        items = findings(world, 1)
        drafts.append(services.draft_order(world.neighborhood_a, [items[0].id], actor=world.inspector).id)
    barrier, errors = threading.Barrier(len(drafts)), []

    def issue(order_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                services.issue_order(db.session.get(RectificationOrder, order_id),
                                     actor=db.session.get(type(world.inspector), world.inspector.id))
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=issue, args=(order_id,)) for order_id in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    sequences = sorted(db.session.scalars(select(RectificationOrder.sequence)))
    assert sequences == list(range(1, 21))
    assert db.session.scalar(select(func.count(func.distinct(RectificationOrder.number)))) == 20
