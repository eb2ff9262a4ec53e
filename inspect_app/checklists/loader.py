"""Load and validate a checklist template from YAML (the shipped default or an admin's new version)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from inspect_app.checklists.rules import DEFAULT_GRADES, ItemSpec

if TYPE_CHECKING:
    from inspect_app.checklists.models import ChecklistTemplate

DEFAULT_CHECKLIST_PATH = Path(__file__).resolve().parent.parent / "data" / "checklist_default.yaml"

TOTAL_POINTS = Decimal(100)
UNITS = frozenset({"处", "次", "辆", "件", "项", "份", "个百分点"})

_TOP_KEYS = {"code", "name", "total_points", "red_line_deadline_days", "grades", "categories"}
_CATEGORY_KEYS = {"code", "name", "name_en", "max_points", "deadline_days", "items"}
_ITEM_KEYS = {
    "code",
    "text",
    "max_points",
    "photo_required",
    "gated_only",
    "exemptable",
    "requirement",
    "presets",
}
_PRESET_KEYS = {"label", "amount", "unit"}
_PRESET_OPTIONAL = {"red_line"}
_GRADE_KEYS = {"min", "name"}


class ChecklistError(ValueError):
    """A checklist file or template that does not follow the schema; the message says where and why."""


def load_checklist_file(path: str | Path = DEFAULT_CHECKLIST_PATH) -> dict[str, Any]:
    """Read, parse and validate a checklist YAML file; raise ValueError saying what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ChecklistError(f"cannot read checklist file {path}: {exc}") from exc
    return parse_checklist(text)


def parse_checklist(text: str) -> dict[str, Any]:
    """Parse checklist YAML text and validate it (points become Decimal)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ChecklistError(f"checklist is not valid YAML: {exc}") from exc
    return validate_checklist(data)


def validate_checklist(data: Any) -> dict[str, Any]:
    """Validate a parsed checklist and return a normalised copy with Decimal points."""
    _check_keys(data, _TOP_KEYS, set(), "checklist")
    result: dict[str, Any] = {
        "code": _text(data, "code", "checklist"),
        "name": _text(data, "name", "checklist"),
        "total_points": _points(data, "total_points", "checklist"),
        "red_line_deadline_days": _days(data, "red_line_deadline_days", "checklist"),
        "grades": _grades(data["grades"]),
        "categories": _list(data, "categories", "checklist"),
    }
    if result["total_points"] != TOTAL_POINTS:
        raise ChecklistError(f"checklist: total_points must be {TOTAL_POINTS}, got {result['total_points']}")
    result["categories"] = [_category(c, f"categories[{i}]") for i, c in enumerate(result["categories"])]
    _check_unique([c["code"] for c in result["categories"]], "category code")
    _check_unique([it["code"] for c in result["categories"] for it in c["items"]], "item code")
    category_sum = sum((c["max_points"] for c in result["categories"]), Decimal(0))
    if category_sum != result["total_points"]:
        raise ChecklistError(
            f"checklist: categories' max_points sum to {category_sum}, not total_points {result['total_points']}"
        )
    return result


def item_specs(checklist: dict[str, Any]) -> tuple[ItemSpec, ...]:
    """The scoring specs of a validated checklist, in checklist order."""
    return tuple(
        ItemSpec(item["code"], category["code"], item["max_points"])
        for category in checklist["categories"]
        for item in category["items"]
    )


def grade_bands(checklist: dict[str, Any]) -> tuple[tuple[Decimal, str], ...]:
    """The grade bands of a validated checklist as (minimum, name), highest first."""
    return tuple((band["min"], band["name"]) for band in checklist["grades"])


def _category(data: Any, where: str) -> dict[str, Any]:
    where = _named(data, where)
    _check_keys(data, _CATEGORY_KEYS, set(), where)
    code = _text(data, "code", where)
    category: dict[str, Any] = {
        "code": code,
        "name": _text(data, "name", where),
        "name_en": _text(data, "name_en", where),
        "max_points": _points(data, "max_points", where),
        "deadline_days": _days(data, "deadline_days", where),
        "items": [_item(it, f"{where}.items[{i}]") for i, it in enumerate(_list(data, "items", where))],
    }
    item_sum = sum((it["max_points"] for it in category["items"]), Decimal(0))
    if item_sum != category["max_points"]:
        raise ChecklistError(
            f"{where}: items' max_points sum to {item_sum}, not the category's {category['max_points']}"
        )
    return category


def _item(data: Any, where: str) -> dict[str, Any]:
    where = _named(data, where)
    _check_keys(data, _ITEM_KEYS, set(), where)
    code = _text(data, "code", where)
    item: dict[str, Any] = {
        "code": code,
        "text": _text(data, "text", where),
        "max_points": _points(data, "max_points", where),
        "photo_required": _flag(data, "photo_required", where),
        "gated_only": _flag(data, "gated_only", where),
        "exemptable": _flag(data, "exemptable", where),
        "requirement": _text(data, "requirement", where),
    }
    item["presets"] = [
        _preset(p, f"{where}.presets[{i}]", item["max_points"])
        for i, p in enumerate(_list(data, "presets", where))
    ]
    _check_unique([p["label"] for p in item["presets"]], f"{where}: preset label")
    return item


def _preset(data: Any, where: str, max_points: Decimal) -> dict[str, Any]:
    _check_keys(data, _PRESET_KEYS, _PRESET_OPTIONAL, where)
    unit = data["unit"]
    if unit is not None and unit not in UNITS:
        raise ChecklistError(f"{where}: unit must be one of {'/'.join(sorted(UNITS))} or null, got {unit!r}")
    preset = {
        "label": _text(data, "label", where),
        "amount": _points(data, "amount", where),
        "unit": unit,
    }
    if preset["amount"] > max_points:
        raise ChecklistError(f"{where}: amount {preset['amount']} exceeds the item's max_points {max_points}")
    if "red_line" in data:
        preset["red_line"] = _flag(data, "red_line", where)
    return preset


def _grades(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, list) or not data:
        raise ChecklistError("checklist: grades must be a non-empty list")
    bands = []
    for i, band in enumerate(data):
        where = f"grades[{i}]"
        _check_keys(band, _GRADE_KEYS, set(), where)
        minimum = _number(band, "min", where)
        if not Decimal(0) <= minimum <= TOTAL_POINTS:
            raise ChecklistError(f"{where}: min must be between 0 and {TOTAL_POINTS}, got {minimum}")
        bands.append({"min": minimum, "name": _text(band, "name", where)})
    _check_unique([b["min"] for b in bands], "grade min")
    _check_unique([b["name"] for b in bands], "grade name")
    if not any(b["min"] == 0 for b in bands):
        raise ChecklistError("checklist: grades need a band with min 0 so that every total has a grade")
    return sorted(bands, key=lambda b: b["min"], reverse=True)


def _named(data: Any, where: str) -> str:
    """`where` with the entry's code appended when it has one, so errors name H1 rather than items[0]."""
    code = data.get("code") if isinstance(data, dict) else None
    return f"{where} ({code})" if isinstance(code, str) and code.strip() else where


def _check_keys(data: Any, required: set[str], optional: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise ChecklistError(f"{where}: expected a mapping, got {type(data).__name__}")
    missing = required - data.keys()
    if missing:
        raise ChecklistError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
    # Unknown keys are refused so that a misspelt key (e.g. photo_requried) is not silently ignored.
    unknown = data.keys() - required - optional
    if unknown:
        raise ChecklistError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")


def _check_unique(values: list[Any], what: str) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ChecklistError(f"duplicate {what}: {value}")
        seen.add(value)


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ChecklistError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _flag(data: dict[str, Any], key: str, where: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise ChecklistError(f"{where}: {key} must be true or false, got {value!r}")
    return value


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list) or not value:
        raise ChecklistError(f"{where}: {key} must be a non-empty list")
    return value


def _number(data: dict[str, Any], key: str, where: str) -> Decimal:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ChecklistError(f"{where}: {key} must be a number, got {value!r}")
    # str() first: Decimal(0.2) would carry the binary float error into the points.
    number = Decimal(str(value))
    if not number.is_finite():
        raise ChecklistError(f"{where}: {key} must be a finite number, got {value!r}")
    return number


def _points(data: dict[str, Any], key: str, where: str) -> Decimal:
    number = _number(data, key, where)
    if number <= 0:
        raise ChecklistError(f"{where}: {key} must be positive, got {number}")
    if number != number.quantize(Decimal("0.01")):
        raise ChecklistError(f"{where}: {key} may have at most two decimal places, got {number}")
    return number


def _days(data: dict[str, Any], key: str, where: str) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ChecklistError(f"{where}: {key} must be a whole number of days >= 1, got {value!r}")
    return value


def checklist_data(template: ChecklistTemplate) -> dict[str, Any]:
    """The version in the loader's schema (plain numbers), ready for `validate_checklist`."""
    return {
        "code": template.code, "name": template.name, "total_points": 100,
        "red_line_deadline_days": template.red_line_deadline_days,
        "grades": [{"min": int(minimum), "name": name} for minimum, name in DEFAULT_GRADES],
        "categories": [{
            "code": c.code, "name": c.name, "name_en": c.name_en, "max_points": plain_number(c.max_points),
            "deadline_days": c.deadline_days,
            "items": [{
                "code": it.code, "text": it.text, "max_points": plain_number(it.max_points),
                "photo_required": it.photo_required, "gated_only": it.gated_only,
                "exemptable": it.is_exemptable, "requirement": it.requirement,
                "presets": [{"label": p.label, "amount": plain_number(p.amount), "unit": p.unit,
                             "red_line": p.is_red_line} for p in it.presets],
            } for it in c.items],
        } for c in template.categories],
    }


def plain_number(value: Any) -> int | float:
    """The loader accepts int or float only; Numeric(6, 2) values convert without loss."""
    return int(value) if value == int(value) else float(value)
