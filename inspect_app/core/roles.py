"""The roles an account can hold (domain.md "People") and the named sets of them: one home, below every area."""

from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    COMPANY = "company"
    ADMIN = "admin"
    COMMITTEE = "committee"  # 业委会/物委会: one neighbourhood, reads its ledger, gives its 专项考评 input


# Each set of roles has one name and one meaning; views gate routes with them (`require(*PATROL_ROLES)`),
# the areas' permission predicates are written in terms of them.
PATROL_ROLES = (Role.INSPECTOR, Role.SUPERVISOR)  # patrol, raise findings, draft and issue orders, follow up, triage
ASSESSMENT_ROLES = (Role.ADMIN, Role.SUPERVISOR)  # see the quarterly assessment and enter special assessments
OFFICIAL_ROLES = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)  # the district's own accounts: all but companies
EVERY_ROLE = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN, Role.COMPANY, Role.COMMITTEE)  # read what one sees


class Account(Protocol):
    """What a permission or a scoping function needs of a user (core knows no domain model)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...

    @property
    def company_id(self) -> int | None: ...

    # A staff account's area (golive.md): a community, a subdistrict, or neither for the district level.
    @property
    def subdistrict_id(self) -> int | None: ...

    @property
    def community_id(self) -> int | None: ...

    # An owners' committee's one neighbourhood (None for every other role).
    @property
    def neighborhood_id(self) -> int | None: ...
