"""Parse one checklist item's posted answer into values, what is still to fill in, or per-field errors."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from inspect_app.checklists import rules
from inspect_app.checklists.models import ChecklistItem, DeductionPreset
from inspect_app.inspections.models import ItemOutcome

MAX_COUNT = 999
MAX_TEXT = 2000


@dataclass
class ParsedAnswer:
    """`outcome` None without errors means "no answer" (an undo): the item goes back to unanswered.

    `pending` names what a deduction still lacks (待补充): it is saved as it stands, never refused, and only the
    submission waits for it. `errors` are values that cannot be stored (a bad number, too long a text)."""

    outcome: str | None = None
    preset: DeductionPreset | None = None
    count: int = 1
    custom_amount: Decimal | None = None
    reason: str = ""
    note: str = ""
    is_exempt: bool = False
    deduction: Decimal = Decimal(0)
    errors: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)


def parse_answer(item: ChecklistItem, form) -> ParsedAnswer:
    """`form` is any mapping of strings (request.form): outcome, preset_id, count, custom_amount, reason, note."""
    parsed = ParsedAnswer(note=form.get("note", "").strip(), reason=form.get("reason", "").strip(),
                          is_exempt=form.get("is_exempt") == "1" and item.is_exemptable)
    outcome = form.get("outcome", "")
    if outcome == "":
        return parsed
    if outcome not in {o.value for o in ItemOutcome}:
        parsed.errors["outcome"] = _("请选择：合格、扣分或不适用")
        return parsed
    parsed.outcome = outcome
    for name in ("note", "reason"):
        if len(getattr(parsed, name)) > MAX_TEXT:
            parsed.errors[name] = _("内容过长，最多 %(n)s 字", n=MAX_TEXT)
    if outcome == ItemOutcome.DEDUCT:
        _parse_deduction(item, form, parsed)
    return parsed


def _parse_deduction(item: ChecklistItem, form, parsed: ParsedAnswer) -> None:
    preset_id = form.get("preset_id", "")
    if preset_id == "custom":
        _parse_custom(item, form.get("custom_amount", "").strip(), parsed)
        return
    if preset_id == "" and len(item.presets) == 1:
        parsed.preset = item.presets[0]  # one standard only: 扣分 means that one
    else:
        parsed.preset = next((p for p in item.presets if str(p.id) == preset_id), None)
    if parsed.preset is None:
        if preset_id:
            parsed.errors["preset_id"] = _("请选择扣分标准，或选择“自定义扣分”")
        else:
            parsed.pending["preset_id"] = _("请选择扣分标准")
        return
    try:
        parsed.count = int(form.get("count", "1") or "1")
    except ValueError:
        parsed.errors["count"] = _("数量必须是整数")
        return
    if not 1 <= parsed.count <= MAX_COUNT:
        parsed.errors["count"] = _("数量必须在 1 到 %(n)s 之间", n=MAX_COUNT)
        return
    parsed.deduction = rules.deduction_amount(parsed.preset.amount, parsed.count, item.max_points)
    if parsed.preset.is_red_line:
        parsed.is_exempt = False  # a blocked fire lane is always deducted


def _parse_custom(item: ChecklistItem, raw: str, parsed: ParsedAnswer) -> None:
    if not raw:
        parsed.pending["custom_amount"] = _("请填写自定义分值")
        return
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        parsed.errors["custom_amount"] = _("请输入扣分分值，例如 1.5")
        return
    message = rules.validate_custom_deduction(amount, item.max_points)
    if message:
        parsed.errors["custom_amount"] = message
        return
    parsed.custom_amount = amount
    parsed.deduction = amount
    if not parsed.reason:
        parsed.pending["reason"] = _("自定义扣分须填写理由")
