"""Parsing the order forms: plain functions returning (input, errors), one message per field."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from inspect_app.core.request_input import DB_INT_MAX
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.rules import OrderState

MAX_REQUIREMENT = 1000
MAX_REMARKS = 2000
MAX_WORKDAYS = 366
# The order list's one filter (状态): each order state, and the work queues that cut across them.
TO_CLOSE, DUE, OVERDUE = "to_close", "due", "overdue"
SHOW_VALUES = (OrderState.ISSUED, OrderState.ACKNOWLEDGED, OrderState.REPORTED, TO_CLOSE, DUE, OVERDUE,
               OrderState.VERIFIED, OrderState.VOIDED, OrderState.DRAFT)


@dataclass(frozen=True)
class DraftInput:
    lines: dict[int, tuple[str, date]]  # order line id → (requirement, deadline)
    remarks: str
    lock_version: int
    workdays: int | None = None  # the deadline as N working days from the issue day (None: each line's date)


def parse_draft(order: RectificationOrder, form: Mapping[str, str]) -> tuple[DraftInput, dict[str, str]]:
    """The typed requirement and deadline of each line, and the remarks; errors keyed by field name."""
    lines: dict[int, tuple[str, date]] = {}
    errors: dict[str, str] = {}
    workdays, problem = parse_workdays(form.get("deadline_workdays") or "")
    if problem:
        errors["deadline_workdays"] = problem
    for line in order.lines:
        requirement = (form.get(f"requirement-{line.id}") or "").strip()
        deadline = parse_date(form, f"deadline-{line.id}") or (line.deadline if workdays else None)
        if deadline is None:
            errors[f"deadline-{line.id}"] = _("请填写有效日期")
            continue
        if not requirement or len(requirement) > MAX_REQUIREMENT:
            errors[f"requirement-{line.id}"] = _("请填写整改要求（最多 1000 字）")
        lines[line.id] = (requirement, deadline)
    remarks = form.get("remarks") or ""
    if len(remarks) > MAX_REMARKS:
        errors["remarks"] = _("备注最多 2000 字")
    return DraftInput(lines, remarks.strip(), db_id(form.get("lock_version") or "") or 0, workdays), errors


def parse_workdays(raw: str) -> tuple[int | None, str | None]:
    """整改期限（工作日）: blank for a date per line, else a whole number of working days 1–MAX_WORKDAYS."""
    raw = raw.strip()
    if not raw:
        return None, None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_WORKDAYS:
        return None, _("工作日数应为 1 到 %(n)s 之间的整数", n=MAX_WORKDAYS)
    return int(raw), None


def parse_date(form: Mapping[str, str], name: str) -> date | None:
    try:
        return date.fromisoformat(form.get(name) or "")
    except ValueError:
        return None


def finding_ids(values: list[str]) -> list[int]:
    """The ticked findings of the new-order form; anything not a number an id column holds is ignored."""
    return [number for number in map(db_id, values) if number is not None]


def db_id(value: str) -> int | None:
    """A whole number in ASCII digits that an INTEGER column can hold (core.request_input's cap), else None."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(DB_INT_MAX)):
        return None
    number = int(value)
    return number if number <= DB_INT_MAX else None


def parse_show(args: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """The order list's filter; an unknown value shows every order, with a message."""
    raw = (args.get("show") or "").strip()
    if not raw or raw in SHOW_VALUES:
        return raw or None, []
    return None, [_("“%(label)s”的值无效（%(value)s），已忽略。", label=_("状态"), value=raw[:20])]
