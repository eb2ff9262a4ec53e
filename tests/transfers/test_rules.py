"""Transfer rules without HTTP or a database: the finding's moves, overdue, reminders due, the stopped clock."""

from datetime import date

import pytest

from inspect_app.findings import rules as finding_rules
from inspect_app.findings.rules import FindingMove, FindingState, MoveNotAllowed, check_move
from inspect_app.transfers import rules
from inspect_app.transfers.rules import DepartmentInput, TransferState


def test_only_an_open_finding_is_transferred():
    check_move(FindingState.OPEN, FindingState.TRANSFERRED, FindingMove.TRANSFER)
    assert finding_rules.sources(FindingMove.TRANSFER) == (FindingState.OPEN,)
    for state in (FindingState.ORDERED, FindingState.REPORTED, FindingState.CLOSED, FindingState.TRANSFERRED):
        with pytest.raises(MoveNotAllowed):
            check_move(state, FindingState.TRANSFERRED, FindingMove.TRANSFER)


def test_the_department_closes_or_returns_it_and_nothing_else_moves_it():
    check_move(FindingState.TRANSFERRED, FindingState.CLOSED, FindingMove.TRANSFER_DONE)
    check_move(FindingState.TRANSFERRED, FindingState.OPEN, FindingMove.TRANSFER_RETURN)
    moves_out = {move for source, _target, move in finding_rules.MOVES if source == FindingState.TRANSFERRED}
    assert moves_out == {FindingMove.TRANSFER_DONE, FindingMove.TRANSFER_RETURN}
    with pytest.raises(MoveNotAllowed):
        check_move(FindingState.TRANSFERRED, FindingState.ORDERED, FindingMove.ISSUE)  # never on an order meanwhile


def test_a_transferred_finding_is_never_overdue_itself():
    past = date(2026, 11, 1)
    assert finding_rules.is_overdue(FindingState.OPEN, past, date(2026, 11, 20))
    assert not finding_rules.is_overdue(FindingState.TRANSFERRED, past, date(2026, 11, 20))
    assert not finding_rules.is_overdue(FindingState.CLOSED, past, date(2026, 11, 20))


def test_a_transfer_is_overdue_after_its_deadline_while_pending():
    deadline = date(2026, 11, 16)
    assert not rules.is_overdue(TransferState.PENDING, deadline, deadline)
    assert rules.is_overdue(TransferState.PENDING, deadline, date(2026, 11, 17))
    assert not rules.is_overdue(TransferState.DONE, deadline, date(2026, 11, 17))
    assert not rules.is_overdue(TransferState.RETURNED, deadline, date(2026, 11, 17))


def test_the_reminder_is_due_on_the_working_day_before():
    friday, monday = date(2026, 11, 13), date(2026, 11, 16)
    assert rules.is_due_soon(TransferState.PENDING, monday, friday, next_workday=monday)  # over the weekend
    assert not rules.is_due_soon(TransferState.PENDING, monday, date(2026, 11, 12), next_workday=friday)
    assert not rules.is_due_soon(TransferState.PENDING, monday, monday, next_workday=date(2026, 11, 17))  # the day
    assert not rules.is_due_soon(TransferState.DONE, monday, friday, next_workday=monday)


def test_a_returned_finding_gets_back_the_days_it_was_away():
    assert rules.resumed_deadline(date(2026, 11, 9), date(2026, 11, 2), date(2026, 11, 12)) == date(2026, 11, 19)
    assert rules.resumed_deadline(date(2026, 11, 9), date(2026, 11, 2), date(2026, 11, 2)) == date(2026, 11, 9)
    assert rules.resumed_deadline(None, date(2026, 11, 2), date(2026, 11, 12)) is None


@pytest.mark.parametrize(("value", "problem"), [(None, "missing"), (0, "range"), (1, None), (60, None), (61, "range")])
def test_deadline_bounds(value, problem):
    assert rules.workdays_problem(value) == problem


def test_a_department_needs_a_name_and_a_working_email():
    assert rules.department_problems(DepartmentInput("区城管局", "", "cg@example.cn", "")) == {}
    assert rules.department_problems(DepartmentInput("", "", "", "")) == {"name": "missing", "email": "missing"}
    assert rules.department_problems(DepartmentInput("x" * 101, "", "not-mail", "abc")) == {
        "name": "too_long", "email": "format", "phone": "format"}
