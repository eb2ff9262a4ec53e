"""Working-day arithmetic, pure: the statutory calendar from `chinese_calendar`, plus the days an admin entered
for a year the package does not know yet (the State Council publishes each year's notice in late autumn)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays

PACKAGE_YEARS = frozenset(day.year for day in _package_holidays)
MAX_WORKDAYS = 366  # a deadline further than a year of working days away is a typing error


class UnknownYear(LookupError):
    """No calendar for a year: neither the package nor the admin table has it."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


@dataclass(frozen=True)
class Calendar:
    """The package's years, and for other years the admin-entered exceptions to Monday–Friday.

    `entered` maps a day to True (a make-up working day, 调休上班) or False (a holiday, 放假); `entered_years` are
    the years an admin declared complete. An entered day also overrides the package (a correction).
    """

    entered: Mapping[date, bool] = field(default_factory=dict)
    entered_years: frozenset[int] = frozenset()

    @property
    def years(self) -> frozenset[int]:
        return PACKAGE_YEARS | self.entered_years

    def knows(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: date) -> bool:
        if day in self.entered:
            return self.entered[day]
        if day.year in self.entered_years:
            return day.weekday() < 5
        if day.year in PACKAGE_YEARS:
            return bool(chinese_calendar.is_workday(day))
        raise UnknownYear(day.year)

    def add(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (start itself not counted; a negative count goes back)."""
        if abs(count) > MAX_WORKDAYS:
            raise ValueError(f"at most {MAX_WORKDAYS} working days")
        step = timedelta(days=1 if count >= 0 else -1)
        day, left = start, abs(count)
        while left:
            day += step
            if self.is_workday(day):
                left -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end ≤ start): how late, in working days."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count
