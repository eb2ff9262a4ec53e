"""Who may do what with findings: pure predicates (user, finding), used by services, views and templates' `can`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_app.core.roles import OFFICIAL_ROLES, PATROL_ROLES, Account, Role

if TYPE_CHECKING:
    from inspect_app.findings.models import Finding


def can_raise_finding(user: Account, _obj: object = None) -> bool:
    """Put a problem on the ledger by hand (a patrol raises its own on submit)."""
    return user.role in PATROL_ROLES


def can_close(user: Account, _finding: Finding | None = None) -> bool:
    """销号: verify a fix that passed its follow-up and close the finding."""
    return user.role == Role.SUPERVISOR


def can_send_back(user: Account, _finding: Finding | None = None) -> bool:
    """督办: send a finding that failed its follow-up back to the company with a new deadline."""
    return user.role == Role.SUPERVISOR


def can_filter_by_company(user: Account, _obj: object = None) -> bool:
    """Choose among companies on the ledger: every account that sees more than one company's findings."""
    return user.role in OFFICIAL_ROLES


def can_record_community_fix(user: Account, finding: Finding | None = None) -> bool:
    """社区代管: record the community's own fix of a finding in a neighbourhood without a company — staff of that
    community, or of a level above it (who see it through their area)."""
    if user.role not in PATROL_ROLES:
        return False
    community_id = getattr(user, "community_id", None)
    return finding is None or community_id is None or community_id == finding.community_id


def can_follow_up_community_fix(user: Account, _finding: Finding | None = None) -> bool:
    """复查 of a community's fix: any inspector or supervisor who sees the finding."""
    return user.role in PATROL_ROLES
