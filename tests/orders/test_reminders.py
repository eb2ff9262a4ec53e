"""The daily deadline jobs: a reminder one working day before, the overdue notice, each once however often run."""

from datetime import date, timedelta

from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.notifications.models import Notification
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders import reminders
from inspect_app.orders.tasks import daily_deadline_jobs
from tests.orders.helpers import issued_order


def entries(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


def test_the_company_is_reminded_one_working_day_before_once(world):
    order = issued_order(world)
    order.deadline = date(2026, 10, 8)  # after National Day: the working day before is 30 September
    db.session.commit()
    assert reminders.remind_deadlines(date(2026, 9, 29)) == 0
    assert reminders.remind_deadlines(date(2026, 9, 30)) == 1
    assert reminders.remind_deadlines(date(2026, 9, 30)) == 0  # the job run twice: one reminder
    [entry] = entries(NotificationKind.DEADLINE_NEAR)
    assert entry.user_id == world.company_user_a.id and "2026-10-08" in entry.body


def test_overdue_tells_the_company_and_the_area_staff_once(world):
    order = issued_order(world)
    order.deadline = date.today() - timedelta(days=2)
    db.session.commit()
    first = reminders.sweep_overdue(date.today())
    again = reminders.sweep_overdue(date.today())
    told = {e.user_id for e in entries(NotificationKind.OVERDUE)}
    assert first == 3 and again == 0  # company A's account, the inspector, the supervisor
    assert told == {world.company_user_a.id, world.inspector.id, world.supervisor.id}


def test_the_periodic_job_runs_both_and_is_harmless_to_repeat(world):
    order = issued_order(world)
    order.deadline = date.today() - timedelta(days=1)
    db.session.commit()
    daily_deadline_jobs.call_local()
    daily_deadline_jobs.call_local()
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.kind == NotificationKind.OVERDUE)) == 3


def test_the_cli_runs_the_daily_jobs(app, world):
    order = issued_order(world)
    order.deadline = date.today() - timedelta(days=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["orders", "daily"])
    assert result.exit_code == 0 and "overdue 3" in result.output
