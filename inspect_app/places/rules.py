"""Pure rules of places: the 统一社会信用代码 check digit, the kinds of service period, who served when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

# GB 32100-2015: 31 characters (no I, O, S, V, Z); weights 3^i mod 31 for the first 17 positions.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class PeriodKind(StrEnum):
    INITIAL = "initial"  # 期初登记: the company already serving when the neighbourhood was entered
    NEW_COMPANY = "new_company"  # 新物业进驻
    STATE_TAKEOVER = "state_takeover"  # 国有物业接管
    NO_COMPANY = "no_company"  # 物业撤场 (无物业, a responsible unit answers for it)
    IMPORT = "import"  # changed by an Excel import


class Period(Protocol):
    @property
    def starts_on(self) -> date: ...

    @property
    def ends_on(self) -> date | None: ...


class HasPeriods(Protocol):
    @property
    def service_periods(self) -> Iterable: ...


def normalise_credit_code(raw: str) -> str:
    return raw.strip().upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def is_credit_code(code: str) -> bool:
    """18 characters of the code's alphabet, positions 3–8 the region's digits, the last one the check character."""
    if len(code) != 18 or any(c not in CREDIT_CODE_CHARS for c in code) or not code[2:8].isdigit():
        return False
    return credit_code_check_char(code[:17]) == code[17]


def covers(period: Period, on: date) -> bool:
    return period.starts_on <= on and (period.ends_on is None or on <= period.ends_on)


def company_serving(neighborhood: HasPeriods, on_date: date):  # -> PropertyCompany | None
    """The company whose service period covers that day (None: no company, or no period recorded)."""
    for period in neighborhood.service_periods:
        if covers(period, on_date):
            return period.company
    return None


P = TypeVar("P", bound=Period)


def open_period(periods: Iterable[P]) -> P | None:
    return next((p for p in periods if p.ends_on is None), None)


class ChangeRefused(ValueError):
    """Why a change of company cannot be recorded on that day (a code the caller words)."""


def closing_day(open_starts_on: date | None, on: date, today: date) -> date | None:
    """The last day of the open period when the next one starts `on`; refuses a day in the future or one that
    would leave the open period empty (it must have served at least one day)."""
    if on > today:
        raise ChangeRefused("future")
    if open_starts_on is None:
        return None
    if on <= open_starts_on:
        raise ChangeRefused("before_open")
    return on - timedelta(days=1)
