"""The 督办 sweep without HTTP: levels after N working days across holidays, idempotent, who is told, numbers."""

from datetime import date

import pytest
from sqlalchemy import func, select

from inspect_app.core import queue
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.escalations import queries, services
from inspect_app.escalations.models import Escalation
from inspect_app.findings.models import StateChange
from inspect_app.notifications import services as notifications
from inspect_app.notifications.models import Notification
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders.tasks import daily_deadline_jobs
from tests.escalations.helpers import area_staff, overdue_order
from tests.notifications.smtp import SmtpServer

NATIONAL_DAY_EVE = date(2026, 9, 30)  # 1–7 October are holidays, Saturday 10 October a make-up working day


def escalations() -> list[Escalation]:
    return list(db.session.scalars(select(Escalation).order_by(Escalation.id)))


def told(kind=NotificationKind.ESCALATED) -> set[int]:
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def test_working_days_overdue_skip_the_national_day_holidays(world):
    services.save_setting(overdue_workdays=2, actor=world.admin)
    order = overdue_order(world, NATIONAL_DAY_EVE)
    assert services.sweep(date(2026, 10, 7)) == 0  # a week late, but no working day has passed
    assert services.sweep(date(2026, 10, 9)) == 1  # 8 and 9 October: two working days → 社区
    assert services.sweep(date(2026, 10, 10)) == 0  # the make-up Saturday is the third
    assert services.sweep(date(2026, 10, 12)) == 1  # 8, 9, 10 (Saturday), 12 October: four → 街道
    assert [(e.level, e.workdays_overdue) for e in escalations()] == [("community", 2), ("subdistrict", 4)]
    assert {e.order_id for e in escalations()} == {order.id}


def test_running_the_sweep_twice_makes_one_escalation_per_level(world):
    community_inspector, nanzhan, beizhan = area_staff(world)
    order = overdue_order(world, NATIONAL_DAY_EVE)
    late = date(2026, 10, 30)  # 17 working days: every level with the default N = 3
    assert services.sweep(late) == 3
    assert services.sweep(late) == 0
    numbers = [e.number for e in escalations()]
    assert numbers == [f"经开督办〔2026〕第000{i}号" for i in (1, 2, 3)]
    assert [e.level for e in escalations()] == ["community", "subdistrict", "district"]
    entries = db.session.scalars(select(Notification).where(Notification.kind == NotificationKind.ESCALATED)).all()
    by_user = {e.user_id: e for e in entries}
    # each level's own staff: the community's inspector, the subdistrict's supervisor, the district's accounts
    assert set(by_user) == {community_inspector.id, nanzhan.id, world.inspector.id, world.supervisor.id}
    assert beizhan.id not in by_user and len(entries) == 4
    assert "街道" in by_user[nanzhan.id].title and order.number in by_user[nanzhan.id].title
    assert by_user[nanzhan.id].link == f"/orders/{order.id}"


def test_the_timeline_records_each_step_on_the_order_and_its_overdue_findings(world):
    order = overdue_order(world, date(2026, 10, 12))
    services.sweep(date(2026, 10, 15))  # 13, 14, 15 October: 3 working days → 社区
    marks = db.session.scalars(select(StateChange).where(StateChange.to_state == "escalated")).all()
    assert {(m.subject_type, m.subject_id) for m in marks} == {
        ("order", order.id), *(("finding", line.finding_id) for line in order.lines)}
    assert all("督办·社区" in m.note and "逾期 3 个工作日" in m.note for m in marks)
    assert all(line.finding.escalation_level == "community" for line in order.lines)


def test_orders_not_overdue_or_closed_are_left_alone(world):
    order = overdue_order(world, date(2026, 10, 12))
    assert services.sweep(date(2026, 10, 12)) == 0  # due today: not overdue
    order.state = "voided"
    db.session.commit()
    assert services.sweep(date(2026, 11, 30)) == 0 and escalations() == []


def test_the_setting_is_the_admins_and_checked(world):
    assert services.current_setting().overdue_workdays == 3
    with pytest.raises(DomainError) as refused:
        services.save_setting(overdue_workdays=2, actor=world.supervisor)
    assert refused.value.status == 403
    with pytest.raises(DomainError):
        services.save_setting(overdue_workdays=0, actor=world.admin)
    assert services.save_setting(overdue_workdays=5, actor=world.admin).overdue_workdays == 5


def test_the_queue_counts_what_waits_at_ones_own_level(world):
    community_inspector, nanzhan, beizhan = area_staff(world)
    overdue_order(world, NATIONAL_DAY_EVE)
    services.sweep(date(2026, 10, 16))  # 8 working days (10 October a make-up day): 社区 and 街道
    assert queries.queue_count(nanzhan) == 1 and queries.queue_count(community_inspector) == 1
    assert queries.queue_count(world.supervisor) == 0  # the district is not reached yet
    assert queries.queue_count(beizhan) == 0 and queries.for_user(beizhan, mine=False) == []
    assert [e.level for e in queries.for_user(nanzhan, mine=True)] == ["subdistrict"]


def test_the_daily_job_on_the_queue_escalates_and_mails_once(app, world, monkeypatch):
    """The periodic job, enqueued and run by the queue's own execution path, then the e-mail it queued."""
    _, nanzhan, _ = area_staff(world)
    notifications.save_setting(nanzhan, email="nanzhan@example.cn", email_enabled=True)
    overdue_order(world, NATIONAL_DAY_EVE)
    monkeypatch.setattr("inspect_app.orders.tasks.local_today", lambda: date(2026, 10, 16))
    server = SmtpServer().start()
    app.config["MAIL_PORT"] = app.extensions["mailman"].port = server.port
    try:
        daily_deadline_jobs()
        daily_deadline_jobs()  # enqueued twice
        queue.drain()
        assert len(escalations()) == 2 and nanzhan.id in told()
        mine = [m["Subject"] for m in server.inbox.messages if m["To"] == "nanzhan@example.cn"]
        assert len([s for s in mine if "督办" in s]) == 1 and len(mine) == 2  # and the overdue notice
    finally:
        server.stop()
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == nanzhan.id,
                                    Notification.kind == NotificationKind.ESCALATED)) == 1


def test_the_cli_daily_command_reports_escalations(app, world, monkeypatch):
    overdue_order(world, NATIONAL_DAY_EVE)
    monkeypatch.setattr("inspect_app.orders.tasks.local_today", lambda: date(2026, 10, 16))
    result = app.test_cli_runner().invoke(args=["orders", "daily"])
    assert result.exit_code == 0 and "escalated 2" in result.output
