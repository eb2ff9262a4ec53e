"""The daily deadline jobs: a reminder one working day before an order's deadline, and the overdue notice.

Each event has a key (order, deadline), so running a job twice — or after a missed day — sends nothing twice.
"""

import logging
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from inspect_app.auth.services import staff_for
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.rules import OrderState
from inspect_app.places.models import Community, Neighborhood
from inspect_app.workdays.services import add_workdays

log = logging.getLogger(__name__)
NOT_YET_REPORTED = (OrderState.ISSUED, OrderState.ACKNOWLEDGED)


def _orders(*conditions) -> list[RectificationOrder]:
    return list(db.session.scalars(
        select(RectificationOrder).where(*conditions)
        .options(joinedload(RectificationOrder.neighborhood).joinedload(Neighborhood.community)
                 .joinedload(Community.subdistrict))))


def remind_deadlines(today: date) -> int:
    """Orders not yet reported whose deadline is the next working day: their company is reminded."""
    try:
        tomorrow = add_workdays(today, 1)
    except DomainError as error:
        log.error("deadline reminders skipped: %s", error.message)
        return 0
    sent = 0
    for order in _orders(RectificationOrder.state.in_(NOT_YET_REPORTED), RectificationOrder.deadline > today,
                         RectificationOrder.deadline <= tomorrow):
        sent += len(notifications.notify(
            notifications.company_accounts(order.company_id), NotificationKind.DEADLINE_NEAR,
            key=f"deadline-near:{order.id}:{order.deadline}", link=f"/orders/{order.id}",
            title=_("整改期限将到：%(number)s", number=order.number),
            body=_("%(neighborhood)s 的整改期限是 %(deadline)s，请按期报告整改情况。",
                   neighborhood=order.neighborhood.name, deadline=order.deadline)))
    return sent


def sweep_overdue(today: date) -> int:
    """Live orders past their deadline: the company and the staff of the neighbourhood's area are told, once."""
    sent = 0
    for order in _orders(RectificationOrder.is_overdue(today)):
        recipients = notifications.company_accounts(order.company_id) + staff_for(order.neighborhood)
        sent += len(notifications.notify(
            recipients, NotificationKind.OVERDUE, key=f"overdue:{order.id}:{order.deadline}",
            link=f"/orders/{order.id}", title=_("整改逾期：%(number)s", number=order.number),
            body=_("%(neighborhood)s 的整改期限 %(deadline)s 已过，尚未完成销号。",
                   neighborhood=order.neighborhood.name, deadline=order.deadline)))
    return sent
