"""督办 use cases: the daily sweep that sends overdue orders up a level, the admin's setting, who is told.

The sweep is idempotent by key: an escalation is unique per (order, level), so running it twice — or two
workers at once — makes one escalation per level; its notifications carry the same key.
"""

import logging
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.core.roles import PATROL_ROLES
from inspect_app.escalations import permissions, rules
from inspect_app.escalations.models import Escalation, EscalationNumberCounter, EscalationSetting
from inspect_app.escalations.rules import Level
from inspect_app.findings.services import record_change
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders.models import OrderLine, RectificationOrder
from inspect_app.orders.numbering import next_sequence
from inspect_app.places.models import Community, Neighborhood
from inspect_app.workdays.rules import UnknownYear
from inspect_app.workdays.services import calendar

log = logging.getLogger(__name__)


def level_names() -> dict[str, str]:
    return {Level.COMMUNITY: _("社区"), Level.SUBDISTRICT: _("街道"), Level.DISTRICT: _("区")}


def current_setting() -> EscalationSetting:
    """The admin's setting (the defaults until one is saved)."""
    return db.session.get(EscalationSetting, 1) or EscalationSetting(id=1,
                                                                     overdue_workdays=rules.DEFAULT_OVERDUE_WORKDAYS)


def save_setting(*, overdue_workdays: int, actor: User) -> EscalationSetting:
    authorise(permissions.can_set_escalation(actor))
    if not 1 <= overdue_workdays <= rules.MAX_OVERDUE_WORKDAYS:
        raise DomainError(_("逾期工作日数应在 1 到 %(n)s 之间", n=rules.MAX_OVERDUE_WORKDAYS),
                          field="overdue_workdays")
    setting = db.session.get(EscalationSetting, 1) or EscalationSetting(id=1)
    setting.overdue_workdays = overdue_workdays
    db.session.add(setting)
    db.session.commit()
    return setting


def sweep(today: date) -> int:
    """Every live order overdue by k × N working days reaches its k-th level (社区, 街道, 区) once. The count made."""
    step = current_setting().overdue_workdays
    made = 0
    for order in _overdue_orders(today):
        try:
            late = calendar().between(order.deadline, today) if order.deadline else 0
        except UnknownYear as missing:
            log.error("escalation of order %s skipped: no calendar for %s", order.id, missing.year)
            continue
        reached = set(db.session.scalars(select(Escalation.level).where(Escalation.order_id == order.id)))
        for level in rules.levels_due(late, step):
            if level not in reached and _escalate(order, level, late, today) is not None:
                made += 1
    return made


def _overdue_orders(today: date) -> list[RectificationOrder]:
    return list(db.session.scalars(
        select(RectificationOrder).where(RectificationOrder.is_overdue(today)).order_by(RectificationOrder.id)
        .options(selectinload(RectificationOrder.lines).joinedload(OrderLine.finding),
                 joinedload(RectificationOrder.company),
                 joinedload(RectificationOrder.neighborhood).joinedload(Neighborhood.community)
                 .joinedload(Community.subdistrict))))


def _escalate(order: RectificationOrder, level: Level, late: int, today: date) -> Escalation | None:
    """The numbered escalation, its timeline entries and the level's notification; None if it exists already."""
    year = today.year
    try:
        with db.session.begin_nested():
            sequence = next_sequence(year, EscalationNumberCounter)
            escalation = Escalation(order_id=order.id, level=level, year=year, sequence=sequence,
                                    number=rules.format_number(_number_format(), year, sequence),
                                    workdays_overdue=late)
            db.session.add(escalation)
            db.session.flush()
    except IntegrityError:  # made a moment ago by a concurrent sweep
        return None
    note = _("督办·%(level)s %(number)s：逾期 %(n)s 个工作日", level=level_names()[level],
             number=escalation.number, n=late)
    record_change("order", order.id, order.state, rules.ESCALATED_MARK, actor=None, note=note)
    for line in overdue_lines(order, today):
        line.finding.escalation_level = level
        record_change("finding", line.finding_id, line.finding.state, rules.ESCALATED_MARK, actor=None, note=note)
    db.session.commit()
    notifications.notify(
        staff_of_level(order.neighborhood, level), NotificationKind.ESCALATED,
        key=f"escalated:{order.id}:{level}", link=f"/orders/{order.id}",
        title=_("督办（%(level)s）：%(number)s", level=level_names()[level], number=order.number),
        body=_("%(company)s 在 %(neighborhood)s 的整改已逾期 %(n)s 个工作日，升级至%(level)s督办（%(esc)s）。",
               company=order.company.name, neighborhood=order.neighborhood.name, n=late,
               level=level_names()[level], esc=escalation.number))
    return escalation


def overdue_lines(order: RectificationOrder, today: date) -> list[OrderLine]:
    return [line for line in order.lines if line.finding.is_overdue(today)]


def _number_format() -> str:
    return str(current_app.config["ESCALATION_NUMBER_FORMAT"])


def staff_of_level(neighborhood: Neighborhood, level: str) -> list[User]:
    """The enabled patrol staff of that level's area: the community's, the subdistrict's, the district's."""
    community = neighborhood.community
    where = {Level.COMMUNITY: User.community_id == community.id,
             Level.SUBDISTRICT: and_(User.subdistrict_id == community.subdistrict_id, User.community_id.is_(None)),
             Level.DISTRICT: and_(User.subdistrict_id.is_(None), User.community_id.is_(None))}[Level(level)]
    return list(db.session.scalars(select(User).where(User.role.in_(PATROL_ROLES), User.is_enabled, where)))
