"""Every permission predicate × every role, without HTTP or a database; and the one `can(...)` helper."""

from dataclasses import dataclass
from types import ModuleType

import pytest

from inspect_app.assembly import predicate_modules
from inspect_app.auth.models import User
from inspect_app.core import permissions
from inspect_app.core.roles import Role
from inspect_app.inspections.models import Inspection
from inspect_app.orders.models import RectificationOrder
from inspect_app.places.models import Neighborhood
from inspect_app.planning.models import PatrolPlan

COMPANY_A, COMPANY_B = 11, 12
NEIGHBORHOOD_A = 21


@dataclass(frozen=True)
class Account:
    id: int
    role: str
    company_id: int | None = None
    is_authenticated: bool = True
    subdistrict_id: int | None = None
    community_id: int | None = None
    neighborhood_id: int | None = None


ACCOUNTS = {
    "inspector": Account(1, Role.INSPECTOR),
    "other_inspector": Account(2, Role.INSPECTOR),
    "supervisor": Account(3, Role.SUPERVISOR),
    "admin": Account(4, Role.ADMIN),
    "company_a": Account(5, Role.COMPANY, COMPANY_A),
    "company_b": Account(6, Role.COMPANY, COMPANY_B),
    "committee": Account(7, Role.COMMITTEE, neighborhood_id=NEIGHBORHOOD_A),  # 业委会 of neighbourhood A
}
ORDER_OF_A = RectificationOrder(company_id=COMPANY_A)
PATROL_OF_INSPECTOR = Inspection(inspector_id=1, company_id=COMPANY_A)
ENABLED_INSPECTOR = User(id=1, role=Role.INSPECTOR, is_enabled=True)  # the "inspector" account below
# action → (the object it is asked about, the accounts it allows); every other account is refused.
PATROL = {"inspector", "other_inspector", "supervisor"}
TABLE: dict[str, tuple[object, set[str]]] = {
    # findings
    "raise_finding": (None, PATROL),
    "record_community_fix": (None, PATROL),
    "follow_up_community_fix": (None, PATROL),
    "close": (None, {"supervisor"}),
    "send_back": (None, {"supervisor"}),
    "filter_by_company": (None, {"inspector", "other_inspector", "supervisor", "admin"}),
    # orders
    "draft_order": (None, PATROL),
    "edit_draft": (ORDER_OF_A, PATROL),
    "issue": (ORDER_OF_A, PATROL),
    "void": (ORDER_OF_A, PATROL),
    "follow_up": (ORDER_OF_A, PATROL),
    "acknowledge": (ORDER_OF_A, {"company_a"}),
    "report_fix": (ORDER_OF_A, {"company_a"}),
    # inspections
    "patrol": (None, PATROL),
    "edit_inspection": (PATROL_OF_INSPECTOR, {"inspector"}),
    # residents' reports
    "triage": (None, PATROL),
    # places and accounts (admin)
    "admin_places": (None, {"admin"}),
    "manage_accounts": (None, {"admin"}),
    "disable_account": (ENABLED_INSPECTOR, {"admin"}),
    # assessment
    "manage_periods": (None, {"admin"}),
    "enter_special": (None, {"admin", "supervisor"}),
    # patrol plans (the district's plan: no subdistrict, no community)
    "generate_plan": (None, {"supervisor"}),
    "edit_plan": (PatrolPlan(subdistrict_id=None, community_id=None), {"supervisor"}),
    # escalations (督办)
    "see_escalations": (None, {"inspector", "other_inspector", "supervisor", "admin"}),
    "set_escalation": (None, {"admin"}),
    # 物业服务公示
    "edit_disclosure": (None, {"company_a", "company_b"}),
    "publish_committee_accounts": (None, {"inspector", "other_inspector", "supervisor", "admin"}),
    # appeals (申诉)
    "file_appeal": (ORDER_OF_A, {"company_a"}),
    "decide_appeal": (None, {"supervisor"}),
    # satisfaction survey (满意度测评)
    "view_survey_results": (None, {"inspector", "other_inspector", "supervisor", "admin"}),
    "manage_survey": (None, {"admin"}),
    # transfers (转办) and their departments
    "transfer": (None, PATROL),
    "manage_departments": (None, {"admin"}),
    # owners' committees (业委会): their own neighbourhood's input; the items are the admin's
    "enter_committee_assessment": (None, {"committee"}),
    "manage_committee_items": (None, {"admin"}),
}


@pytest.fixture(scope="module", autouse=True)
def registered() -> None:
    permissions.register_predicates(*predicate_modules())


def test_every_predicate_is_in_the_table():
    defined = {name.removeprefix("can_") for module in predicate_modules() for name, value in vars(module).items()
               if name.startswith("can_") and getattr(value, "__module__", None) == module.__name__}
    assert defined == set(TABLE)


@pytest.mark.parametrize("action", sorted(TABLE))
@pytest.mark.parametrize("who", sorted(ACCOUNTS))
def test_predicate_per_role(action, who):
    obj, allowed = TABLE[action]
    assert permissions.can(action, obj, user=ACCOUNTS[who]) is (who in allowed)


def test_a_company_account_without_a_company_is_refused():
    assert not permissions.can("acknowledge", RectificationOrder(company_id=None),
                               user=Account(7, Role.COMPANY, None))


def test_nobody_logged_in_may_do_anything():
    anonymous = Account(0, "", None, is_authenticated=False)
    assert not any(permissions.can(action, obj, user=anonymous) for action, (obj, _allowed) in TABLE.items())


def test_an_unknown_action_is_an_error_not_a_silent_no():
    with pytest.raises(KeyError):
        permissions.can("no_such_action", user=ACCOUNTS["admin"])


def test_one_meaning_per_name():
    def can_issue(user: Account, _obj: object = None) -> bool:
        return True

    clash = ModuleType("clash")  # another area defining a predicate of the same name
    can_issue.__module__ = clash.__name__
    clash.can_issue = can_issue  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="can_issue"):
        permissions.register_predicates(clash)


def test_a_committee_gives_only_its_own_neighbourhoods_input():
    committee = ACCOUNTS["committee"]
    assert permissions.can("enter_committee_assessment", Neighborhood(id=NEIGHBORHOOD_A), user=committee)
    assert not permissions.can("enter_committee_assessment", Neighborhood(id=NEIGHBORHOOD_A + 1), user=committee)
    assert not permissions.can("enter_committee_assessment", user=Account(8, Role.COMMITTEE))  # no neighbourhood
