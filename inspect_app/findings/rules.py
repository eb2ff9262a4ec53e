"""Pure rules of a finding's life: its states, the table of allowed moves, and overdue (derived, never stored)."""

from datetime import date
from enum import StrEnum


class FindingState(StrEnum):
    OPEN = "open"  # 挂账: on the ledger, not yet on an order
    ORDERED = "ordered"  # 已下发整改: on an issued order, with the company
    REPORTED = "reported"  # 已反馈待复查: the company reported the fix
    CLOSED = "closed"  # 已销号: verified and closed by a supervisor
    # 已转办: outside the company's remit, with a department (住建, 城管, 供热…) under its own deadline (transfers)
    TRANSFERRED = "transferred"


class FindingMove(StrEnum):
    """What makes a finding move: the use case, not the target state (a send-back and an issue both reach ORDERED)."""

    ISSUE = "issue"
    REPORT = "report"
    CLOSE = "close"
    SEND_BACK = "send_back"
    VOID = "void"
    # 无物业小区 under community care (社区代管, golive.md): no order, the community fixes it, a follow-up checks it.
    COMMUNITY_FIX = "community_fix"
    REOPEN = "reopen"  # the follow-up failed the community's fix: back on the open ledger
    WITHDRAW = "withdraw"  # 申诉 overturned: the finding was wrongly raised and is withdrawn (closed without a fix)
    RESIDENT_REJECT = "resident_reject"  # 回访: the resident who reported it says it is not fixed: open again
    TRANSFER = "transfer"  # 转办: staff hand an open finding to a department
    TRANSFER_DONE = "transfer_done"  # the department replied that it has dealt with it: closed
    TRANSFER_RETURN = "transfer_return"  # the department sent it back (not its remit either): open again


# (from, to, the move that makes it); every other triple is refused. One pair may be reached by two use cases
# (a voided order and a failed community fix both put a reported finding back on the open ledger).
MOVES: frozenset[tuple[str, str, FindingMove]] = frozenset({
    (FindingState.OPEN, FindingState.ORDERED, FindingMove.ISSUE),
    (FindingState.ORDERED, FindingState.REPORTED, FindingMove.REPORT),
    (FindingState.REPORTED, FindingState.REPORTED, FindingMove.REPORT),  # a second, better account of the same fix
    (FindingState.REPORTED, FindingState.CLOSED, FindingMove.CLOSE),
    (FindingState.ORDERED, FindingState.CLOSED, FindingMove.CLOSE),  # fixed without a report, confirmed on follow-up
    (FindingState.REPORTED, FindingState.ORDERED, FindingMove.SEND_BACK),
    (FindingState.ORDERED, FindingState.ORDERED, FindingMove.SEND_BACK),  # overdue and not fixed at follow-up
    (FindingState.ORDERED, FindingState.OPEN, FindingMove.VOID),  # its order was voided: back on the open ledger
    (FindingState.REPORTED, FindingState.OPEN, FindingMove.VOID),
    (FindingState.OPEN, FindingState.REPORTED, FindingMove.COMMUNITY_FIX),
    (FindingState.REPORTED, FindingState.OPEN, FindingMove.REOPEN),
    (FindingState.ORDERED, FindingState.CLOSED, FindingMove.WITHDRAW),
    (FindingState.REPORTED, FindingState.CLOSED, FindingMove.WITHDRAW),
    (FindingState.CLOSED, FindingState.OPEN, FindingMove.RESIDENT_REJECT),
    # 转办 only from the open ledger: a finding on an order is the company's until the order is voided.
    (FindingState.OPEN, FindingState.TRANSFERRED, FindingMove.TRANSFER),
    (FindingState.TRANSFERRED, FindingState.CLOSED, FindingMove.TRANSFER_DONE),
    (FindingState.TRANSFERRED, FindingState.OPEN, FindingMove.TRANSFER_RETURN),
})
_ORDER = (FindingState.OPEN, FindingState.ORDERED, FindingState.REPORTED, FindingState.TRANSFERRED,
          FindingState.CLOSED)
# Whose deadline no longer runs against the finding itself: closed, or with a department (its transfer's own).
NOT_RUNNING = (FindingState.CLOSED, FindingState.TRANSFERRED)


class MoveNotAllowed(ValueError):
    """The workflow does not allow this move from the current state."""


def check_move(current: str, target: str, move: str) -> None:
    """Raises MoveNotAllowed unless `move` takes a finding from `current` to `target`."""
    if (current, target, move) not in MOVES:
        raise MoveNotAllowed(f"finding cannot {move}: {current} → {target}")


def sources(move: str) -> tuple[str, ...]:
    """The states `move` can start from, in the states' order."""
    return tuple(state for state in _ORDER if any(s == state and m == move for s, _t, m in MOVES))


def allows(current: str, move: str) -> bool:
    """Whether `move` can start from `current` (to whichever target the table gives)."""
    return current in sources(move)


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """逾期: past its deadline and not closed — nor with a department (转办: the transfer's deadline runs instead,
    and it never counts against the company)."""
    return deadline is not None and state not in NOT_RUNNING and today > deadline
