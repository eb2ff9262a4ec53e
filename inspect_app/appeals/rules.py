"""Pure rules of an appeal (申诉): its states, what it contests, the filing window and the decisions allowed."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

WINDOW_WORKDAYS = 5  # a company may appeal within 5 working days of the order's issue (golive.md)


class AppealState(StrEnum):
    OPEN = "open"  # 待裁决
    UPHELD = "upheld"  # 维持: the deduction or finding stands
    OVERTURNED = "overturned"  # 撤销: the deduction is removed, or the finding withdrawn


class AppealTarget(StrEnum):
    DEDUCTION = "deduction"  # the inspection item's deduction behind the finding
    FINDING = "finding"  # the finding itself


DECISIONS = frozenset({(AppealState.OPEN, AppealState.UPHELD), (AppealState.OPEN, AppealState.OVERTURNED)})


class AppealRefused(ValueError):
    """The appeal cannot be filed or decided now (a 409 in the app)."""


def within_window(today: date, last_day: date) -> bool:
    """Filing is open until the end of the last working day of the window (inclusive)."""
    return today <= last_day


def check_decision(current: str, decision: str) -> None:
    if (current, decision) not in DECISIONS:
        raise AppealRefused(f"appeal cannot go {current} → {decision}")


def is_decided(state: str) -> bool:
    return state != AppealState.OPEN


def check_target(target: str, deduction: Decimal | None, has_item: bool) -> None:
    """A deduction can be contested only when the finding carries one from a patrol item."""
    if target not in tuple(AppealTarget):
        raise AppealRefused(f"unknown target {target}")
    if target == AppealTarget.DEDUCTION and (not has_item or not deduction):
        raise AppealRefused("no deduction to contest")
