"""Pure workflow rules: allowed moves of findings and orders, the order's derived state, order numbers."""

from collections.abc import Iterable

OPEN, ORDERED, REPORTED, CLOSED = "open", "ordered", "reported", "closed"
DRAFT, ISSUED, ACKNOWLEDGED, VERIFIED, VOIDED = "draft", "issued", "acknowledged", "verified", "voided"

# (from, to) → the action that makes the move
FINDING_MOVES: dict[tuple[str, str], str] = {
    (OPEN, ORDERED): "issue",
    (ORDERED, REPORTED): "report",
    (REPORTED, REPORTED): "report",  # a second, better account of the same fix
    (REPORTED, CLOSED): "close",
    (ORDERED, CLOSED): "close",  # fixed without a report, confirmed on follow-up
    (REPORTED, ORDERED): "send_back",
    (ORDERED, ORDERED): "send_back",  # overdue and not fixed at follow-up
    (ORDERED, OPEN): "void",
    (REPORTED, OPEN): "void",
}

ORDER_MOVES: dict[tuple[str, str], str] = {
    (DRAFT, ISSUED): "issue",
    (ISSUED, ACKNOWLEDGED): "acknowledge",
    **{(s, VOIDED): "void" for s in (ISSUED, ACKNOWLEDGED, REPORTED)},
}

LIVE_ORDER_STATES = (ISSUED, ACKNOWLEDGED, REPORTED)


class MoveNotAllowed(ValueError):
    """The workflow does not allow this move from the current state."""


def check_finding_move(current: str, target: str, action: str) -> None:
    if FINDING_MOVES.get((current, target)) != action:
        raise MoveNotAllowed(f"finding cannot {action}: {current} → {target}")


def check_order_move(current: str, target: str) -> None:
    if (current, target) not in ORDER_MOVES:
        raise MoveNotAllowed(f"order cannot move {current} → {target}")


def derived_order_state(current: str, *, is_acknowledged: bool, finding_states: Iterable[str]) -> str:
    """An issued order's state follows from its findings: all closed → verified; all reported or closed → reported."""
    if current in (DRAFT, VOIDED):
        return current
    states = list(finding_states)
    if states and all(s == CLOSED for s in states):
        return VERIFIED
    if states and all(s in (REPORTED, CLOSED) for s in states):
        return REPORTED
    return ACKNOWLEDGED if is_acknowledged else ISSUED


def format_number(pattern: str, year: int, sequence: int) -> str:
    """e.g. 经开整改〔{year}〕第{seq:04d}号 → 经开整改〔2026〕第0042号"""
    return pattern.format(year=year, seq=sequence)
