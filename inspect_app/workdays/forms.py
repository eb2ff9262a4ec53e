"""The admin's input for a year: lists of days or ranges, as the State Council's notice gives them."""

import re
from datetime import date, timedelta

from flask_babel import gettext as _

from inspect_app.core.errors import DomainError

_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\.\.(\d{4}-\d{1,2}-\d{1,2}))?$")
_RANGE_MARK = re.compile(r"\s*(?:\.\.|至|~|—|–)\s*")


def parse_days(text: str, *, year: int, field: str) -> list[date]:
    """"2027-01-01, 2027-02-10..2027-02-16" → the days, each in `year`; one clear message for the first bad part."""
    days: list[date] = []
    for part in filter(None, re.split(r"[,，;；、\s]+", _RANGE_MARK.sub("..", text.strip()))):
        match = _RANGE.match(part)
        try:
            first = date.fromisoformat(_padded(match.group(1))) if match else None
            last = date.fromisoformat(_padded(match.group(2))) if match and match.group(2) else first
        except ValueError:
            first = last = None
        if first is None or last is None or last < first or (last - first).days > 31:
            message = _("看不懂“%(part)s”：请写成 %(year)s-10-01 或 %(year)s-10-01..%(year)s-10-07",
                        part=part[:40], year=year)
            raise DomainError(message, field=field)
        if first.year != year or last.year != year:
            raise DomainError(_("“%(part)s”不在 %(year)s 年", part=part[:40], year=year), field=field)
        days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
    return days


def _padded(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"
