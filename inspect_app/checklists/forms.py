"""The draft edit form: what the admin typed, add/remove-item actions, and per-field validation in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from inspect_app.checklists.loader import (
    TOTAL_POINTS,
    UNITS,
    ChecklistError,
    checklist_data,
    plain_number,
    validate_checklist,
)
from inspect_app.checklists.models import ChecklistTemplate, DeductionPreset

FORM_ERROR = "form"  # key of the errors that belong to the whole form, not to one field
RED_LINE = "红线"
UNIT_CHOICES = "、".join(sorted(UNITS, key=len))
MAX_DAYS = 365
CENT = Decimal("0.01")


@dataclass
class ItemInput:
    code: str
    text: str = ""
    max_points: str = ""
    photo_required: bool = False
    gated_only: bool = False
    exemptable: bool = False
    requirement: str = ""
    presets: str = ""
    is_new: bool = True


@dataclass
class CategoryInput:
    code: str
    name_en: str
    name: str = ""
    max_points: str = ""
    deadline_days: str = ""
    items: list[ItemInput] = field(default_factory=list)
    saved_codes: frozenset[str] = frozenset()


@dataclass
class EditInput:
    name: str
    red_line_deadline_days: str
    lock_version: str
    categories: list[CategoryInput]


def plain(value: Decimal) -> str:
    """6.00 → "6", 0.50 → "0.5"."""
    return format(value.normalize(), "f")


def format_presets(presets: list[DeductionPreset]) -> str:
    """One preset a line, as the admin types them: `散落满溢 0.5 处` (+ ` 红线`)."""
    return "\n".join(" ".join(filter(None, (p.label, plain(p.amount), p.unit, RED_LINE if p.is_red_line else None)))
                     for p in presets)


def input_from_template(template: ChecklistTemplate) -> EditInput:
    categories = [
        CategoryInput(code=c.code, name_en=c.name_en, name=c.name, max_points=plain(c.max_points),
                      deadline_days=str(c.deadline_days), saved_codes=frozenset(it.code for it in c.items),
                      items=[ItemInput(code=it.code, text=it.text, max_points=plain(it.max_points),
                                       photo_required=it.photo_required, gated_only=it.gated_only,
                                       exemptable=it.is_exemptable, requirement=it.requirement,
                                       presets=format_presets(it.presets), is_new=False) for it in c.items])
        for c in template.categories
    ]
    return EditInput(name=template.name, red_line_deadline_days=str(template.red_line_deadline_days),
                     lock_version=str(template.lock_version), categories=categories)


def input_from_form(form: MultiDict[str, str], template: ChecklistTemplate) -> EditInput:
    """The posted values, keyed by the template's own categories; items in the order they were shown."""
    categories = []
    for c in template.categories:
        saved = frozenset(it.code for it in c.items)
        prefix = f"c-{c.code}"
        category = CategoryInput(code=c.code, name_en=c.name_en, name=form.get(f"{prefix}-name", ""),
                                 max_points=form.get(f"{prefix}-max_points", ""),
                                 deadline_days=form.get(f"{prefix}-deadline_days", ""), saved_codes=saved)
        category.items = [_item_from_form(form, f"{prefix}-{j}", saved) for j in _item_indexes(form, prefix)]
        categories.append(category)
    return EditInput(name=form.get("name", ""), red_line_deadline_days=form.get("red_line_deadline_days", ""),
                     lock_version=form.get("lock_version", ""), categories=categories)


def _item_indexes(form: MultiDict[str, str], prefix: str) -> list[int]:
    pattern = re.compile(re.escape(prefix) + r"-(\d{1,3})-code")
    return sorted(int(m.group(1)) for key in form if (m := pattern.fullmatch(key)))


def _item_from_form(form: MultiDict[str, str], prefix: str, saved: frozenset[str]) -> ItemInput:
    code = form.get(f"{prefix}-code", "").strip()
    return ItemInput(code=code, text=form.get(f"{prefix}-text", ""), max_points=form.get(f"{prefix}-max_points", ""),
                     photo_required=f"{prefix}-photo_required" in form, gated_only=f"{prefix}-gated_only" in form,
                     exemptable=f"{prefix}-exemptable" in form, requirement=form.get(f"{prefix}-requirement", ""),
                     presets=form.get(f"{prefix}-presets", ""), is_new=code not in saved)


def has_errors(errors: dict[str, str], prefix: str) -> bool:
    """Whether any field of the item or category named by `prefix` has an error (to open it)."""
    return any(key.startswith(f"{prefix}-") for key in errors)


def lock_version(edit: EditInput) -> int:
    """The version the admin started from; anything unreadable counts as stale."""
    return int(edit.lock_version) if edit.lock_version.isdecimal() else -1


def apply_action(edit: EditInput, action: str) -> bool:
    """`add:H` appends a blank item to category H, `remove:H-3` drops its fourth; False for a plain save."""
    kind, _sep, target = action.partition(":")
    code, _sep, index = target.rpartition("-") if kind == "remove" else (target, "", "")
    category = next((c for c in edit.categories if c.code == code), None)
    if category is None:
        return False
    if kind == "add":
        category.items.append(ItemInput(code=_next_code(category)))
        return True
    if kind == "remove" and index.isdecimal() and int(index) < len(category.items):
        del category.items[int(index)]
        return True
    return False


def _next_code(category: CategoryInput) -> str:
    """H9 after H1…H8; never re-uses a code this draft had when it was opened."""
    pattern = re.compile(re.escape(category.code) + r"(\d+)")
    taken = category.saved_codes | {it.code for it in category.items}
    numbers = [int(m.group(1)) for code in taken if (m := pattern.fullmatch(code))]
    return f"{category.code}{max(numbers, default=0) + 1}"


def validate(edit: EditInput, template: ChecklistTemplate) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """(the validated checklist, {}) or (None, {field name: message in Chinese})."""
    errors: dict[str, str] = {}
    name = _text(edit.name, "name", 100, errors)
    red_line_days = _days(edit.red_line_deadline_days, "red_line_deadline_days", errors)
    categories = [_category(c, errors) for c in edit.categories]
    if errors:
        return None, errors
    total = sum((Decimal(str(c["max_points"])) for c in categories), Decimal(0))
    if total != TOTAL_POINTS:
        return None, {FORM_ERROR: _("各类别满分合计为 %(total)s 分，须为 %(need)s 分。", total=plain(total),
                                    need=plain(TOTAL_POINTS))}
    data = checklist_data(template) | {"name": name, "red_line_deadline_days": red_line_days,
                                       "categories": categories}
    try:
        return validate_checklist(data), {}
    except ChecklistError as error:
        return None, {FORM_ERROR: _("检查表校验未通过：%(detail)s", detail=str(error))}


def _category(c: CategoryInput, errors: dict[str, str]) -> dict[str, Any]:
    prefix = f"c-{c.code}"
    max_points = _points(c.max_points, f"{prefix}-max_points", errors)
    items = [_item(it, f"{prefix}-{j}", errors) for j, it in enumerate(c.items)]
    if not items:
        errors[f"{prefix}-items"] = _("每个类别至少要有一个检查项。")
    elif max_points is not None and all(it["max_points"] is not None for it in items):
        item_sum = sum((Decimal(str(it["max_points"])) for it in items), Decimal(0))
        if item_sum != max_points:
            errors[f"{prefix}-max_points"] = _("本类各检查项满分合计为 %(sum)s 分，与类别满分 %(max)s 分不符。",
                                               sum=plain(item_sum), max=plain(max_points))
    return {"code": c.code, "name": _text(c.name, f"{prefix}-name", 50, errors), "name_en": c.name_en or c.code,
            "max_points": _plain_or_none(max_points), "items": items,
            "deadline_days": _days(c.deadline_days, f"{prefix}-deadline_days", errors)}


def _item(it: ItemInput, prefix: str, errors: dict[str, str]) -> dict[str, Any]:
    if not it.code or len(it.code) > 10:
        errors[f"{prefix}-text"] = _("检查项编号无效，请刷新页面后重试。")
    max_points = _points(it.max_points, f"{prefix}-max_points", errors)
    presets, problem = parse_presets(it.presets, max_points)
    if problem:
        errors[f"{prefix}-presets"] = problem
    return {"code": it.code, "text": _text(it.text, f"{prefix}-text", 500, errors),
            "max_points": _plain_or_none(max_points), "photo_required": it.photo_required,
            "gated_only": it.gated_only, "exemptable": it.exemptable, "presets": presets,
            "requirement": _text(it.requirement, f"{prefix}-requirement", 500, errors)}


def parse_presets(text: str, max_points: Decimal | None) -> tuple[list[dict[str, Any]], str | None]:
    """Lines of `标签 扣分 [单位] [红线]`; the problems joined into one message naming the lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return [], _("请至少填写一条扣分标准，例如「散落满溢 0.5 处」。")
    presets: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        preset, problem = _preset_line(line, max_points)
        if problem is None and any(p["label"] == preset["label"] for p in presets):
            problem = _("标签「%(label)s」重复", label=preset["label"])
        if problem:
            problems.append(_("第 %(n)s 行：%(problem)s", n=number, problem=problem))
        else:
            presets.append(preset)
    return presets, "；".join(problems) or None


def _preset_line(line: str, max_points: Decimal | None) -> tuple[dict[str, Any], str | None]:
    # "0.5/处", as the view page shows it, is accepted too.
    tokens = re.sub(r"(\d)\s*/\s*", r"\1 ", line).split()
    red_line = tokens[-1] == RED_LINE
    if red_line:
        tokens.pop()
    unit = tokens.pop() if tokens and tokens[-1] in UNITS else None
    if len(tokens) < 2:
        return {}, _("格式应为「标签 扣分 单位」，例如「散落满溢 0.5 处」")
    amount, label = _decimal(tokens[-1]), " ".join(tokens[:-1])
    if amount is None:
        return {}, _("扣分「%(value)s」不是数字（单位只能是 %(units)s，可省略）", value=tokens[-1], units=UNIT_CHOICES)
    problem = _amount_problem(amount) or (_("标签最多 50 个字") if len(label) > 50 else None)
    if problem is None and max_points is not None and amount > max_points:
        problem = _("扣分 %(amount)s 超过该项满分 %(max)s", amount=plain(amount), max=plain(max_points))
    preset = {"label": label, "amount": plain_number(amount), "unit": unit, "red_line": red_line}
    return preset, problem


def _amount_problem(amount: Decimal) -> str | None:
    if amount <= 0:
        return _("须大于 0")
    if amount != amount.quantize(CENT):
        return _("最多保留两位小数")
    if amount > TOTAL_POINTS:
        return _("不能超过 %(max)s", max=plain(TOTAL_POINTS))
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _points(value: str, name: str, errors: dict[str, str]) -> Decimal | None:
    if not value.strip():
        errors[name] = _("请填写满分")
        return None
    number = _decimal(value)
    problem = _("请填写数字，例如 6 或 0.5") if number is None else _amount_problem(number)
    if problem:
        errors[name] = problem
        return None
    return number


def _days(value: str, name: str, errors: dict[str, str]) -> int | None:
    text = value.strip()
    if not text.isdecimal() or not 1 <= int(text) <= MAX_DAYS:
        errors[name] = _("请填写 1 到 %(max)s 之间的整数天数", max=MAX_DAYS)
        return None
    return int(text)


def _text(value: str, name: str, limit: int, errors: dict[str, str]) -> str:
    text = value.strip()
    if not text:
        errors[name] = _("此项不能为空")
    elif len(text) > limit:
        errors[name] = _("最多 %(n)s 个字", n=limit)
    return text


def _plain_or_none(value: Decimal | None) -> int | float | None:
    return None if value is None else plain_number(value)
