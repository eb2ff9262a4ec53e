"""Pure rules: receipt codes, phone numbers, titles, categories and the steps a resident sees."""

import pytest

from inspect_app.resident_reports import rules


def test_receipt_codes_are_eight_unambiguous_characters():
    codes = {rules.new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 8 and not set(code) & set("01OI") and set(code) <= set(rules.RECEIPT_ALPHABET)


@pytest.mark.parametrize("typed, expected", [
    ("ABCD2345", "ABCD2345"), ("abcd2345", "ABCD2345"), (" abcd-2345 ", "ABCD2345"), ("ＡＢＣＤ２３４５", "ABCD2345"),
    ("ABCD 2345", "ABCD2345"), ("ABCD234", None), ("ABCD23450", None), ("ABCD0345", None), ("ABCDI345", None),
    ("", None), ("../../etc", None),
])
def test_typed_receipt_codes_are_normalised(typed, expected):
    assert rules.normalize_receipt_code(typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ("13800138000", "13800138000"), ("138 0013 8000", "13800138000"), ("138-0013-8000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"), ("8613800138000", "13800138000"), ("１３８００１３８０００", "13800138000"),
    ("0313-1234567", "0313-1234567"), ("03131234567", "03131234567"), ("010-12345678", "010-12345678"),
    ("0313-1234567-801", "0313-1234567-801"), ("(0313)1234567", "03131234567"),
    ("12800138000", None), ("1380013800", None), ("138001380001", None), ("1234567", None), ("abc", None),
    ("0313-123", None), ("13800138000; DROP TABLE", None),
])
def test_phone_numbers_are_mainland_mobiles_or_landlines(typed, expected):
    assert rules.normalize_phone(typed) == expected


def test_title_is_the_first_forty_characters_on_one_line():
    assert rules.title_from("楼道\n堆放  杂物") == "楼道 堆放 杂物"
    long = "很" * 41
    assert rules.title_from(long) == "很" * 40 + "…"
    assert rules.title_from("很" * 40) == "很" * 40


def test_other_goes_to_service_and_disclosure_unless_chosen_otherwise():
    assert rules.finding_category("X") == "S"
    assert rules.finding_category("H") == "H"


@pytest.mark.parametrize("status, finding_state, reached", [
    ("received", None, ["received"]),
    ("accepted", "open", ["received", "accepted"]),
    ("merged", "ordered", ["received", "accepted", "in_progress"]),
    ("accepted", "reported", ["received", "accepted", "in_progress"]),
    ("accepted", "closed", ["received", "accepted", "in_progress", "closed"]),
    ("declined", None, ["received", "declined"]),
])
def test_progress_steps(status, finding_state, reached):
    steps = rules.progress_steps(status, finding_state)
    assert [step for step, done in steps if done] == reached
    if status != "declined":
        assert [step for step, _done in steps] == list(rules.STEPS)
