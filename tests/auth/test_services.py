"""Account rules without HTTP."""

import pytest

from inspect_app.auth import services
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role


def test_company_user_must_name_an_existing_company(world):
    with pytest.raises(DomainError, match="找不到物业公司"):
        services.create_user("x1", role=Role.COMPANY, password="longenough", company_name="不存在物业")
    user = services.create_user("x2", role=Role.COMPANY, password="longenough", company_name="九州物业")
    assert user.company_id == world.company_a.id


@pytest.mark.parametrize("kwargs,field", [
    ({"username": "inspector1", "role": Role.INSPECTOR, "password": "longenough"}, "username"),
    ({"username": "new", "role": Role.INSPECTOR, "password": "short"}, "password"),
    ({"username": "new", "role": Role.ADMIN, "password": "longenough", "company_name": "九州物业"}, "company"),
])
def test_create_user_refuses_bad_input(world, kwargs, field):
    kwargs = dict(kwargs)
    username = kwargs.pop("username")
    with pytest.raises(DomainError) as error:
        services.create_user(username, **kwargs)
    assert error.value.field == field


def test_authenticate(world):
    assert services.authenticate("inspector1", "password123") == world.inspector
    assert services.authenticate("inspector1", "nope") is None
    assert services.authenticate("ghost", "password123") is None


def test_session_id_carries_version(world):
    session_id = world.inspector.get_id()
    assert services.load_session_user(session_id) == world.inspector
    assert services.load_session_user("garbage") is None
    world.inspector.set_password("another-one")
    assert services.load_session_user(session_id) is None
