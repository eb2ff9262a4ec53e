"""Overdue orders for the escalation tests: issued through the real services, then given a past deadline."""

from datetime import date

from inspect_app.core.db import db
from inspect_app.places import services as places
from inspect_app.places.models import Subdistrict
from tests import factories
from tests.orders.helpers import issued_order


def overdue_order(world, deadline: date, n: int = 2):
    """An issued order whose lines (and findings) were due on `deadline`."""
    order = issued_order(world, n)
    set_deadline(order, deadline)
    return order


def set_deadline(order, deadline: date) -> None:
    for line in order.lines:
        line.deadline = line.finding.deadline = deadline
    order.deadline = deadline
    db.session.commit()


def area_staff(world):
    """A community inspector, a subdistrict supervisor of the order's subdistrict and one of another subdistrict."""
    community = world.neighborhood_a.community
    community_inspector = factories.user("xuefu1", "inspector")
    community_inspector.community_id = community.id
    nanzhan = factories.user("nanzhan1", "supervisor")
    nanzhan.subdistrict_id = community.subdistrict_id
    other = places.ensure_subdistrict(db.session.get(Subdistrict, community.subdistrict_id).district, "北站街道")
    db.session.flush()
    beizhan = factories.user("beizhan1", "supervisor")
    beizhan.subdistrict_id = other.id
    db.session.commit()
    return community_inspector, nanzhan, beizhan
