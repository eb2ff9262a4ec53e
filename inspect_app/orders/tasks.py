"""The orders' periodic jobs on the task queue's scheduler."""

from inspect_app.core.queue import crontab, periodic_task
from inspect_app.core.time import local_today
from inspect_app.escalations import services as escalations
from inspect_app.orders import reminders


@periodic_task(crontab(hour="8", minute="0"))
def daily_deadline_jobs() -> dict[str, int]:
    """Every morning at 8 (Beijing time on the worker's clock): reminders, the overdue sweep, then 督办."""
    today = local_today()
    return {"reminded": reminders.remind_deadlines(today), "overdue": reminders.sweep_overdue(today),
            "escalated": escalations.sweep(today)}
