"""Parsing the plan's line forms into plain values; anything malformed is refused with the field's message."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from inspect_app.core.errors import DomainError
from inspect_app.core.request_input import DB_INT_MAX


@dataclass(frozen=True)
class LineInput:
    count: int
    inspector_id: int | None
    neighborhood_id: int | None


def _number(form: Mapping[str, str], name: str) -> int | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > DB_INT_MAX:
        raise DomainError(_("请填写有效的数字。"), field=name)
    return int(raw)


def parse_line(form: Mapping[str, str]) -> LineInput:
    count = _number(form, "count")
    if count is None:
        raise DomainError(_("请填写巡查次数。"), field="count")
    return LineInput(count, _number(form, "inspector"), _number(form, "neighborhood"))
