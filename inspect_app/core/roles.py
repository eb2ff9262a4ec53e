"""The roles an account can hold (domain.md "People"): one home, below every domain area."""

from enum import StrEnum


class Role(StrEnum):
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    COMPANY = "company"
    ADMIN = "admin"
