"""Pure quarterly scoring of the areas (镇街考评, the second of the two systems): each subdistrict and each
community, from the ledger, the patrol plan and the residents' reports. No Flask, no database, Decimal throughout.

Five measures, each 0–100 (None when there is nothing to measure):
- 巡查覆盖率 coverage: per neighbourhood min(patrols done, planned), summed, ÷ patrols planned (at most 100 %);
- 按期销号率 on time: `rules.on_time_rate` of the area's findings, as for the companies;
- 整改时效 speed: the mean working days from raised to closed of the findings closed in the quarter, scored
  100 up to `DAYS_FULL` working days and 0 from `DAYS_ZERO`, linear between;
- 百姓说事及时处理率 reports: residents' reports triaged (accepted, declined or merged) within
  `REPORT_WORKDAYS` working days of receipt ÷ the quarter's reports that could be judged;
- 满意度 satisfaction: the survey's 0–100 score, when there is one.
The area score is the weighted sum of the measures present; a missing measure weighs 0 and the others are
re-weighted to 100 %. An area without any measure is not rated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from inspect_app.assessment.rules import HUNDRED, ZERO, on_time_rate, quantize
from inspect_app.workdays.rules import Calendar, UnknownYear

MEASURES = ("coverage", "on_time", "speed", "reports", "satisfaction")
WEIGHTS: Mapping[str, Decimal] = {"coverage": Decimal("0.25"), "on_time": Decimal("0.25"),
                                  "speed": Decimal("0.15"), "reports": Decimal("0.15"),
                                  "satisfaction": Decimal("0.20")}
DAYS_FULL = Decimal(5)  # closed within 5 working days on average: full marks for speed
DAYS_ZERO = Decimal(25)  # 25 working days or more: none
REPORT_WORKDAYS = 2  # a resident's report is handled in time when triaged within 2 working days of its receipt
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Report:
    """One resident's report: the local day received, the local day triaged (None while waiting)."""

    received_on: date
    handled_on: date | None = None


@dataclass
class AreaInput:
    """What was counted for one area in the quarter (the sums the published ranking shows)."""

    planned: int = 0
    done: int = 0  # patrols counted against the plan: per neighbourhood at most its planned count
    closed: int = 0
    closed_on_time: int = 0
    overdue: int = 0  # open and past the deadline at the quarter's end (or now)
    close_days: int = 0  # working days from raised to closed, summed over the findings closed
    reports: int = 0  # reports received that can be judged
    reports_in_time: int = 0
    satisfaction: Decimal | None = None

    def add(self, other: AreaInput) -> None:
        """A subdistrict is the sum of its communities' counts (satisfaction excluded: it is given per area)."""
        for name in ("planned", "done", "closed", "closed_on_time", "overdue", "close_days", "reports",
                     "reports_in_time"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class AreaResult:
    total: Decimal | None  # None: nothing measured, not rated
    measures: Mapping[str, Decimal | None]  # each 0–100
    weights: Mapping[str, Decimal]  # as applied: 0 for a missing measure, the rest re-weighted
    parts: Mapping[str, Decimal] = field(default_factory=dict)
    coverage: Decimal | None = None  # fractions 0–1 and days, as shown
    on_time_rate: Decimal | None = None
    avg_days: Decimal | None = None
    reports_rate: Decimal | None = None

    @property
    def is_rated(self) -> bool:
        return self.total is not None


def coverage(done_by_neighborhood: Mapping[int, int], planned_by_neighborhood: Mapping[int, int]) -> tuple[int, int]:
    """(done counted, planned): patrols beyond a neighbourhood's plan do not make up for another's shortfall."""
    planned = sum(planned_by_neighborhood.values())
    done = sum(min(done_by_neighborhood.get(n, 0), count) for n, count in planned_by_neighborhood.items())
    return done, planned


def fraction(part: int, whole: int) -> Decimal | None:
    return quantize(Decimal(min(part, whole)) / whole, Decimal("0.0001")) if whole > 0 else None


def working_days(calendar: Calendar, start: date, end: date) -> int:
    """Working days after `start` up to `end`; a year the calendar lacks counts Monday–Friday."""
    try:
        return calendar.between(start, end)
    except UnknownYear:
        years = frozenset(range(start.year, end.year + 1)) - calendar.years
        return Calendar(calendar.entered, calendar.entered_years | years).between(start, end)


def report_due(calendar: Calendar, received_on: date) -> date:
    try:
        return calendar.add(received_on, REPORT_WORKDAYS)
    except UnknownYear:
        years = frozenset({received_on.year, received_on.year + 1}) - calendar.years
        return Calendar(calendar.entered, calendar.entered_years | years).add(received_on, REPORT_WORKDAYS)


def judge_reports(reports: Iterable[Report], calendar: Calendar, cutoff_day: date) -> tuple[int, int]:
    """(judged, in time): a report counts once it was handled by the cutoff or its due day has passed."""
    judged = in_time = 0
    for report in reports:
        due = report_due(calendar, report.received_on)
        handled = report.handled_on is not None and report.handled_on <= cutoff_day
        if handled or due < cutoff_day:
            judged += 1
            in_time += handled and report.handled_on is not None and report.handled_on <= due
    return judged, in_time


def speed_score(avg_days: Decimal) -> Decimal:
    if avg_days <= DAYS_FULL:
        return HUNDRED
    if avg_days >= DAYS_ZERO:
        return ZERO
    return quantize(HUNDRED * (DAYS_ZERO - avg_days) / (DAYS_ZERO - DAYS_FULL))


def area_score(data: AreaInput, weights: Mapping[str, Decimal] = WEIGHTS) -> AreaResult:
    if data.satisfaction is not None and not ZERO <= data.satisfaction <= HUNDRED:
        raise ValueError(f"satisfaction must be within 0–100, got {data.satisfaction}")
    if min(data.planned, data.done, data.closed, data.closed_on_time, data.overdue, data.close_days, data.reports,
           data.reports_in_time) < 0 or data.done > data.planned or data.reports_in_time > data.reports:
        raise ValueError("invalid area counts")
    cover = fraction(data.done, data.planned)
    rate = on_time_rate(data.closed_on_time, data.closed, data.overdue)
    avg = quantize(Decimal(data.close_days) / data.closed, TENTH) if data.closed else None
    reports = fraction(data.reports_in_time, data.reports)
    measures: dict[str, Decimal | None] = {
        "coverage": None if cover is None else quantize(cover * HUNDRED),
        "on_time": None if rate is None else quantize(rate * HUNDRED),
        "speed": None if avg is None else speed_score(avg),
        "reports": None if reports is None else quantize(reports * HUNDRED),
        "satisfaction": data.satisfaction}
    applied = reweighted(weights, {name for name, value in measures.items() if value is not None})
    parts = {name: quantize(applied[name] * value) for name, value in measures.items() if value is not None}
    rated = bool(parts) and sum(applied.values(), ZERO) > 0
    total = min(sum(parts.values(), ZERO), HUNDRED) if rated else None  # rounded parts may sum to 100.01
    return AreaResult(total, measures, applied, parts, cover, rate, avg, reports)


def reweighted(weights: Mapping[str, Decimal], present: set[str]) -> dict[str, Decimal]:
    """The weights of the measures present, scaled to add up to 1; the missing ones 0."""
    if any(weights.get(name, ZERO) < 0 for name in MEASURES):
        raise ValueError("weights must not be negative")
    kept = sum((weights.get(name, ZERO) for name in present), ZERO)
    return {name: (weights.get(name, ZERO) / kept if name in present and kept > 0 else ZERO) for name in MEASURES}
