"""Tests of the checklist loader: the shipped default is valid, broken variants are refused."""

import copy
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspect_app.checklists.loader import (
    DEFAULT_CHECKLIST_PATH,
    ChecklistError,
    grade_bands,
    item_specs,
    load_checklist_file,
    parse_checklist,
    validate_checklist,
)
from inspect_app.checklists.rules import DEFAULT_GRADES, Answer, Outcome, score

RAW = yaml.safe_load(DEFAULT_CHECKLIST_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checklist() -> dict[str, Any]:
    return load_checklist_file(DEFAULT_CHECKLIST_PATH)


def items_by_code(checklist: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for category in checklist["categories"] for item in category["items"]}


def test_default_path_is_the_shipped_file() -> None:
    assert DEFAULT_CHECKLIST_PATH.name == "checklist_default.yaml"
    assert DEFAULT_CHECKLIST_PATH.is_file()


def test_default_checklist_header(checklist: dict[str, Any]) -> None:
    assert checklist["code"] == "default"
    assert checklist["name"] == "住宅小区物业服务动态巡查表"
    assert checklist["total_points"] == D(100)
    assert checklist["red_line_deadline_days"] == 1
    assert load_checklist_file() == checklist  # the path defaults to the shipped file


def test_default_checklist_categories(checklist: dict[str, Any]) -> None:
    summary = [
        (c["code"], c["name"], c["max_points"], c["deadline_days"], len(c["items"]))
        for c in checklist["categories"]
    ]
    assert summary == [
        ("H", "环境卫生", D(30), 3, 8),
        ("Q", "秩序维护与车辆管理", D(25), 7, 6),
        ("F", "设施设备", D(20), 15, 6),
        ("G", "绿化养护", D(10), 7, 3),
        ("S", "服务与公示", D(15), 7, 6),
    ]
    for category in checklist["categories"]:
        assert sum(item["max_points"] for item in category["items"]) == category["max_points"]
    assert sum(c["max_points"] for c in checklist["categories"]) == D(100)


def test_default_checklist_has_29_items_each_with_presets(checklist: dict[str, Any]) -> None:
    items = items_by_code(checklist)
    assert len(items) == 29
    for item in items.values():
        assert item["presets"], item["code"]
        assert item["requirement"], item["code"]
        assert all(D(0) < p["amount"] <= item["max_points"] for p in item["presets"]), item["code"]


@pytest.mark.parametrize(
    ("code", "max_points", "presets"),
    [
        ("H1", "6", [("未日产日清", "1", "次"), ("散落满溢", "0.5", "处")]),
        ("H4", "4", [("缺一类分类设施", "2", "项"), ("无分类宣传", "1", None)]),
        ("H7", "2", [("无消杀记录", "0.5", None)]),
        ("Q3", "3", [("无登记制度", "2", None), ("登记执行不严", "1", None)]),
        ("Q5", "3", [("僵尸车未登记清理", "0.5", "辆")]),
        ("F3", "3", [("照明完好率每低1个百分点", "0.5", "个百分点")]),
        ("F5", "4", [("渗漏破损", "0.2", "处")]),
        ("S1", "3", [("缺一项公示内容", "1", "项")]),
        ("S2", "3", [("报修投诉超期", "0.5", "件")]),
    ],
)
def test_default_presets_follow_the_table(
    checklist: dict[str, Any], code: str, max_points: str, presets: list[tuple[str, str, str | None]]
) -> None:
    item = items_by_code(checklist)[code]
    assert item["max_points"] == D(max_points)
    assert [(p["label"], p["amount"], p["unit"]) for p in item["presets"]] == [
        (label, D(amount), unit) for label, amount, unit in presets
    ]


def test_only_q4_fire_lane_is_a_red_line(checklist: dict[str, Any]) -> None:
    red_lines = [
        (item["code"], p["label"], p["amount"], p["unit"])
        for item in items_by_code(checklist).values()
        for p in item["presets"]
        if p.get("red_line")
    ]
    assert red_lines == [("Q4", "堵塞消防通道", D(2), "处")]


def test_exemptable_and_gated_items(checklist: dict[str, Any]) -> None:
    items = items_by_code(checklist).values()
    assert [i["code"] for i in items if i["exemptable"]] == ["Q6", "G1"]
    assert [i["code"] for i in items if i["gated_only"]] == ["Q1", "Q2", "Q3"]


def test_photo_required_items(checklist: dict[str, Any]) -> None:
    no_photo = {"H5", "H7", "H8", "Q1", "Q3", "F3", "G2", "G3", "S2", "S3", "S4", "S5", "S6"}
    for code, item in items_by_code(checklist).items():
        assert item["photo_required"] is (code not in no_photo), code


def test_grade_bands(checklist: dict[str, Any]) -> None:
    assert grade_bands(checklist) == DEFAULT_GRADES


def test_item_specs_feed_the_scorer(checklist: dict[str, Any]) -> None:
    specs = item_specs(checklist)
    assert len(specs) == 29
    assert (specs[0].code, specs[0].category_code, specs[0].max_points) == ("H1", "H", D(6))
    # The open-compound case: gate items NA, one fire lane blocked.
    answers = {code: Answer(Outcome.NOT_APPLICABLE) for code in ("Q1", "Q2", "Q3")}
    answers["Q4"] = Answer(Outcome.DEDUCT, D(2), is_red_line=True)
    card = score(specs, answers, grade_bands(checklist))
    assert card.possible == D(88)
    assert card.total == D("97.73")  # 100 × 86 / 88
    assert card.has_red_line
    assert len(card.unanswered) == 25


def edit(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting a dotted path (list indexes as numbers) to `value`; DELETE removes the key."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        for key in parents:
            data = data[key]
        if value is DELETE:
            del data[last]
        else:
            data[last] = value

    return mutate


DELETE = object()


def duplicate_item(data: dict[str, Any]) -> None:
    data["categories"][0]["items"][1]["code"] = "H1"


def duplicate_category(data: dict[str, Any]) -> None:
    data["categories"][3]["code"] = "H"


def move_points(data: dict[str, Any]) -> None:
    # Sums still match within categories but the checklist totals 101.
    data["categories"][0]["items"][0]["max_points"] = 7
    data["categories"][0]["max_points"] = 31


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (edit("categories.0.max_points", 31), r"H\).*sum to 30, not the category's 31"),
        (edit("categories.2.items.0.max_points", 6), r"F\).*sum to 21, not the category's 20"),
        (move_points, "categories' max_points sum to 101"),
        (edit("total_points", 90), "total_points must be 100"),
        (duplicate_item, "duplicate item code: H1"),
        (duplicate_category, "duplicate category code: H"),
        (edit("categories.0.items.0.presets", []), r"H1\): presets must be a non-empty list"),
        (edit("categories.0.items.0.presets", DELETE), r"H1\): missing key\(s\) presets"),
        (edit("categories.0.items.0.presets.0.amount", -1), "amount must be positive"),
        (edit("categories.0.items.0.presets.0.amount", 0), "amount must be positive"),
        (edit("categories.0.items.0.presets.0.amount", "1"), "amount must be a number"),
        (edit("categories.0.items.0.presets.0.amount", True), "amount must be a number"),
        (edit("categories.0.items.0.presets.0.amount", 0.125), "at most two decimal places"),
        (edit("categories.0.items.0.presets.0.amount", 7), "exceeds the item's max_points 6"),
        (edit("categories.0.items.0.presets.0.unit", "米"), "unit must be one of"),
        (edit("categories.0.items.0.presets.0.red_line", "yes"), "red_line must be true or false"),
        (edit("categories.0.items.0.presets.1.label", "未日产日清"), "duplicate .*preset label"),
        (edit("categories.0.items.0.max_points", -6), "max_points must be positive"),
        (edit("categories.0.items.0.photo_required", "yes"), "photo_required must be true or false"),
        (edit("categories.0.items.0.exemptable", DELETE), r"missing key\(s\) exemptable"),
        (edit("categories.0.items.0.photo_requried", True), r"unknown key\(s\) photo_requried"),
        (edit("categories.0.items.0.requirement", "  "), "requirement must be a non-empty string"),
        (edit("categories.0.items.0.code", None), "code must be a non-empty string"),
        (edit("categories.0.items", []), "items must be a non-empty list"),
        (edit("categories.0.deadline_days", 0), "deadline_days must be a whole number"),
        (edit("categories.0.deadline_days", 1.5), "deadline_days must be a whole number"),
        (edit("red_line_deadline_days", DELETE), r"missing key\(s\) red_line_deadline_days"),
        (edit("categories", []), "categories must be a non-empty list"),
        (edit("categories.0", "H"), "expected a mapping"),
        (edit("grades", []), "grades must be a non-empty list"),
        (edit("grades.5.min", 10), "band with min 0"),
        (edit("grades.1.min", 95), "duplicate grade min"),
        (edit("grades.1.name", "优秀"), "duplicate grade name"),
        (edit("grades.1.min", 95.0), "duplicate grade min: 95"),
        (edit("grades.0.min", 101), "min must be between 0 and 100"),
    ],
)
def test_broken_checklists_are_refused(mutate: Callable[[dict[str, Any]], None], message: str) -> None:
    data = copy.deepcopy(RAW)
    mutate(data)
    with pytest.raises(ValueError, match=message) as raised:
        validate_checklist(data)
    assert raised.type is ChecklistError


def test_unmodified_raw_copy_is_valid() -> None:
    assert validate_checklist(copy.deepcopy(RAW))["categories"][0]["code"] == "H"


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "expected a mapping"), ("- a\n- b", "expected a mapping"), ("code: [unclosed", "not valid YAML")],
)
def test_parse_refuses_non_checklists(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_checklist(text)


def test_load_file_reports_broken_file(tmp_path: Path) -> None:
    data = copy.deepcopy(RAW)
    data["categories"][1]["items"][0]["code"] = "H1"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate item code: H1"):
        load_checklist_file(path)


def test_load_file_reports_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read checklist file"):
        load_checklist_file(tmp_path / "missing.yaml")


def test_amounts_are_exact_decimals(checklist: dict[str, Any]) -> None:
    # 0.2 from YAML must not become Decimal(0.2000000000000000111…).
    assert items_by_code(checklist)["F5"]["presets"][0]["amount"] == D("0.2")
