"""An appeal's posted form as plain values."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class AppealForm:
    order_id: int | None
    finding_id: int | None
    target: str
    text: str


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def parse_appeal(form: Mapping[str, str]) -> AppealForm:
    return AppealForm(_int(form.get("order_id")), _int(form.get("finding_id")), form.get("target", "").strip(),
                      form.get("text", "")[:4000])
