"""Accounts created from an import (sheet 账号): each with a random one-time password, reported once."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from inspect_app.auth import lifecycle, rules
from inspect_app.auth.models import User
from inspect_app.auth.rules import EventKind
from inspect_app.auth.services import find_area
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.places.models import PropertyCompany


@dataclass
class ImportedAccount:
    username: str
    display_name: str
    role: Role
    company_name: str | None = None
    area_name: str | None = None  # 片区: the district, a subdistrict or a community, by name
    phone: str | None = None


@dataclass
class CreatedAccount:
    username: str
    one_time_password: str


def import_accounts(rows: Sequence[ImportedAccount]) -> list[CreatedAccount]:
    """Create the accounts (already checked by the import: new usernames, known companies and areas) in the
    caller's transaction, which commits; returns each username with its one-time password."""
    companies = {c.name: c for c in db.session.scalars(select(PropertyCompany).where(
        PropertyCompany.name.in_({r.company_name for r in rows if r.company_name})))}
    created: list[CreatedAccount] = []
    imported: list[User] = []
    for row in rows:
        user = User(username=row.username, display_name=row.display_name, role=row.role,
                    company=companies[row.company_name] if row.role == Role.COMPANY and row.company_name else None)
        password = rules.one_time_password()
        user.set_password(password)
        user.must_change_password = True  # a one-time password: changed at the first login
        user.phone = row.phone or None
        _place_in_area(user, row.area_name)
        db.session.add(user)
        created.append(CreatedAccount(row.username, password))
        imported.append(user)
    db.session.flush()
    for user in imported:
        lifecycle.record(user, EventKind.CREATED, actor=None, source="import", **lifecycle.snapshot(user))
    return created


def _place_in_area(user: User, area_name: str | None) -> None:
    """The account's area by the name in the sheet (the district, a subdistrict or a community)."""
    if area_name and user.role != Role.COMPANY:
        user.subdistrict, user.community = find_area(area_name)
