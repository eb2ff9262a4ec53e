"""Plain parsers for the assessment forms: (values, errors per field), keeping what was typed for re-display."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

# field → (lowest, highest) for the period's formula; weights are fractions, penalties points.
DECIMAL_LIMITS = {
    "patrol_weight": (Decimal(0), Decimal(1)),
    "special_weight": (Decimal(0), Decimal(1)),
    "overdue_penalty": (Decimal(0), Decimal(100)),
    "sent_back_penalty": (Decimal(0), Decimal(100)),
    "penalty_cap": (Decimal(0), Decimal(100)),
    "satisfaction_weight": (Decimal(0), Decimal("0.99")),
}
OPTIONAL = ("satisfaction_weight",)  # left out of a form: the period keeps its value
MAX_MIN_PATROLS = 99


def to_decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def to_int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def parse_special(form: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    values = {"company_id": to_int(form.get("company_id")), "score": to_decimal(form.get("score")),
              "note": (form.get("note") or "").strip()}
    errors = {}
    if values["company_id"] is None:
        errors["company_id"] = _("请选择物业公司")
    if values["score"] is None:
        errors["score"] = _("请填写 0 到 100 之间的分数（最多两位小数）")
    if not values["note"]:
        errors["note"] = _("请填写考评说明")
    return values, errors


def parse_settings(form: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    values: dict = {}
    errors: dict[str, str] = {}
    for name, (low, high) in DECIMAL_LIMITS.items():
        if name in OPTIONAL and not (form.get(name) or "").strip():
            continue
        value = to_decimal(form.get(name))
        if value is None or not low <= value <= high or value != value.quantize(Decimal("0.01")):
            errors[name] = _("请填写 %(low)s 到 %(high)s 之间的数（最多两位小数）", low=low, high=high)
        else:
            values[name] = value
    minimum = to_int(form.get("min_patrols"))
    if minimum is None or not 1 <= minimum <= MAX_MIN_PATROLS:
        errors["min_patrols"] = _("请填写 1 到 %(n)s 之间的整数", n=MAX_MIN_PATROLS)
    else:
        values["min_patrols"] = minimum
    patrol, special = values.get("patrol_weight"), values.get("special_weight")
    if patrol is not None and special is not None and patrol + special != 1:
        errors["special_weight"] = _("动态巡查与专项考评的权重之和须为 1")
    return values, errors
