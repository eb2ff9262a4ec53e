"""The generic half of scoping: each model's `visible_to(user)` where-clause is built from these pieces."""

from typing import Any

from sqlalchemy import ColumnElement, false, true

from inspect_app.core.roles import Account, Role


def own_company(user: Account, company_column: Any) -> ColumnElement[bool]:
    """A company account sees the rows of its own company only (none without one); the district's accounts all.

    The one place "a company sees only its own" is written; a model's `visible_to` adds what is its own (an
    order's drafts, an inspection's status). Staff confined to an area would get a sibling `own_area` here.
    """
    if user.role != Role.COMPANY:
        return true()
    if user.company_id is None:
        return false()
    return company_column == user.company_id
