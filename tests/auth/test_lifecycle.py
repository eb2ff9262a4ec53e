"""An account's life through the services, without HTTP: every rule and every recorded change."""

import pytest
from sqlalchemy import select

from inspect_app.auth import lifecycle, services
from inspect_app.auth.forms import AccountInput
from inspect_app.auth.models import AccountEvent, User
from inspect_app.auth.rules import EventKind
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.places.models import Community
from tests import factories


def _events(account: User) -> list[tuple[str, dict]]:
    rows = db.session.scalars(select(AccountEvent).where(AccountEvent.account_id == account.id)
                              .order_by(AccountEvent.id))
    return [(e.kind, e.details) for e in rows]


def _community() -> Community:
    return db.session.scalar(select(Community).where(Community.name == "学府街社区"))


def test_a_new_account_gets_a_one_time_password_it_must_change(world):
    community = _community()
    data = AccountInput("王芳", Role.INSPECTOR, community_id=community.id, phone="13800138000")
    account, password = lifecycle.create_account("wangfang", data, actor=world.admin)
    assert account.must_change_password and account.area_name == "学府街社区"
    assert password not in account.password_hash and account.check_password(password)
    assert services.authenticate("wangfang", password) == account
    assert _events(account) == [(EventKind.CREATED, {"display_name": "王芳", "role": "inspector",
                                                     "area": "学府街社区", "company": None,
                                                     "phone": "13800138000"})]
    assert db.session.get(AccountEvent, db.session.scalar(select(AccountEvent.id))).actor == world.admin


@pytest.mark.parametrize("username,data,field", [
    ("Inspector1", AccountInput("重名", Role.INSPECTOR), "username"),  # usernames are unique whatever the case
    ("newco", AccountInput("物业", Role.COMPANY), "company_id"),
    ("newarea", AccountInput("区域", Role.INSPECTOR, community_id=999999), "area"),
])
def test_create_account_refuses(world, username, data, field):
    with pytest.raises(DomainError) as error:
        lifecycle.create_account(username, data, actor=world.admin)
    assert error.value.field == field
    assert db.session.scalar(select(User).where(User.username == username)) is None


def test_a_company_account_has_a_company_and_no_area(world):
    refused = AccountInput("物业", Role.COMPANY, company_id=world.company_a.id, community_id=_community().id)
    with pytest.raises(DomainError, match="没有片区") as error:
        lifecycle.create_account("newco", refused, actor=world.admin)
    assert error.value.field == "area"
    account, _ = lifecycle.create_account("newco", AccountInput("物业", Role.COMPANY, company_id=world.company_a.id),
                                          actor=world.admin)
    assert account.company == world.company_a and account.area_name is None


def test_only_an_administrator_manages_accounts(world):
    with pytest.raises(DomainError) as error:
        lifecycle.create_account("x1", AccountInput("X", Role.INSPECTOR), actor=world.supervisor)
    assert error.value.status == 403
    with pytest.raises(DomainError):
        lifecycle.reset_password(world.inspector, actor=world.inspector)
    with pytest.raises(DomainError):
        lifecycle.set_enabled(world.company_user_a, False, actor=world.company_user_b)
    assert world.company_user_a.is_enabled


def test_an_edit_records_what_changed_and_applies_to_the_open_session_at_once(world):
    session_id = world.inspector.get_id()
    data = AccountInput("张伟", Role.SUPERVISOR, community_id=_community().id, phone="0313-1234567")
    changed = lifecycle.update_account(world.inspector, data, actor=world.admin)
    assert changed == {"display_name": ["Inspector1", "张伟"], "role": ["inspector", "supervisor"],
                       "area": [None, "学府街社区"], "phone": [None, "0313-1234567"]}
    assert _events(world.inspector) == [(EventKind.UPDATED, changed)]
    session_user = services.load_session_user(session_id)
    assert session_user is not None and session_user.role == Role.SUPERVISOR and session_user.community_id


def test_an_edit_that_changes_nothing_records_nothing(world):
    data = AccountInput(world.inspector.display_name, Role.INSPECTOR)
    session_id = world.inspector.get_id()
    assert lifecycle.update_account(world.inspector, data, actor=world.admin) == {}
    assert _events(world.inspector) == []
    assert services.load_session_user(session_id) == world.inspector


def test_disabling_ends_every_session_at_once_and_is_recorded(world):
    session_id = world.inspector.get_id()
    lifecycle.set_enabled(world.inspector, False, actor=world.admin)
    assert services.load_session_user(session_id) is None
    assert services.authenticate("inspector1", factories.PASSWORD) is None
    lifecycle.set_enabled(world.inspector, False, actor=world.admin)  # a repeated click: nothing more
    lifecycle.set_enabled(world.inspector, True, actor=world.admin)
    assert services.authenticate("inspector1", factories.PASSWORD) == world.inspector
    assert services.load_session_user(session_id) is None  # re-enabling does not revive old sessions
    assert [kind for kind, _ in _events(world.inspector)] == [EventKind.DISABLED, EventKind.ENABLED]


def test_an_administrator_cannot_disable_themselves(world):
    other = factories.user("admin2", Role.ADMIN)
    db.session.commit()
    with pytest.raises(DomainError, match="不能停用自己") as error:
        lifecycle.set_enabled(world.admin, False, actor=world.admin)
    assert error.value.status == 409 and world.admin.is_enabled
    lifecycle.set_enabled(world.admin, False, actor=other)
    assert not world.admin.is_enabled


def test_the_last_enabled_administrator_stays(world):
    second = factories.user("admin2", Role.ADMIN)
    db.session.commit()
    lifecycle.set_enabled(second, False, actor=world.admin)  # world.admin remains
    with pytest.raises(DomainError, match="最后一个启用的管理员") as error:
        lifecycle.set_enabled(world.admin, False, actor=None)  # the command line has no self to protect
    assert error.value.status == 409
    with pytest.raises(DomainError, match="最后一个启用的管理员") as error:
        lifecycle.update_account(world.admin, AccountInput("管理员", Role.SUPERVISOR), actor=second)
    assert error.value.field == "role" and world.admin.role == Role.ADMIN
    with pytest.raises(DomainError, match="不能取消自己的管理员角色"):
        lifecycle.update_account(world.admin, AccountInput("管理员", Role.SUPERVISOR), actor=world.admin)


def test_a_reset_gives_a_new_one_time_password_and_ends_sessions(world):
    session_id = world.inspector.get_id()
    password = lifecycle.reset_password(world.inspector, actor=world.admin)
    assert services.load_session_user(session_id) is None
    assert services.authenticate("inspector1", factories.PASSWORD) is None
    assert services.authenticate("inspector1", password) == world.inspector
    assert world.inspector.must_change_password
    assert _events(world.inspector) == [(EventKind.PASSWORD_RESET, {})]  # the password itself is never recorded
    assert lifecycle.reset_password(world.inspector, actor=world.admin) != password


@pytest.mark.parametrize("current,new,field,message", [
    ("wrong-password", "a-good-new-one", "current", "当前密码不正确"),
    (factories.PASSWORD, "short", "new", "至少 8 位"),
    (factories.PASSWORD, "Inspector1", "new", "不能与用户名相同"),
    (factories.PASSWORD, factories.PASSWORD, "new", "不能与当前密码相同"),
])
def test_changing_ones_own_password_refuses(world, current, new, field, message):
    with pytest.raises(DomainError, match=message) as error:
        lifecycle.change_own_password(world.inspector, current=current, new=new)
    assert error.value.field == field
    assert world.inspector.check_password(factories.PASSWORD) and _events(world.inspector) == []


def test_changing_ones_own_password_ends_the_one_time_password(world):
    one_time = lifecycle.reset_password(world.inspector, actor=world.admin)
    session_id = world.inspector.get_id()
    lifecycle.change_own_password(world.inspector, current=one_time, new="my-own-secret")
    assert not world.inspector.must_change_password
    assert services.load_session_user(session_id) is None
    assert services.authenticate("inspector1", one_time) is None
    assert services.authenticate("inspector1", "my-own-secret") == world.inspector
    assert [kind for kind, _ in _events(world.inspector)] == [EventKind.PASSWORD_RESET, EventKind.PASSWORD_CHANGED]


def test_create_user_by_name_is_recorded_too(world):
    user = services.create_user("cli1", role=Role.INSPECTOR, password="long-enough", area_name="南站街道",
                                phone="13900139000")
    assert user.area_name == "南站街道" and user.phone == "13900139000" and not user.must_change_password
    assert _events(user) == [(EventKind.CREATED, {"display_name": "cli1", "role": "inspector", "area": "南站街道",
                                                  "company": None, "phone": "13900139000"})]
    with pytest.raises(DomainError, match="不能与用户名相同"):
        services.create_user("longname1", role=Role.INSPECTOR, password="longname1")
