"""An account's whole life: created, edited, disabled and re-enabled, its password reset or changed — each recorded.

Every use case takes the acting user, checks the rules (raising DomainError with the form field it concerns),
writes, records an AccountEvent and commits once. A one-time password is returned to the caller, never stored.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select

from inspect_app.auth import permissions, queries, rules
from inspect_app.auth.forms import AccountInput
from inspect_app.auth.models import AccountEvent, User
from inspect_app.auth.rules import EventKind
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.core.roles import Role
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict


def record(account: User, kind: EventKind, *, actor: User | None, **details: object) -> AccountEvent:
    event = AccountEvent(account=account, actor=actor, kind=kind, details=details)
    db.session.add(event)
    return event


def snapshot(account: User) -> dict[str, object]:
    """The recorded face of an account: names, not ids, so that the history reads the same after a rename."""
    face: dict[str, object] = {"display_name": account.display_name, "role": account.role,
                               "area": account.area_name,
                               "company": account.company.name if account.company else None, "phone": account.phone}
    if account.neighborhood is not None:  # an owners' committee's (its area_name is the same neighbourhood)
        face["neighborhood"] = account.neighborhood.name
    return face


def create_account(username: str, data: AccountInput, *, actor: User) -> tuple[User, str]:
    """A new account with a one-time password, returned once for the administrator to hand over."""
    authorise(permissions.can_manage_accounts(actor))
    username = username.strip()
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise DomainError(_("用户名 %(name)s 已存在", name=username), field="username")
    account = User(username=username, session_version=0)
    _apply(account, data)
    password = rules.one_time_password()
    account.set_password(password)
    account.must_change_password = True
    db.session.add(account)
    db.session.flush()
    record(account, EventKind.CREATED, actor=actor, **snapshot(account))
    db.session.commit()
    return account, password


def update_account(account: User, data: AccountInput, *, actor: User) -> dict[str, list[object]]:
    """Edit name, role, area, company and phone; returns what changed (nothing changed: nothing recorded)."""
    authorise(permissions.can_manage_accounts(actor))
    if account.role == Role.ADMIN and data.role != Role.ADMIN:
        if account.id == actor.id:
            raise DomainError(_("不能取消自己的管理员角色"), field="role")
        _keep_an_admin(account, field="role")
    before = snapshot(account)
    _apply(account, data)
    changed = rules.changes(before, snapshot(account))
    if changed:  # sessions go on: each request loads the account afresh, so the new role and area apply at once
        record(account, EventKind.UPDATED, actor=actor, **changed)
    db.session.commit()
    return changed


def set_enabled(account: User, enabled: bool, *, actor: User | None) -> None:
    """Disable (every session of the account ends at once) or re-enable; actor None is the command line."""
    if actor is not None:
        authorise(permissions.can_manage_accounts(actor))
    if account.is_enabled == enabled:
        return  # a repeated click changes nothing and records nothing
    if not enabled:
        if actor is not None and account.id == actor.id:
            raise DomainError(_("不能停用自己的账号"), status=409)
        if account.role == Role.ADMIN:
            _keep_an_admin(account)
    account.is_enabled = enabled
    account.session_version += 1
    record(account, EventKind.ENABLED if enabled else EventKind.DISABLED, actor=actor)
    db.session.commit()


def reset_password(account: User, *, actor: User) -> str:
    """A new one-time password (old sessions end); the account must change it at its next login."""
    authorise(permissions.can_manage_accounts(actor))
    password = rules.one_time_password()
    account.set_password(password)
    account.must_change_password = True
    record(account, EventKind.PASSWORD_RESET, actor=actor)
    db.session.commit()
    return password


def change_own_password(account: User, *, current: str, new: str) -> None:
    """Anyone's own change: the current password first; every other session of the account ends."""
    if not account.check_password(current):
        raise DomainError(_("当前密码不正确"), field="current")
    problem = rules.password_problem(new, username=account.username)
    if problem is not None:
        raise DomainError(password_messages()[problem], field="new")
    if account.check_password(new):
        raise DomainError(_("新密码不能与当前密码相同"), field="new")
    account.set_password(new)
    account.must_change_password = False
    record(account, EventKind.PASSWORD_CHANGED, actor=account)
    db.session.commit()


def password_messages() -> dict[str, str]:
    return {"too_short": _("密码至少 %(n)s 位", n=rules.MIN_PASSWORD),
            "too_long": _("密码不能超过 %(n)s 位", n=rules.MAX_PASSWORD),
            "is_username": _("密码不能与用户名相同")}


def _keep_an_admin(account: User, field: str | None = None) -> None:
    if not queries.enabled_admins(excluding=account):
        raise DomainError(_("这是最后一个启用的管理员账号，不能停用或改为其他角色"), field=field, status=409)


def _apply(account: User, data: AccountInput) -> None:
    """Role, area and company together: a company account has a company and no area; staff the reverse."""
    company = db.session.get(PropertyCompany, data.company_id) if data.company_id else None
    if data.role == Role.COMPANY and company is None:
        raise DomainError(_("物业公司账号须选择所属物业公司"), field="company_id")
    subdistrict = db.session.get(Subdistrict, data.subdistrict_id) if data.subdistrict_id else None
    community = db.session.get(Community, data.community_id) if data.community_id else None
    if (data.subdistrict_id and subdistrict is None) or (data.community_id and community is None):
        raise DomainError(_("请选择片区"), field="area")
    if data.role == Role.COMPANY and (subdistrict or community):
        raise DomainError(_("物业公司账号没有片区，它只看本公司的"), field="area")
    neighborhood = _committee_neighborhood(data)
    account.display_name, account.role, account.phone = data.display_name, data.role, data.phone
    account.company = company if data.role == Role.COMPANY else None
    account.subdistrict, account.community = (None, community) if community else (subdistrict, None)
    account.neighborhood = neighborhood
    if neighborhood is not None:  # a committee is scoped by its neighbourhood alone
        account.subdistrict = account.community = None


def _committee_neighborhood(data: AccountInput) -> Neighborhood | None:
    """An owners' committee's account needs its one neighbourhood; no other account has one."""
    if data.role != Role.COMMITTEE:
        return None
    neighborhood = db.session.get(Neighborhood, data.neighborhood_id) if data.neighborhood_id else None
    if neighborhood is None:
        raise DomainError(_("业委会账号须选择所在小区"), field="neighborhood_id")
    return neighborhood
