"""Pure rules of the owners' committees' 专项考评: a committee's percentage and how it joins the staff's score.

No Flask, no database, Decimal throughout (assessment.rules' rounding: half up, 0.01).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
MAX_ITEM_POINTS = Decimal(100)  # one item's maximum, as the admin may set it
DEFAULT_SHARE = Decimal("0.5")  # the committees' share of a company's 专项考评 part, unless the admin sets another


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """Points as typed: 18, 12.5 (not 18.00)."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


class PointsProblem(StrEnum):
    MISSING = "missing"
    OUT_OF_RANGE = "out_of_range"  # below 0 or above the item's maximum
    TOO_PRECISE = "too_precise"  # more than two decimals


def points_problem(points: Decimal | None, maximum: Decimal) -> PointsProblem | None:
    """What is wrong with the points given for one item (0 … its maximum, two decimals at most), if anything."""
    if points is None:
        return PointsProblem.MISSING
    try:
        if not points.is_finite() or not ZERO <= points <= maximum:
            return PointsProblem.OUT_OF_RANGE
        return None if points == quantize(points) else PointsProblem.TOO_PRECISE
    except InvalidOperation:
        return PointsProblem.OUT_OF_RANGE


def percentage(points: Sequence[Decimal], maxima: Sequence[Decimal]) -> Decimal | None:
    """A committee's input as a percentage: its points over the items' maxima; None when nothing could be earned."""
    possible = sum(maxima, ZERO)
    if possible <= ZERO:
        return None
    return quantize(HUNDRED * sum(points, ZERO) / possible)


def valid_share(share: Decimal) -> bool:
    try:
        return share.is_finite() and ZERO <= share <= ONE and share == quantize(share)
    except InvalidOperation:
        return False


@dataclass(frozen=True)
class SpecialMix:
    """How a company's 专项考评 was reached: the staff's score, the mean of its neighbourhoods' committees, the
    committees' share as applied (1 when only they gave one, 0 when they did not), and the combined score."""

    staff: Decimal | None
    committee: Decimal | None
    committee_count: int
    share: Decimal
    combined: Decimal | None

    @property
    def has_committee(self) -> bool:
        return self.committee is not None


def mix_special(staff: Decimal | None, committees: Sequence[Decimal], share: Decimal = DEFAULT_SHARE) -> SpecialMix:
    """The special part's score: staff × (1 − share) + mean of the committees' percentages × share. One side
    missing, the other counts alone; both missing, None (the assessment's rule for a missing special applies)."""
    if not valid_share(share):
        raise ValueError(f"the committees' share must be within 0–1, got {share}")
    if any(not ZERO <= value <= HUNDRED for value in committees):
        raise ValueError("a committee's percentage must be within 0–100")
    mean = quantize(sum(committees, ZERO) / len(committees)) if committees else None
    if mean is None:
        return SpecialMix(staff, None, 0, ZERO, staff)
    if staff is None:
        return SpecialMix(None, mean, len(committees), ONE, mean)
    return SpecialMix(staff, mean, len(committees), share, quantize(staff * (ONE - share) + mean * share))
