"""An order's workflow, exhaustively: every (from, to) allowed or refused, its derived state, overdue, numbers."""

import itertools
from datetime import date

import pytest

from inspect_app.findings.rules import FindingState
from inspect_app.orders import rules
from inspect_app.orders.rules import MoveNotAllowed, OrderState

DRAFT, ISSUED, ACKNOWLEDGED, REPORTED, VERIFIED, VOIDED = (
    OrderState.DRAFT, OrderState.ISSUED, OrderState.ACKNOWLEDGED, OrderState.REPORTED, OrderState.VERIFIED,
    OrderState.VOIDED)
OPEN, ORDERED, F_REPORTED, CLOSED = (FindingState.OPEN, FindingState.ORDERED, FindingState.REPORTED,
                                     FindingState.CLOSED)
# Moves made by a use case (domain.md: an order is never deleted once issued; it can be voided with a reason).
ALLOWED = {(DRAFT, ISSUED), (ISSUED, ACKNOWLEDGED), (ISSUED, VOIDED), (ACKNOWLEDGED, VOIDED), (REPORTED, VOIDED)}


@pytest.mark.parametrize("current,target", list(itertools.product(OrderState, OrderState)))
def test_every_order_move(current, target):
    assert rules.can_move(current, target) is ((current, target) in ALLOWED)
    if (current, target) in ALLOWED:
        rules.check_move(current, target)
    else:
        with pytest.raises(MoveNotAllowed):
            rules.check_move(current, target)


@pytest.mark.parametrize("state", list(OrderState))
def test_live_states(state):
    assert rules.is_live(state) is (state in (ISSUED, ACKNOWLEDGED, REPORTED))


@pytest.mark.parametrize("state", list(OrderState))
def test_overdue_only_while_live(state):
    assert rules.is_overdue(state, date(2026, 5, 10), date(2026, 5, 11)) is rules.is_live(state)
    assert not rules.is_overdue(state, date(2026, 5, 10), date(2026, 5, 10))
    assert not rules.is_overdue(state, None, date(2026, 5, 11))


@pytest.mark.parametrize(
    "current,acknowledged,states,expected",
    [
        (ISSUED, False, [ORDERED, ORDERED], ISSUED),
        (ISSUED, True, [ORDERED, ORDERED], ACKNOWLEDGED),
        (ACKNOWLEDGED, True, [F_REPORTED, ORDERED], ACKNOWLEDGED),
        (ACKNOWLEDGED, True, [F_REPORTED, F_REPORTED], REPORTED),
        (REPORTED, True, [F_REPORTED, CLOSED], REPORTED),
        (REPORTED, True, [CLOSED, CLOSED], VERIFIED),
        (REPORTED, True, [ORDERED, CLOSED], ACKNOWLEDGED),  # one sent back
        (ISSUED, False, [CLOSED], VERIFIED),
        (DRAFT, False, [OPEN], DRAFT),
        (VOIDED, True, [OPEN], VOIDED),
        (ISSUED, False, [], ISSUED),
    ],
)
def test_derived_order_state(current, acknowledged, states, expected):
    assert rules.derived_order_state(current, is_acknowledged=acknowledged, finding_states=states) == expected


@pytest.mark.parametrize(
    "year,seq,expected",
    [
        (2026, 42, "经开整改〔2026〕第0042号"),
        (2027, 1, "经开整改〔2027〕第0001号"),
        (2026, 12345, "经开整改〔2026〕第12345号"),
    ],
)
def test_order_number_format(year, seq, expected):
    assert rules.format_number("经开整改〔{year}〕第{seq:04d}号", year, seq) == expected
