"""Who may manage places, companies and their imports: pure predicates for views and `can`."""

from inspect_app.core.roles import Account, Role


def can_admin_places(user: Account, _obj: object = None) -> bool:
    """Create, edit, retire and import subdistricts, communities, neighbourhoods and companies."""
    return user.role == Role.ADMIN
