"""Plain parsers for the committees' forms: (values, errors per field), keeping what was typed for re-display."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Protocol

from flask_babel import gettext as _

from inspect_app.committees import rules

MAX_NOTE = 1000


class Item(Protocol):
    """A line of the form (committees.queries.FormItem)."""

    @property
    def key(self) -> str: ...

    @property
    def max_points(self) -> Decimal: ...
MAX_TEXT = 200


def to_decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def points_message(problem: rules.PointsProblem, maximum: Decimal) -> str:
    if problem == rules.PointsProblem.MISSING:
        return _("请填写本项得分（0 到 %(max)s 分）", max=rules.plain(maximum))
    if problem == rules.PointsProblem.TOO_PRECISE:
        return _("最多两位小数")
    return _("得分须在 0 到 %(max)s 分之间", max=rules.plain(maximum))


def parse_input(form: Mapping[str, str], items: Sequence[Item]) -> tuple[dict, dict[str, str]]:
    """Points per item (field `item-<n>`) and the note; an unreadable number counts as out of range."""
    points: dict[str, Decimal | None] = {}
    errors: dict[str, str] = {}
    for item in items:
        raw = (form.get(item.key) or "").strip()
        value = to_decimal(raw)
        points[item.key] = value
        problem = rules.points_problem(value, item.max_points) if (value is not None or not raw) \
            else rules.PointsProblem.OUT_OF_RANGE
        if problem is not None:
            errors[item.key] = points_message(problem, item.max_points)
    note = (form.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = _("说明不能超过 %(n)s 字", n=MAX_NOTE)
    return {"points": points, "note": note}, errors


def parse_item(form: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    """An item of the admin's list: its text, its maximum points (0.01–100) and its place in the order."""
    text = " ".join((form.get("text") or "").split())
    max_points = to_decimal(form.get("max_points"))
    position_text = (form.get("position") or "").strip()
    errors: dict[str, str] = {}
    if not text or len(text) > MAX_TEXT:
        errors["text"] = _("请填写考评内容（不超过 %(n)s 字）", n=MAX_TEXT)
    if max_points is None or rules.points_problem(max_points, rules.MAX_ITEM_POINTS) is not None \
            or max_points <= 0:
        errors["max_points"] = _("分值须在 0 到 100 之间（最多两位小数）")
    position = int(position_text) if position_text.isascii() and position_text.isdigit() \
        and len(position_text) < 4 else None
    if position_text and position is None:
        errors["position"] = _("顺序须为 0 到 999 之间的整数")
    return {"text": text, "max_points": max_points, "position": position or 0}, errors


def parse_share(form: Mapping[str, str]) -> tuple[Decimal | None, dict[str, str]]:
    share = to_decimal(form.get("share"))
    if share is None or not rules.valid_share(share):
        return None, {"share": _("请填写 0 到 1 之间的数（最多两位小数）")}
    return share, {}
