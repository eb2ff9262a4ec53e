"""The shared form helpers and the order draft form, without HTTP."""

from datetime import date
from types import SimpleNamespace

from inspect_app.core.forms import client_key
from inspect_app.orders.forms import finding_ids, parse_date, parse_draft


def test_client_key_takes_what_the_pages_and_the_outbox_send_and_nothing_else():
    assert client_key({"client_key": " 0f" + "a" * 30 + " "}) == "0f" + "a" * 30
    assert client_key({"submit_key": "k1"}, "submit_key") == "k1"
    assert client_key({}) is None and client_key({"client_key": ""}) is None
    assert client_key({"client_key": "a" * 41}) is None  # longer than any key we make
    assert client_key({"client_key": "a:b"}) is None and client_key({"client_key": "<x>"}) is None


def _order(*line_ids: int):
    return SimpleNamespace(lines=[SimpleNamespace(id=i) for i in line_ids])


def test_draft_form_keeps_each_line_and_names_each_bad_field():
    draft, errors = parse_draft(_order(1, 2), {"requirement-1": " 清理 ", "deadline-1": "2026-12-01",
                                               "requirement-2": "", "deadline-2": "2026-12-02",
                                               "remarks": " 备注 ", "lock_version": "3"})
    assert draft.lines == {1: ("清理", date(2026, 12, 1)), 2: ("", date(2026, 12, 2))}
    assert draft.remarks == "备注" and draft.lock_version == 3
    assert set(errors) == {"requirement-2"}
    _draft, errors = parse_draft(_order(1), {"requirement-1": "x", "deadline-1": "明天", "remarks": "长" * 2001})
    assert set(errors) == {"deadline-1", "remarks"}


def test_dates_and_ticked_findings_ignore_what_is_not_one():
    assert parse_date({"deadline": "2026-01-31"}, "deadline") == date(2026, 1, 31)
    assert parse_date({"deadline": ""}, "deadline") is None and parse_date({}, "deadline") is None
    assert finding_ids(["3", "x", "٣", "12"]) == [3, 12]
