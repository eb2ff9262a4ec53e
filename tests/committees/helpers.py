"""A committee of neighbourhood A, the admin's items and an open quarter."""

from decimal import Decimal

from inspect_app.assessment import services as assessment
from inspect_app.committees import services
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from tests import factories
from tests.assessment.helpers import PAST


def committee(world, username: str = "yeweihui", neighborhood=None):
    user = factories.user(username, Role.COMMITTEE, neighborhood=neighborhood or world.neighborhood_a)
    db.session.commit()
    return user


def items(world, *maxima: int) -> None:
    for position, maximum in enumerate(maxima or (20, 30), start=1):
        services.add_item(f"项目{position}", Decimal(maximum), position, actor=world.admin)


def open_period(world, code: str = PAST):
    return assessment.create_period(code, actor=world.admin)
