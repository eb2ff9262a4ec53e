"""Reads for the 督办 pages: an order's escalations, the list a staff account sees, its queue count."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from inspect_app.core.db import db
from inspect_app.core.roles import Account
from inspect_app.escalations import rules
from inspect_app.escalations.models import Escalation
from inspect_app.orders.models import RectificationOrder

LIST_LIMIT = 200


def of_order(order_id: int) -> list[Escalation]:
    return list(db.session.scalars(select(Escalation).where(Escalation.order_id == order_id)
                                   .order_by(Escalation.created_at, Escalation.id)))


def get_for(user: Account, escalation_id: int) -> Escalation | None:
    """The escalation if the user sees its order."""
    return db.session.scalar(select(Escalation).where(Escalation.id == escalation_id, Escalation.visible_to(user))
                             .options(joinedload(Escalation.order)))


def _open_at_level(user: Account):
    level = rules.level_of_area(user.subdistrict_id, user.community_id)
    return (Escalation.visible_to(user), Escalation.level == level,
            Escalation.order_id.in_(select(RectificationOrder.id).where(RectificationOrder.is_live)))


def for_user(user: Account, *, mine: bool) -> list[Escalation]:
    """Escalations of the orders the user sees, newest first; `mine`: only those at the user's level whose order
    is still being worked on (the queue)."""
    conditions = _open_at_level(user) if mine else (Escalation.visible_to(user),)
    return list(db.session.scalars(
        select(Escalation).where(*conditions).order_by(Escalation.created_at.desc(), Escalation.id.desc())
        .options(joinedload(Escalation.order).joinedload(RectificationOrder.neighborhood),
                 joinedload(Escalation.order).joinedload(RectificationOrder.company))
        .limit(LIST_LIMIT)))


def queue_count(user: Account) -> int:
    """督办 waiting at the user's level: the escalations sent to it whose order is still live."""
    return db.session.scalar(select(func.count()).select_from(Escalation).where(*_open_at_level(user))) or 0
