"""Dates as the district sees them: deadlines and quarters are in China Standard Time."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
# The dates a filter or a form may name: far enough either way for any record, near enough that a day added or a
# time zone applied stays within what Python and the databases can hold (0001-01-01 and 9999-12-31 do not).
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2099, 12, 31)


class DateOutOfRange(ValueError):
    """A real calendar date, but outside EARLIEST_DATE…LATEST_DATE."""


def parse_date(raw: str) -> date:
    """A YYYY-MM-DD date within the app's range; ValueError if it is no such date, DateOutOfRange if outside."""
    if len(raw) != 10:
        raise ValueError(f"not a YYYY-MM-DD date: {raw[:20]!r}")
    day = date.fromisoformat(raw)
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DateOutOfRange(raw)
    return day


def local_today() -> date:
    return datetime.now(LOCAL_TZ).date()


def start_of_local_day(day: date) -> datetime:
    """The instant a local calendar day begins, for comparing with stored UTC timestamps."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
