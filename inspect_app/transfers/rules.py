"""Pure rules of a transfer (转办): its states, the deadline's bounds, overdue, the reminders due, the clock."""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class TransferState(StrEnum):
    PENDING = "pending"  # 办理中: with the department, awaiting its reply
    DONE = "done"  # 已办结: the department dealt with it; the finding is closed
    RETURNED = "returned"  # 已退回: not the department's either; the finding is back on the open ledger


class Reply(StrEnum):
    """What the department answers on its page."""

    DONE = "done"
    RETURN = "return"


MIN_WORKDAYS, MAX_WORKDAYS, DEFAULT_WORKDAYS = 1, 60, 10
MAX_TEXT = 2000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")


def workdays_problem(value: int | None) -> str | None:
    """Why a deadline of `value` working days is refused (a message key), or None."""
    if value is None:
        return "missing"
    if not MIN_WORKDAYS <= value <= MAX_WORKDAYS:
        return "range"
    return None


def is_overdue(state: str, deadline: date, today: date) -> bool:
    """逾期: still with the department after its deadline (derived, never stored)."""
    return state == TransferState.PENDING and today > deadline


def is_due_soon(state: str, deadline: date, today: date, next_workday: date) -> bool:
    """Its deadline is the next working day (or falls before it, a weekend or holiday in between): remind."""
    return state == TransferState.PENDING and today < deadline <= next_workday


def resumed_deadline(deadline: date | None, transferred_on: date, returned_on: date) -> date | None:
    """A returned finding's own deadline, its clock stopped while the department had it: pushed back by the days
    it was away, so the company is never overdue for the department's time."""
    if deadline is None:
        return None
    return deadline + (returned_on - transferred_on) if returned_on > transferred_on else deadline


@dataclass(frozen=True)
class DepartmentInput:
    name: str
    contact_person: str
    email: str
    phone: str


def department_problems(data: DepartmentInput) -> dict[str, str]:
    """Field → problem key ("missing", "too_long", "format") of a department's form."""
    problems: dict[str, str] = {}
    for field, value, limit in (("name", data.name, 100), ("contact_person", data.contact_person, 50),
                                ("email", data.email, 200), ("phone", data.phone, 30)):
        if not value and field in ("name", "email"):
            problems[field] = "missing"
        elif len(value) > limit:
            problems[field] = "too_long"
    if "email" not in problems and not _EMAIL.match(data.email):
        problems["email"] = "format"
    if "phone" not in problems and data.phone and not _PHONE.match(data.phone):
        problems["phone"] = "format"
    return problems
