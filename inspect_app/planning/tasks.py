"""Planning's daily job on the task queue's scheduler."""

from inspect_app.core.queue import crontab, periodic_task
from inspect_app.core.time import local_today
from inspect_app.planning import services


@periodic_task(crontab(hour="8", minute="10"))
def daily_at_risk() -> int:
    """Every morning: the area's supervisors told of companies at risk of 未评级 (once each, by key)."""
    return services.notify_at_risk(local_today())
