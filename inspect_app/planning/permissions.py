"""Who may change a patrol plan: the supervisor of its area (or of an area holding it). Pure."""

from typing import Protocol

from inspect_app.core.roles import Account, Role


class PlanArea(Protocol):
    @property
    def subdistrict_id(self) -> int | None: ...

    @property
    def community_id(self) -> int | None: ...


def covers(user: Account, area: PlanArea) -> bool:
    """Whether the user's area holds the plan's area (the district level holds every area)."""
    if user.community_id is not None:
        return area.community_id == user.community_id
    if user.subdistrict_id is not None:
        return area.subdistrict_id == user.subdistrict_id
    return True


def can_edit_plan(user: Account, plan: PlanArea) -> bool:
    return user.role == Role.SUPERVISOR and covers(user, plan)


def can_generate_plan(user: Account) -> bool:
    """Whether the user may generate a plan for their own area."""
    return user.role == Role.SUPERVISOR
