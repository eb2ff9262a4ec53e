"""Dates as the district sees them: deadlines and quarters are in China Standard Time."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def local_today() -> date:
    return datetime.now(LOCAL_TZ).date()


def start_of_local_day(day: date) -> datetime:
    """The instant a local calendar day begins, for comparing with stored UTC timestamps."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
