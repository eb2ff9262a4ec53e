"""Unit tests of the pure checklist scoring rules."""

from decimal import Decimal as D

import pytest

from inspect_app.checklists.rules import (
    DEFAULT_GRADES,
    Answer,
    CategoryScore,
    ItemSpec,
    Outcome,
    deduction_amount,
    default_deadline_days,
    effective_deduction,
    grade_for,
    score,
    validate_custom_deduction,
)

# A small checklist: A = 10 (A1 6, A2 4), B = 10 (B1 5, B2 5), C = 80 (C1 80).
SPECS = (
    ItemSpec("A1", "A", D(6)),
    ItemSpec("A2", "A", D(4)),
    ItemSpec("B1", "B", D(5)),
    ItemSpec("B2", "B", D(5)),
    ItemSpec("C1", "C", D(80)),
)
ALL_PASS = {spec.code: Answer(Outcome.PASS) for spec in SPECS}
NA = Answer(Outcome.NOT_APPLICABLE)


def deduct(amount: str, *, exempt: bool = False, red_line: bool = False) -> Answer:
    return Answer(Outcome.DEDUCT, D(amount), is_exempt=exempt, is_red_line=red_line)


def with_answers(**changes: Answer) -> dict[str, Answer]:
    return {**ALL_PASS, **changes}


@pytest.mark.parametrize(
    ("unit", "count", "max_points", "expected"),
    [
        ("1", 1, "6", "1.00"),  # H1 未日产日清 once
        ("1", 3, "6", "3.00"),
        ("0.5", 1, "6", "0.50"),
        ("0.5", 5, "6", "2.50"),
        ("0.2", 7, "3", "1.40"),
        ("0.5", 12, "6", "6.00"),  # exactly the maximum
        ("0.5", 13, "6", "6.00"),  # capped
        ("2", 4, "6", "6.00"),  # Q4 堵塞消防通道 ×4 capped at 6
        ("2", 1, "4", "2.00"),  # H4 缺一类设施
        ("0.5", 100, "3", "3.00"),  # F3 percentage points, far over
        ("0.2", 3, "3", "0.60"),
    ],
)
def test_deduction_amount_multiplies_and_caps(unit: str, count: int, max_points: str, expected: str) -> None:
    result = deduction_amount(D(unit), count, D(max_points))
    assert result == D(expected)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("count", [0, -1, True, 1.5])
def test_deduction_amount_refuses_bad_count(count: object) -> None:
    with pytest.raises(ValueError, match="count"):
        deduction_amount(D("0.5"), count, D(6))  # type: ignore[arg-type]


@pytest.mark.parametrize("unit", ["0", "-0.5"])
def test_deduction_amount_refuses_non_positive_unit(unit: str) -> None:
    with pytest.raises(ValueError, match="unit_amount"):
        deduction_amount(D(unit), 1, D(6))


@pytest.mark.parametrize(
    ("amount", "max_points", "message"),
    [
        ("0", "6", "扣分必须大于 0"),
        ("-1", "6", "扣分必须大于 0"),
        ("-0.01", "6", "扣分必须大于 0"),
        ("6.01", "6", "扣分不能超过该项满分 6 分"),
        ("10", "6", "扣分不能超过该项满分 6 分"),
        ("1.5", "1", "扣分不能超过该项满分 1 分"),
        ("0.6", "0.50", "扣分不能超过该项满分 0.5 分"),
        ("0.333", "6", "扣分最多保留两位小数"),
        ("NaN", "6", "扣分必须是有效数字"),
        ("Infinity", "6", "扣分必须是有效数字"),
    ],
)
def test_validate_custom_deduction_errors(amount: str, max_points: str, message: str) -> None:
    assert validate_custom_deduction(D(amount), D(max_points)) == message


@pytest.mark.parametrize(
    ("amount", "max_points"),
    [("0.01", "6"), ("0.5", "6"), ("6", "6"), ("6.00", "6"), ("1", "1"), ("2.75", "3")],
)
def test_validate_custom_deduction_accepts(amount: str, max_points: str) -> None:
    assert validate_custom_deduction(D(amount), D(max_points)) is None


SPEC_A1 = SPECS[0]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Answer(Outcome.PASS), "0"),
        (NA, "0"),
        (Answer(Outcome.PASS, D(3)), "0"),  # a stale deduction on a pass counts for nothing
        (Answer(Outcome.NOT_APPLICABLE, D(3)), "0"),
        (deduct("1.5"), "1.50"),
        (deduct("6"), "6.00"),
        (deduct("9"), "6.00"),  # capped at the item's max
        (deduct("2", exempt=True), "0"),  # rule 4: warned, discouraged, reported
        (deduct("2", red_line=True), "2.00"),
        (deduct("2", exempt=True, red_line=True), "2.00"),  # red line never exempt
        (deduct("8", exempt=True, red_line=True), "6.00"),
        (deduct("0.125"), "0.13"),  # rounds half up
    ],
)
def test_effective_deduction(answer: Answer, expected: str) -> None:
    assert effective_deduction(SPEC_A1, answer) == D(expected)


def test_effective_deduction_refuses_negative() -> None:
    with pytest.raises(ValueError, match="A1"):
        effective_deduction(SPEC_A1, deduct("-1"))


def test_score_all_pass_is_full_marks() -> None:
    card = score(SPECS, ALL_PASS)
    assert card.total == D("100.00")
    assert card.grade == "优秀"
    assert card.categories == (
        CategoryScore("A", D(10), D(10)),
        CategoryScore("B", D(10), D(10)),
        CategoryScore("C", D(80), D(80)),
    )
    assert (card.answered, card.unanswered, card.has_red_line) == (5, (), False)
    assert card.possible == D(100)
    assert not card.is_all_not_applicable


def test_score_subtracts_deductions_per_category() -> None:
    card = score(SPECS, with_answers(A1=deduct("1.5"), A2=deduct("0.5"), C1=deduct("3")))
    assert [(c.code, c.earned, c.possible) for c in card.categories] == [
        ("A", D("8.00"), D("10.00")),
        ("B", D("10.00"), D("10.00")),
        ("C", D("77.00"), D("80.00")),
    ]
    assert card.total == D("95.00")
    assert card.grade == "优秀"


def test_score_caps_each_item_and_floors_category_at_zero() -> None:
    card = score(SPECS, with_answers(A1=deduct("50"), A2=deduct("50")))
    assert card.categories[0] == CategoryScore("A", D(0), D(10))
    assert card.total == D("90.00")


def test_score_excludes_not_applicable_and_rescales() -> None:
    # B entirely NA: possible 90; A1 loses 4.5 → earned 85.5 → 95.00 out of 100.
    card = score(SPECS, with_answers(B1=NA, B2=NA, A1=deduct("4.5")))
    assert card.categories[1] == CategoryScore("B", D(0), D(0))
    assert card.possible == D(90)
    assert card.total == D("95.00")
    assert card.grade == "优秀"
    assert card.answered == 5


def test_score_rescales_single_na_item() -> None:
    # A2 NA (4): possible 96; deduct 6 → 90/96 = 93.75.
    card = score(SPECS, with_answers(A2=NA, C1=deduct("6")))
    assert card.categories[0] == CategoryScore("A", D(6), D(6))
    assert card.total == D("93.75")
    assert card.grade == "良好"


def test_score_na_deduction_is_ignored() -> None:
    card = score(SPECS, with_answers(A1=Answer(Outcome.NOT_APPLICABLE, D(5), is_red_line=True)))
    assert card.total == D("100.00")
    assert card.has_red_line is False


def test_score_all_not_applicable_is_100() -> None:
    card = score(SPECS, {spec.code: NA for spec in SPECS})
    assert card.total == D("100.00")
    assert card.grade == "优秀"
    assert card.possible == D(0)
    assert card.is_all_not_applicable
    assert all(c.earned == 0 and c.possible == 0 for c in card.categories)


def test_score_exemption() -> None:
    card = score(SPECS, with_answers(B1=deduct("2", exempt=True)))
    assert card.total == D("100.00")
    assert card.categories[1].earned == D(10)


def test_score_red_line_is_deducted_and_flagged_even_if_exempt() -> None:
    card = score(SPECS, with_answers(B1=deduct("2", exempt=True, red_line=True)))
    assert card.has_red_line is True
    assert card.categories[1].earned == D(8)
    assert card.total == D("98.00")


def test_red_line_flag_needs_a_deduction() -> None:
    card = score(SPECS, with_answers(B1=Answer(Outcome.PASS, is_red_line=True)))
    assert card.has_red_line is False


def test_score_unanswered_count_as_pass_but_are_listed() -> None:
    answers = {"A1": deduct("1"), "C1": Answer(Outcome.PASS)}
    card = score(SPECS, answers)
    assert card.total == D("99.00")
    assert card.answered == 2
    assert card.unanswered == ("A2", "B1", "B2")  # in checklist order


def test_score_with_no_answers() -> None:
    card = score(SPECS, {})
    assert card.total == D("100.00")
    assert card.answered == 0
    assert card.unanswered == tuple(spec.code for spec in SPECS)


@pytest.mark.parametrize(
    ("max_points", "deduction", "expected"),
    [
        ("3", "1", "66.67"),  # 66.666…
        ("3", "2.5", "16.67"),
        ("3", "0.5", "83.33"),  # 83.333…
        ("400", "0.06", "99.99"),  # exactly 99.985: half-up, where half-even would give 99.98
        ("400", "0.02", "100.00"),  # 99.995
        ("400", "0.1", "99.98"),  # 99.975
    ],
)
def test_score_rounds_total_half_up(max_points: str, deduction: str, expected: str) -> None:
    specs = (ItemSpec("X1", "X", D(max_points)),)
    assert score(specs, {"X1": deduct(deduction)}).total == D(expected)


def test_grade_uses_rounded_total() -> None:
    # 100 × 379.98 / 400 = 94.995 → shown as 95.00, so graded 优秀.
    specs = (ItemSpec("X1", "X", D(200)), ItemSpec("X2", "X", D(200)))
    card = score(specs, {"X1": deduct("20.02")})
    assert (card.total, card.grade) == (D("95.00"), "优秀")


def test_score_with_custom_grades() -> None:
    grades = ((D(90), "A"), (D(0), "B"))
    assert score(SPECS, with_answers(C1=deduct("10")), grades).grade == "A"
    assert score(SPECS, with_answers(C1=deduct("10.01")), grades).grade == "B"


def test_score_refuses_unknown_answer_codes() -> None:
    with pytest.raises(ValueError, match="Z9"):
        score(SPECS, {"Z9": Answer(Outcome.PASS)})


def test_score_refuses_duplicate_specs() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        score((*SPECS, SPECS[0]), {})


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优秀"),
        ("95", "优秀"),
        ("95.00", "优秀"),
        ("94.99", "良好"),
        ("85", "良好"),
        ("84.99", "合格"),
        ("75", "合格"),
        ("74.99", "一般"),
        ("65", "一般"),
        ("64.99", "较差"),
        ("60", "较差"),
        ("59.99", "不合格"),
        ("0", "不合格"),
    ],
)
def test_grade_boundaries(total: str, grade: str) -> None:
    assert grade_for(D(total)) == grade


def test_grade_for_accepts_unsorted_bands() -> None:
    assert grade_for(D(70), tuple(reversed(DEFAULT_GRADES))) == "一般"


def test_grade_for_refuses_uncovered_total() -> None:
    with pytest.raises(ValueError, match="no grade band"):
        grade_for(D(50), ((D(60), "及格"),))


@pytest.mark.parametrize(
    ("category_days", "is_red_line", "red_line_days", "expected"),
    [(3, False, 1, 3), (15, False, 1, 15), (7, True, 1, 1), (15, True, 1, 1), (7, True, 2, 2)],
)
def test_default_deadline_days(
    category_days: int, is_red_line: bool, red_line_days: int, expected: int
) -> None:
    assert default_deadline_days(category_days, is_red_line, red_line_days) == expected


def test_default_deadline_days_default_red_line_is_one_day() -> None:
    assert default_deadline_days(7, True) == 1


@pytest.mark.parametrize(("category_days", "is_red_line"), [(0, False), (-3, False)])
def test_default_deadline_days_refuses_non_positive(category_days: int, is_red_line: bool) -> None:
    with pytest.raises(ValueError, match="deadline"):
        default_deadline_days(category_days, is_red_line)
