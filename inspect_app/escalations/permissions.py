"""Who may do what with 督办 (pure)."""

from inspect_app.core.roles import OFFICIAL_ROLES, Account, Role


def can_see_escalations(user: Account, _obj: object = None) -> bool:
    """The 督办 list and the 督办单 PDFs: the district's own accounts (a company sees only that it happened)."""
    return user.role in OFFICIAL_ROLES


def can_set_escalation(user: Account, _obj: object = None) -> bool:
    return user.role == Role.ADMIN
