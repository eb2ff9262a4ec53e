"""The transfer pages' posted forms as plain values."""

from collections.abc import Mapping
from dataclasses import dataclass

from inspect_app.transfers.rules import MAX_TEXT, DepartmentInput


@dataclass(frozen=True)
class TransferForm:
    department_id: int | None
    workdays: int | None
    note: str
    raw_workdays: str = ""


@dataclass(frozen=True)
class ReplyForm:
    reply: str
    text: str


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else None


def parse_department(form: Mapping[str, str]) -> DepartmentInput:
    return DepartmentInput(*(" ".join(form.get(name, "").split()) for name in
                             ("name", "contact_person", "email", "phone")))


def parse_transfer(form: Mapping[str, str]) -> TransferForm:
    raw = form.get("workdays", "").strip()[:10]
    return TransferForm(_int(form.get("department_id")), _int(raw), form.get("note", "").strip()[:MAX_TEXT], raw)


def parse_reply(form: Mapping[str, str]) -> ReplyForm:
    return ReplyForm(form.get("reply", "").strip(), form.get("text", "").strip()[:MAX_TEXT])
