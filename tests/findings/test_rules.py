"""A finding's workflow, exhaustively: every (from, to, move) allowed or refused, and overdue."""

import itertools
from datetime import date

import pytest

from inspect_app.findings import rules
from inspect_app.findings.rules import FindingMove, FindingState, MoveNotAllowed

OPEN, ORDERED, REPORTED, CLOSED = (FindingState.OPEN, FindingState.ORDERED, FindingState.REPORTED,
                                   FindingState.CLOSED)
ISSUE, REPORT, CLOSE, SEND_BACK, VOID = (FindingMove.ISSUE, FindingMove.REPORT, FindingMove.CLOSE,
                                         FindingMove.SEND_BACK, FindingMove.VOID)
COMMUNITY_FIX, REOPEN, WITHDRAW = FindingMove.COMMUNITY_FIX, FindingMove.REOPEN, FindingMove.WITHDRAW
RESIDENT_REJECT = FindingMove.RESIDENT_REJECT
TRANSFERRED = FindingState.TRANSFERRED
TRANSFER, TRANSFER_DONE, TRANSFER_RETURN = (FindingMove.TRANSFER, FindingMove.TRANSFER_DONE,
                                            FindingMove.TRANSFER_RETURN)
# Written out from domain.md, not derived from rules.MOVES: open → ordered → reported → (closed | back to ordered).
ALLOWED = {
    (OPEN, ORDERED, ISSUE),
    (ORDERED, REPORTED, REPORT),
    (REPORTED, REPORTED, REPORT),
    (REPORTED, CLOSED, CLOSE),
    (ORDERED, CLOSED, CLOSE),
    (REPORTED, ORDERED, SEND_BACK),
    (ORDERED, ORDERED, SEND_BACK),
    (ORDERED, OPEN, VOID),
    (REPORTED, OPEN, VOID),
    # 社区代管 (golive.md): the community fixes an open finding itself; a failed follow-up puts it back on the ledger.
    (OPEN, REPORTED, COMMUNITY_FIX),
    (REPORTED, OPEN, REOPEN),
    # 申诉 overturned (golive.md): a finding on an order is withdrawn, closed without a fix.
    (ORDERED, CLOSED, WITHDRAW),
    (REPORTED, CLOSED, WITHDRAW),
    # 回访 (golive.md): the resident who reported it rejects the fix of a closed finding: open again.
    (CLOSED, OPEN, RESIDENT_REJECT),
    # 转办 (golive.md): an open finding outside the company's remit goes to a department, whose reply closes it or
    # returns it to the open ledger.
    (OPEN, TRANSFERRED, TRANSFER),
    (TRANSFERRED, CLOSED, TRANSFER_DONE),
    (TRANSFERRED, OPEN, TRANSFER_RETURN),
}
EVERY_MOVE = list(itertools.product(FindingState, FindingState, FindingMove))


def test_the_table_covers_every_state_and_move():
    assert len(EVERY_MOVE) == 5 * 5 * 12
    assert {move for _from, _to, move in ALLOWED} == set(FindingMove)


@pytest.mark.parametrize("current,target,move", EVERY_MOVE)
def test_every_finding_move(current, target, move):
    if (current, target, move) in ALLOWED:
        rules.check_move(current, target, move)
        assert rules.allows(current, move)
    else:
        with pytest.raises(MoveNotAllowed):
            rules.check_move(current, target, move)


@pytest.mark.parametrize("current,move", list(itertools.product(FindingState, FindingMove)))
def test_allows_says_whether_a_move_can_start_here(current, move):
    expected = any(source == current and made_by == move for source, _target, made_by in ALLOWED)
    assert rules.allows(current, move) is expected
    assert (current in rules.sources(move)) is expected


def test_plain_strings_from_the_database_are_checked_alike():
    rules.check_move("ordered", "reported", "report")
    with pytest.raises(MoveNotAllowed):
        rules.check_move("closed", "open", "void")
    with pytest.raises(MoveNotAllowed):
        rules.check_move("nonsense", "open", "void")


def test_closed_is_final_but_for_the_residents_rejection():
    for target, move in itertools.product(FindingState, FindingMove):
        if (target, move) == (OPEN, RESIDENT_REJECT):
            continue
        with pytest.raises(MoveNotAllowed):
            rules.check_move(CLOSED, target, move)
    rules.check_move(CLOSED, OPEN, RESIDENT_REJECT)


@pytest.mark.parametrize(
    "state,deadline,today,expected",
    [
        (OPEN, date(2026, 5, 10), date(2026, 5, 11), True),
        (ORDERED, date(2026, 5, 10), date(2026, 5, 11), True),
        (REPORTED, date(2026, 5, 10), date(2026, 5, 11), True),
        (CLOSED, date(2026, 5, 10), date(2026, 5, 11), False),  # closed late is not overdue any more
        (ORDERED, date(2026, 5, 10), date(2026, 5, 10), False),  # the deadline day itself is still in time
        (ORDERED, None, date(2026, 5, 11), False),
    ],
)
def test_overdue_is_derived(state, deadline, today, expected):
    assert rules.is_overdue(state, deadline, today) is expected
