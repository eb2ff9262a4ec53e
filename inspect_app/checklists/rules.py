"""Pure scoring rules for a patrol checklist: deductions, not-applicable re-scaling, exemptions, grades."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

DEFAULT_GRADES: tuple[tuple[Decimal, str], ...] = (
    (Decimal(95), "优秀"),
    (Decimal(85), "良好"),
    (Decimal(75), "合格"),
    (Decimal(65), "一般"),
    (Decimal(60), "较差"),
    (Decimal(0), "不合格"),
)


class Outcome(StrEnum):
    PASS = "pass"
    DEDUCT = "deduct"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ItemSpec:
    code: str
    category_code: str
    max_points: Decimal


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    deduction: Decimal = Decimal(0)
    is_exempt: bool = False
    is_red_line: bool = False


@dataclass(frozen=True)
class CategoryScore:
    code: str
    earned: Decimal
    possible: Decimal


@dataclass(frozen=True)
class ScoreCard:
    categories: tuple[CategoryScore, ...]
    total: Decimal
    grade: str
    has_red_line: bool
    answered: int
    unanswered: tuple[str, ...]

    @property
    def possible(self) -> Decimal:
        """Sum of the maxima of the applicable items (0 when every item is not applicable)."""
        return sum((c.possible for c in self.categories), ZERO)

    @property
    def is_all_not_applicable(self) -> bool:
        return self.possible == ZERO


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def deduction_amount(unit_amount: Decimal, count: int, max_points: Decimal) -> Decimal:
    """Deduction for `count` occurrences at `unit_amount` each, capped at the item's maximum."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count must be an integer >= 1, got {count!r}")
    if unit_amount <= ZERO:
        raise ValueError(f"unit_amount must be positive, got {unit_amount}")
    return quantize(min(unit_amount * count, max_points))


def validate_custom_deduction(amount: Decimal, max_points: Decimal) -> str | None:
    """Return a Chinese error message for an inspector-entered deduction, or None when it is valid."""
    if not amount.is_finite():
        return "扣分必须是有效数字"
    if amount <= ZERO:
        return "扣分必须大于 0"
    if amount > max_points:
        return f"扣分不能超过该项满分 {_plain(max_points)} 分"
    if amount != quantize(amount):
        return "扣分最多保留两位小数"
    return None


def effective_deduction(spec: ItemSpec, answer: Answer) -> Decimal:
    """Points actually taken off this item: 0 unless deducted; exemption never applies to a red line."""
    if answer.outcome is not Outcome.DEDUCT:
        return ZERO
    if answer.is_exempt and not answer.is_red_line:
        return ZERO
    if answer.deduction < ZERO:
        raise ValueError(f"{spec.code}: deduction must not be negative, got {answer.deduction}")
    return quantize(min(answer.deduction, spec.max_points))


def grade_for(total: Decimal, grades: Sequence[tuple[Decimal, str]] = DEFAULT_GRADES) -> str:
    """Name of the highest band whose minimum `total` reaches."""
    for minimum, name in sorted(grades, key=lambda band: band[0], reverse=True):
        if total >= minimum:
            return name
    raise ValueError(f"no grade band covers a total of {total}")


def default_deadline_days(category_deadline_days: int, is_red_line: bool, red_line_days: int = 1) -> int:
    """Default rectification deadline in calendar days: the red-line deadline overrides the category's."""
    days = red_line_days if is_red_line else category_deadline_days
    if days < 1:
        raise ValueError(f"deadline must be at least 1 day, got {days}")
    return days


def score(
    specs: Sequence[ItemSpec],
    answers: Mapping[str, Answer],
    grades: Sequence[tuple[Decimal, str]] = DEFAULT_GRADES,
) -> ScoreCard:
    """Score a (possibly draft) patrol.

    Unanswered items count as passed, so a draft shows a live score, and are listed in `unanswered`.
    Not-applicable items leave both earned and possible points; the total is re-scaled to 100.
    If every item is not applicable there is nothing to take points off: the total is 100
    (`ScoreCard.is_all_not_applicable` lets a caller refuse such a submission).
    """
    codes = _checked_codes(specs, answers)
    possible, deducted = _category_points(specs, answers)
    categories = tuple(
        CategoryScore(code, quantize(max(possible[code] - deducted[code], ZERO)), quantize(possible[code]))
        for code in possible
    )
    total_possible = sum(possible.values(), ZERO)
    total_earned = sum((c.earned for c in categories), ZERO)
    total = quantize(HUNDRED * total_earned / total_possible) if total_possible else quantize(HUNDRED)
    return ScoreCard(
        categories=categories,
        total=total,
        grade=grade_for(total, grades),
        has_red_line=any(a.is_red_line and a.outcome is Outcome.DEDUCT for a in answers.values()),
        answered=sum(1 for code in codes if code in answers),
        unanswered=tuple(code for code in codes if code not in answers),
    )


def _checked_codes(specs: Sequence[ItemSpec], answers: Mapping[str, Answer]) -> list[str]:
    """The items' codes, in order; refuses duplicates and answers to items that are not there."""
    codes = [spec.code for spec in specs]
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate item codes in specs")
    unknown = set(answers) - set(codes)
    if unknown:
        raise ValueError(f"answers for unknown items: {', '.join(sorted(unknown))}")
    return codes


def _category_points(specs: Sequence[ItemSpec], answers: Mapping[str, Answer],
                     ) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Per category: the points possible (not-applicable items left out) and the points deducted."""
    possible: dict[str, Decimal] = {}
    deducted: dict[str, Decimal] = {}
    for spec in specs:
        possible.setdefault(spec.category_code, ZERO)
        deducted.setdefault(spec.category_code, ZERO)
        answer = answers.get(spec.code)
        if answer is not None and answer.outcome is Outcome.NOT_APPLICABLE:
            continue
        possible[spec.category_code] += spec.max_points
        if answer is not None:
            deducted[spec.category_code] += effective_deduction(spec, answer)
    return possible, deducted


def _plain(value: Decimal) -> str:
    """Format points without trailing zeros: 6 → "6", 0.50 → "0.5"."""
    return format(value.normalize(), "f")
