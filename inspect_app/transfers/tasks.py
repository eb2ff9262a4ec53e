"""The transfers' daily job on the task queue's scheduler."""

from inspect_app.core.queue import crontab, periodic_task
from inspect_app.core.time import local_today
from inspect_app.transfers import reminders


@periodic_task(crontab(hour="8", minute="5"))
def daily_transfer_reminders() -> dict[str, int]:
    """Every morning: departments reminded of deadlines near and passed, staff of the overdue (once each, by key)."""
    return reminders.run_daily(local_today())
