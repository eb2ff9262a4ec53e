"""The workflow's allowed moves and the order's derived state, exhaustively."""

import itertools

import pytest

from inspect_app.orders import rules
from inspect_app.orders.rules import (
    ACKNOWLEDGED,
    CLOSED,
    DRAFT,
    ISSUED,
    OPEN,
    ORDERED,
    REPORTED,
    VERIFIED,
    VOIDED,
    MoveNotAllowed,
)

FINDING_STATES = (OPEN, ORDERED, REPORTED, CLOSED)
ACTIONS = ("issue", "report", "close", "send_back", "void")
ALLOWED = {
    (OPEN, ORDERED, "issue"),
    (ORDERED, REPORTED, "report"),
    (REPORTED, REPORTED, "report"),
    (REPORTED, CLOSED, "close"),
    (ORDERED, CLOSED, "close"),
    (REPORTED, ORDERED, "send_back"),
    (ORDERED, ORDERED, "send_back"),
    (ORDERED, OPEN, "void"),
    (REPORTED, OPEN, "void"),
}


@pytest.mark.parametrize("current,target,action", list(itertools.product(FINDING_STATES, FINDING_STATES, ACTIONS)))
def test_every_finding_move(current, target, action):
    if (current, target, action) in ALLOWED:
        rules.check_finding_move(current, target, action)
    else:
        with pytest.raises(MoveNotAllowed):
            rules.check_finding_move(current, target, action)


def test_closed_is_final():
    for target, action in itertools.product(FINDING_STATES, ACTIONS):
        with pytest.raises(MoveNotAllowed):
            rules.check_finding_move(CLOSED, target, action)


ORDER_STATES = (DRAFT, ISSUED, ACKNOWLEDGED, REPORTED, VERIFIED, VOIDED)


@pytest.mark.parametrize("current,target", list(itertools.product(ORDER_STATES, ORDER_STATES)))
def test_every_order_move(current, target):
    allowed = {(DRAFT, ISSUED), (ISSUED, ACKNOWLEDGED), (ISSUED, VOIDED), (ACKNOWLEDGED, VOIDED), (REPORTED, VOIDED)}
    if (current, target) in allowed:
        rules.check_order_move(current, target)
    else:
        with pytest.raises(MoveNotAllowed):
            rules.check_order_move(current, target)


@pytest.mark.parametrize(
    "current,acknowledged,states,expected",
    [
        (ISSUED, False, [ORDERED, ORDERED], ISSUED),
        (ISSUED, True, [ORDERED, ORDERED], ACKNOWLEDGED),
        (ACKNOWLEDGED, True, [REPORTED, ORDERED], ACKNOWLEDGED),
        (ACKNOWLEDGED, True, [REPORTED, REPORTED], REPORTED),
        (REPORTED, True, [REPORTED, CLOSED], REPORTED),
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
