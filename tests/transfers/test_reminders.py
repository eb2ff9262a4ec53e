"""The daily job: one working day before, overdue to the department and the staff; each once however often run."""

from datetime import date

from sqlalchemy import func, select

from inspect_app.core import queue
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.notifications.models import Delivery, Notification
from inspect_app.notifications.rules import DeliveryStatus, NotificationKind
from inspect_app.transfers import reminders
from inspect_app.transfers.tasks import daily_transfer_reminders
from tests.notifications.test_services import smtp  # noqa: F401  (the real SMTP server fixture)
from tests.transfers.helpers import transferred


def _count(kind: str, *, outside: bool) -> int:
    who = Notification.user_id.is_(None) if outside else Notification.user_id.is_not(None)
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.kind == kind, who)) or 0


def test_the_department_is_reminded_the_working_day_before_once(world):
    transfer = transferred(world)  # deadline Monday 2026-11-16
    assert reminders.run_daily(date(2026, 11, 12))["reminded"] == 0  # Thursday: two working days to go
    assert reminders.run_daily(date(2026, 11, 13)) == {"reminded": 1, "overdue": 0, "staff": 0}  # Friday
    assert reminders.run_daily(date(2026, 11, 13))["reminded"] == 0  # the job run twice: one reminder
    [reminder] = db.session.scalars(select(Notification).where(Notification.kind == NotificationKind.DEADLINE_NEAR))
    assert reminder.user_id is None and reminder.deliveries[0].address == transfer.department.email
    assert "2026-11-16" in reminder.body


def test_overdue_tells_the_department_and_who_transferred_it_once(world):
    transfer = transferred(world)
    assert reminders.run_daily(date(2026, 11, 17)) == {"reminded": 0, "overdue": 1, "staff": 1}
    assert reminders.run_daily(date(2026, 11, 18)) == {"reminded": 0, "overdue": 0, "staff": 0}
    [staff] = db.session.scalars(select(Notification).where(Notification.user_id.is_not(None)))
    assert staff.user_id == world.inspector.id and staff.kind == NotificationKind.OVERDUE
    assert _count(NotificationKind.OVERDUE, outside=True) == 1
    assert transfer.department.name in staff.title


def test_an_answered_transfer_is_not_reminded(world):
    transfer = transferred(world)
    transfer.state = "done"
    db.session.commit()
    assert reminders.run_daily(date(2026, 11, 17)) == {"reminded": 0, "overdue": 0, "staff": 0}


def test_the_periodic_job_and_the_command_run_it_harmlessly_twice(app, world):
    transferred(world, workdays=1, today=local_today())  # due the next working day
    assert daily_transfer_reminders.call_local() == {"reminded": 1, "overdue": 0, "staff": 0}
    result = app.test_cli_runner().invoke(args=["transfers", "daily"])
    assert result.exit_code == 0 and "reminded 0, overdue 0, staff told 0" in result.output
    assert _count(NotificationKind.DEADLINE_NEAR, outside=True) == 1


def test_the_department_s_mail_arrives_through_the_queue_with_its_link(world, smtp):  # noqa: F811
    transfer = transferred(world)
    delivery = db.session.scalar(select(Delivery))
    assert delivery.status == DeliveryStatus.QUEUED and smtp.inbox.messages == []
    assert queue.drain() == 1
    [message] = smtp.inbox.messages
    assert message["To"] == "zhujian@example.gov.cn" and "供暖管道漏水" in message["Subject"]
    assert f"/t/{transfer.id}/" in message.get_content()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1
