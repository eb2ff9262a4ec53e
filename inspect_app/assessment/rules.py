"""Pure quarterly scoring and ranking of property companies: no Flask, no database, Decimal throughout."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
RATE = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CATEGORY_CODES = ("H", "Q", "F", "G", "S")


def quantize(value: Decimal, step: Decimal = CENT) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Settings:
    """A period's formula; the defaults are those of the district's assessment rules (checklist.md)."""

    patrol_weight: Decimal = Decimal("0.6")
    special_weight: Decimal = Decimal("0.4")
    overdue_penalty: Decimal = Decimal("0.5")
    sent_back_penalty: Decimal = Decimal("1")
    penalty_cap: Decimal = Decimal("10")
    min_patrols: int = 3
    # 满意度测评: its share of the total; patrol and special weights are scaled by (1 − it) so all still weigh 1.
    satisfaction_weight: Decimal = Decimal("0.10")

    def __post_init__(self) -> None:
        if min(self.patrol_weight, self.special_weight) < ZERO or self.patrol_weight + self.special_weight != ONE:
            raise ValueError("weights must be non-negative and add up to 1")
        if not ZERO <= self.satisfaction_weight < ONE:
            raise ValueError("the satisfaction weight must be within [0, 1)")
        if min(self.overdue_penalty, self.sent_back_penalty, self.penalty_cap) < ZERO or self.min_patrols < 1:
            raise ValueError("penalties must be non-negative and min_patrols at least 1")


@dataclass(frozen=True)
class PatrolSum:
    """One neighbourhood's submitted patrols in the period: the sum of their scores and how many."""

    total: Decimal
    count: int

    @classmethod
    def of(cls, *scores: Decimal | int | str) -> PatrolSum:
        return cls(sum((Decimal(s) for s in scores), ZERO), len(scores))


@dataclass(frozen=True)
class CategoryPoints:
    earned: Decimal
    possible: Decimal


@dataclass(frozen=True)
class CompanyInput:
    neighborhoods: Mapping[int, PatrolSum] = field(default_factory=dict)
    special: Decimal | None = None
    overdue: int = 0
    sent_back: int = 0
    categories: Mapping[str, CategoryPoints] = field(default_factory=dict)
    satisfaction: Decimal | None = None  # the quarter's 满意度测评 on 0–100; None: no answers


@dataclass(frozen=True)
class CompanyResult:
    """The score and exactly how it was reached; `total` is None for a company not rated (未评级)."""

    is_rated: bool
    total: Decimal | None
    patrol_mean: Decimal | None
    patrol_part: Decimal
    patrol_weight: Decimal  # as applied: 1 when the special assessment is missing
    special: Decimal | None
    special_part: Decimal
    special_weight: Decimal
    penalty: Decimal
    penalty_uncapped: Decimal
    patrol_count: int
    neighborhood_count: int
    overdue: int
    sent_back: int
    categories: Mapping[str, Decimal] = field(default_factory=dict)
    satisfaction: Decimal | None = None
    satisfaction_part: Decimal = ZERO
    satisfaction_weight: Decimal = ZERO  # as applied: 0 when nobody answered the survey

    @property
    def is_special_missing(self) -> bool:
        return self.special is None


def patrol_mean(neighborhoods: Mapping[int, PatrolSum]) -> Decimal | None:
    """The mean of the neighbourhood means: a company is not judged mostly by its most-patrolled compound."""
    means = [n.total / n.count for n in neighborhoods.values() if n.count > 0]
    return quantize(sum(means, ZERO) / len(means)) if means else None


def weighted_parts(mean: Decimal | None, special: Decimal | None, settings: Settings,
                   scale: Decimal = ONE) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(patrol part, special part, patrol weight, special weight), each part rounded to 0.01 so that the
    published breakdown adds up to the total. Missing special assessment: the patrol part alone counts, re-weighted
    to 100%, so a company is neither rewarded nor punished for a score nobody entered. `scale` is what the
    satisfaction part leaves of the whole (satisfaction_share)."""
    patrol_weight, special_weight = (ONE, ZERO) if special is None else (settings.patrol_weight,
                                                                      settings.special_weight)
    patrol_weight, special_weight = patrol_weight * scale, special_weight * scale
    patrol_part = quantize(patrol_weight * mean) if mean is not None else ZERO
    special_part = quantize(special_weight * special) if special is not None else ZERO
    return patrol_part, special_part, patrol_weight, special_weight


def satisfaction_share(satisfaction: Decimal | None, settings: Settings) -> tuple[Decimal, Decimal]:
    """(satisfaction part, its weight): without survey answers its weight goes back to the other parts, as a missing
    special assessment's does."""
    if satisfaction is None:
        return ZERO, ZERO
    return quantize(settings.satisfaction_weight * satisfaction), settings.satisfaction_weight


def penalty(overdue: int, sent_back: int, settings: Settings) -> tuple[Decimal, Decimal]:
    """(applied penalty, uncapped penalty)."""
    if overdue < 0 or sent_back < 0:
        raise ValueError("counts must not be negative")
    uncapped = overdue * settings.overdue_penalty + sent_back * settings.sent_back_penalty
    return quantize(min(uncapped, settings.penalty_cap)), quantize(uncapped)


def category_percentages(categories: Mapping[str, CategoryPoints]) -> dict[str, Decimal]:
    """Category code → earned ÷ possible over all the company's patrols, in percent (skipped when nothing applied)."""
    return {code: quantize(HUNDRED * points.earned / points.possible)
            for code, points in categories.items() if points.possible > ZERO}


def company_score(data: CompanyInput, settings: Settings) -> CompanyResult:
    """Total = patrol part + special part + satisfaction part − penalty (capped), never below 0; rated only with
    min_patrols patrols."""
    if data.special is not None and not ZERO <= data.special <= HUNDRED:
        raise ValueError(f"special assessment must be within 0–100, got {data.special}")
    if data.satisfaction is not None and not ZERO <= data.satisfaction <= HUNDRED:
        raise ValueError(f"satisfaction must be within 0–100, got {data.satisfaction}")
    mean = patrol_mean(data.neighborhoods)
    satisfaction_part, satisfaction_weight = satisfaction_share(data.satisfaction, settings)
    patrol_part, special_part, patrol_weight, special_weight = weighted_parts(mean, data.special, settings,
                                                                              ONE - satisfaction_weight)
    applied, uncapped = penalty(data.overdue, data.sent_back, settings)
    count = sum(n.count for n in data.neighborhoods.values())
    is_rated = mean is not None and count >= settings.min_patrols
    total = max(patrol_part + special_part + satisfaction_part - applied, ZERO) if is_rated else None
    return CompanyResult(
        is_rated=is_rated, total=total, patrol_mean=mean, patrol_part=patrol_part, patrol_weight=patrol_weight,
        special=data.special, special_part=special_part, special_weight=special_weight, penalty=applied,
        penalty_uncapped=uncapped, patrol_count=count,
        neighborhood_count=sum(1 for n in data.neighborhoods.values() if n.count > 0),
        overdue=data.overdue, sent_back=data.sent_back, categories=category_percentages(data.categories),
        satisfaction=data.satisfaction, satisfaction_part=satisfaction_part, satisfaction_weight=satisfaction_weight)


def competition_ranks(totals: Mapping[int, Decimal | None]) -> dict[int, int]:
    """Rated companies (total not None) by total, highest first; equal totals share a rank (1, 2, 2, 4)."""
    rated = sorted((total for total in totals.values() if total is not None), reverse=True)
    first_place: dict[Decimal, int] = {}
    for index, total in enumerate(rated, start=1):
        first_place.setdefault(total, index)
    return {key: first_place[total] for key, total in totals.items() if total is not None}


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"


@dataclass(frozen=True)
class Movement:
    trend: Trend
    places: int = 0


def movement(rank: int | None, previous_rank: int | None) -> Movement | None:
    """Places gained (UP) or lost (DOWN) since the previous period; NEW when not ranked then; None if unranked now."""
    if rank is None:
        return None
    if previous_rank is None:
        return Movement(Trend.NEW)
    delta = previous_rank - rank
    if delta == 0:
        return Movement(Trend.SAME)
    return Movement(Trend.UP, delta) if delta > 0 else Movement(Trend.DOWN, -delta)


def on_time_rate(closed_on_time: int, closed: int, open_overdue: int) -> Decimal | None:
    """Closed on time ÷ (closed + still open and overdue), as a fraction; None when there is nothing to judge."""
    if min(closed_on_time, closed, open_overdue) < 0 or closed_on_time > closed:
        raise ValueError("invalid finding counts")
    judged = closed + open_overdue
    return quantize(Decimal(closed_on_time) / judged, RATE) if judged else None


@dataclass(frozen=True)
class Extreme:
    """The best and worst sub-score of one category among rated companies (ties list every company)."""

    code: str
    best: Decimal
    best_ids: tuple[int, ...]
    worst: Decimal
    worst_ids: tuple[int, ...]


def category_extremes(scores: Mapping[int, Mapping[str, Decimal]],
                      codes: Iterable[str] = CATEGORY_CODES) -> list[Extreme]:
    extremes = []
    for code in codes:
        values = {key: sub[code] for key, sub in scores.items() if code in sub}
        if not values:
            continue
        best, worst = max(values.values()), min(values.values())
        extremes.append(Extreme(code, best, tuple(k for k, v in values.items() if v == best),
                                worst, tuple(k for k, v in values.items() if v == worst)))
    return extremes


class PeriodStatus(StrEnum):
    OPEN = "open"  # 进行中: scores computed live
    CLOSED = "closed"  # 已关闭: scores frozen
    PUBLISHED = "published"  # 已公示: on the public ranking


# Period workflow: (from, to) → action. Closing freezes the scores; re-opening is allowed but recorded.
PERIOD_MOVES: dict[tuple[str, str], str] = {
    (PeriodStatus.OPEN, PeriodStatus.CLOSED): "close",
    (PeriodStatus.CLOSED, PeriodStatus.PUBLISHED): "publish",
    (PeriodStatus.CLOSED, PeriodStatus.OPEN): "reopen",
    (PeriodStatus.PUBLISHED, PeriodStatus.OPEN): "reopen",
}


def can_move_period(current: str, target: str) -> bool:
    return (current, target) in PERIOD_MOVES


_QUARTER = re.compile(r"(\d{4})Q([1-4])")


def quarter_code(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(code: str) -> tuple[date, date]:
    """'2026Q2' → (2026-04-01, 2026-06-30); ValueError for anything else."""
    match = _QUARTER.fullmatch(code.strip().upper())
    if not match or not 2000 <= int(match[1]) <= 2100:
        raise ValueError(f"not a quarter code: {code!r}")
    year, quarter = int(match[1]), int(match[2])
    starts_on = date(year, 3 * quarter - 2, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return starts_on, next_start - timedelta(days=1)


def previous_quarter(code: str) -> str:
    starts_on, _ = quarter_bounds(code)
    return quarter_code(starts_on - timedelta(days=1))
