"""The generic half of scoping: each model's `visible_to(user)` where-clause is built from these pieces."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, false, true

from inspect_app.core.roles import Account, Role


def own_company(user: Account, company_column: Any) -> ColumnElement[bool]:
    """A company account sees the rows of its own company only (none without one); the district's accounts all.

    The one place "a company sees only its own" is written; a model's `visible_to` adds what is its own (an
    order's drafts, an inspection's status).
    """
    if user.role != Role.COMPANY:
        return true()
    if user.company_id is None:
        return false()
    return company_column == user.company_id


def has_area(user: Account) -> bool:
    """Whether a staff account is confined below the district (a company is scoped by `own_company` instead);
    an owners' committee always is, to its one neighbourhood (`own_neighborhood`)."""
    if user.role == Role.COMMITTEE:
        return True
    return user.role != Role.COMPANY and (user.community_id is not None or user.subdistrict_id is not None)


def own_neighborhood(user: Account, neighborhood_column: Any) -> ColumnElement[bool]:
    """An owners' committee (业委会) sees the rows of its one neighbourhood only (none without one); every other
    account is not confined by this. The one place "a committee sees only its neighbourhood" is written."""
    if user.role != Role.COMMITTEE:
        return true()
    if user.neighborhood_id is None:
        return false()
    return neighborhood_column == user.neighborhood_id


def own_area(user: Account, community_column: Any,
             communities_of: Callable[[int], Select[Any]]) -> ColumnElement[bool]:
    """A staff account sees the rows of its area only: its community, or the communities of its subdistrict;
    the district level and companies (scoped by company) everything. `communities_of(subdistrict_id)` selects
    a subdistrict's community ids; the one place "staff see their own area" is written."""
    if user.role == Role.COMMITTEE:
        return false()  # no community is a committee's: only its neighbourhood, through own_neighborhood
    if not has_area(user):
        return true()
    if user.community_id is not None:
        return community_column == user.community_id
    assert user.subdistrict_id is not None
    return community_column.in_(communities_of(user.subdistrict_id))
