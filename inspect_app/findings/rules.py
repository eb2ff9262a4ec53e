"""Pure rules of a finding's life: its states, the table of allowed moves, and overdue (derived, never stored)."""

from datetime import date
from enum import StrEnum


class FindingState(StrEnum):
    OPEN = "open"  # 挂账: on the ledger, not yet on an order
    ORDERED = "ordered"  # 已下发整改: on an issued order, with the company
    REPORTED = "reported"  # 已反馈待复查: the company reported the fix
    CLOSED = "closed"  # 已销号: verified and closed by a supervisor


class FindingMove(StrEnum):
    """What makes a finding move: the use case, not the target state (a send-back and an issue both reach ORDERED)."""

    ISSUE = "issue"
    REPORT = "report"
    CLOSE = "close"
    SEND_BACK = "send_back"
    VOID = "void"


# (from, to) → the move that makes it; every other pair is refused.
MOVES: dict[tuple[str, str], FindingMove] = {
    (FindingState.OPEN, FindingState.ORDERED): FindingMove.ISSUE,
    (FindingState.ORDERED, FindingState.REPORTED): FindingMove.REPORT,
    (FindingState.REPORTED, FindingState.REPORTED): FindingMove.REPORT,  # a second, better account of the same fix
    (FindingState.REPORTED, FindingState.CLOSED): FindingMove.CLOSE,
    (FindingState.ORDERED, FindingState.CLOSED): FindingMove.CLOSE,  # fixed without a report, confirmed on follow-up
    (FindingState.REPORTED, FindingState.ORDERED): FindingMove.SEND_BACK,
    (FindingState.ORDERED, FindingState.ORDERED): FindingMove.SEND_BACK,  # overdue and not fixed at follow-up
    (FindingState.ORDERED, FindingState.OPEN): FindingMove.VOID,  # its order was voided: back on the open ledger
    (FindingState.REPORTED, FindingState.OPEN): FindingMove.VOID,
}


class MoveNotAllowed(ValueError):
    """The workflow does not allow this move from the current state."""


def check_move(current: str, target: str, move: str) -> None:
    """Raises MoveNotAllowed unless `move` takes a finding from `current` to `target`."""
    if MOVES.get((current, target)) != move:
        raise MoveNotAllowed(f"finding cannot {move}: {current} → {target}")


def sources(move: str) -> tuple[str, ...]:
    """The states `move` can start from, in the table's order."""
    return tuple(dict.fromkeys(source for (source, _target), made_by in MOVES.items() if made_by == move))


def allows(current: str, move: str) -> bool:
    """Whether `move` can start from `current` (to whichever target the table gives)."""
    return current in sources(move)


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """逾期: past its deadline and not closed."""
    return deadline is not None and state != FindingState.CLOSED and today > deadline
