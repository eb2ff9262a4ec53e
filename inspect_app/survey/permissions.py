"""Who may read the survey's results and set its questions (pure predicates)."""

from inspect_app.core.roles import OFFICIAL_ROLES, Account, Role


def can_view_survey_results(user: Account) -> bool:
    """The district's own accounts, each for its area; companies never (the answers judge them)."""
    return user.role in OFFICIAL_ROLES


def can_manage_survey(user: Account) -> bool:
    """Set the questions residents are asked."""
    return user.role == Role.ADMIN
