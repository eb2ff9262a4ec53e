"""Pure rules of an order's life: its states, the table of allowed moves, its derived state, overdue, numbers."""

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from inspect_app.findings.rules import FindingState, MoveNotAllowed


class OrderState(StrEnum):
    DRAFT = "draft"  # 草稿: no number yet, staff only
    ISSUED = "issued"  # 已签发: numbered, waiting for the company's acknowledgement
    ACKNOWLEDGED = "acknowledged"  # 已签收
    REPORTED = "reported"  # 已反馈: every finding reported (or closed)
    VERIFIED = "verified"  # 已销号: every finding closed
    VOIDED = "voided"  # 已作废: issued by mistake; kept, never deleted


# What the record says of a draft deleted before it was issued; no order is ever in this state.
DISCARDED = "discarded"

# The states an issued order is worked in: followed up, voidable, overdue once past its deadline.
LIVE_STATES = frozenset({OrderState.ISSUED, OrderState.ACKNOWLEDGED, OrderState.REPORTED})
# The states in which the company reports fixes (after acknowledging, before everything is closed).
REPORTING_STATES = frozenset({OrderState.ACKNOWLEDGED, OrderState.REPORTED})

# The moves made by a use case; REPORTED and VERIFIED are reached only through derived_order_state.
MOVES: frozenset[tuple[str, str]] = frozenset({
    (OrderState.DRAFT, OrderState.ISSUED),
    (OrderState.ISSUED, OrderState.ACKNOWLEDGED),
    *((state, OrderState.VOIDED) for state in LIVE_STATES),
})


def can_move(current: str, target: str) -> bool:
    return (current, target) in MOVES


def check_move(current: str, target: str) -> None:
    if not can_move(current, target):
        raise MoveNotAllowed(f"order cannot move {current} → {target}")


def is_live(state: str) -> bool:
    return state in LIVE_STATES


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """逾期: a live order past its deadline."""
    return deadline is not None and is_live(state) and today > deadline


def derived_order_state(current: str, *, is_acknowledged: bool, finding_states: Iterable[str]) -> str:
    """An issued order's state follows from its findings: all closed → verified; all reported or closed → reported."""
    if current in (OrderState.DRAFT, OrderState.VOIDED):
        return current
    states = list(finding_states)
    if states and all(s == FindingState.CLOSED for s in states):
        return OrderState.VERIFIED
    if states and all(s in (FindingState.REPORTED, FindingState.CLOSED) for s in states):
        return OrderState.REPORTED
    return OrderState.ACKNOWLEDGED if is_acknowledged else OrderState.ISSUED


def format_number(pattern: str, year: int, sequence: int) -> str:
    """e.g. 经开整改〔{year}〕第{seq:04d}号 → 经开整改〔2026〕第0042号"""
    return pattern.format(year=year, seq=sequence)
