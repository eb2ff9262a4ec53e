"""The orders' periodic jobs on the task queue's scheduler."""

from inspect_app.core.queue import crontab, periodic_task
from inspect_app.core.time import local_today
from inspect_app.orders import reminders


@periodic_task(crontab(hour="8", minute="0"))
def daily_deadline_jobs() -> dict[str, int]:
    """Every morning at 8 (Beijing time on the worker's clock): reminders, then the overdue sweep."""
    today = local_today()
    return {"reminded": reminders.remind_deadlines(today), "overdue": reminders.sweep_overdue(today)}
