"""Reading an order for its pages: its findings' photos, reports and timeline, the open findings to draft from."""

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.findings.ledger import awaiting_close
from inspect_app.findings.models import Finding, FindingState, StateChange
from inspect_app.orders.forms import DUE, OVERDUE, TO_CLOSE
from inspect_app.orders.models import OrderLine, RectificationOrder, RectificationReport
from inspect_app.orders.rules import LIVE_STATES, OrderState
from inspect_app.photos.models import Photo

# The home tiles that count orders, each the length of the list its link shows.
ORDER_TILES = (OrderState.ISSUED, OrderState.REPORTED, DUE, TO_CLOSE)


def has_finding_to_close() -> ColumnElement[bool]:
    """待销号: a live order with a finding its latest follow-up passed, waiting for the supervisor."""
    line = (select(OrderLine.id).join(Finding, Finding.id == OrderLine.finding_id)
            .where(OrderLine.order_id == RectificationOrder.id, awaiting_close()).correlate(RectificationOrder))
    return and_(RectificationOrder.state.in_(LIVE_STATES), exists(line))


def show_condition(show: str, today: date) -> ColumnElement[bool]:
    """The where-clause of one value of the list's filter (a value of SHOW_VALUES)."""
    if show == TO_CLOSE:
        return has_finding_to_close()
    if show == DUE:  # the deadline has come: time for the follow-up (复查)
        return and_(RectificationOrder.state.in_(LIVE_STATES), RectificationOrder.deadline <= today)
    if show == OVERDUE:
        return and_(RectificationOrder.is_overdue(today))
    return RectificationOrder.state == show


def order_list(user: User, *, today: date, show: str | None = None, limit: int = 100) -> list[RectificationOrder]:
    """Those waiting for acknowledgement first, then live ones (overdue first, by deadline), then the rest."""
    first = case((RectificationOrder.state == OrderState.ISSUED, 0), (RectificationOrder.is_live, 1), else_=2)
    stmt = (select(RectificationOrder).where(RectificationOrder.visible_to(user))
            .options(joinedload(RectificationOrder.neighborhood), joinedload(RectificationOrder.company))
            .order_by(first, RectificationOrder.is_overdue(today).desc(), RectificationOrder.deadline,
                      RectificationOrder.id.desc())
            .limit(limit))
    if show:
        stmt = stmt.where(show_condition(show, today))
    return list(db.session.scalars(stmt))


def order_counts(user: User, *, today: date, show: str | None = None) -> dict[str, int]:
    """Each order tile's count, and "matching": how many the list shows with `show` (all of them without)."""
    columns = [func.count().filter(show_condition(key, today)).label(key) for key in ORDER_TILES]
    matching = func.count().filter(show_condition(show, today)) if show else func.count()
    stmt = select(*columns, matching.label("matching")).select_from(RectificationOrder)
    return dict(db.session.execute(stmt.where(RectificationOrder.visible_to(user))).one()._mapping)


def orders_to_close(order_ids: list[int]) -> set[int]:
    """Which of these orders carry the 待销号 mark."""
    if not order_ids:
        return set()
    return set(db.session.scalars(select(RectificationOrder.id).where(
        RectificationOrder.id.in_(order_ids), has_finding_to_close())))


def photos_by(column: InstrumentedAttribute[int | None], ids: list[int]) -> dict[int, list[Photo]]:
    """The photos whose `column` is one of `ids`, grouped by it, oldest first."""
    grouped: dict[int, list[Photo]] = {}
    if ids:
        for photo in db.session.scalars(select(Photo).where(column.in_(ids)).order_by(Photo.id)):
            grouped.setdefault(getattr(photo, column.key), []).append(photo)
    return grouped


def reports_of(order: RectificationOrder) -> list[RectificationReport]:
    return list(db.session.scalars(select(RectificationReport).where(RectificationReport.order_id == order.id)
                                   .order_by(RectificationReport.id)))


def timeline(order: RectificationOrder) -> list[StateChange]:
    """Every state change of the order and of its findings, oldest first."""
    finding_ids = [line.finding_id for line in order.lines]
    stmt = (select(StateChange).where(
        ((StateChange.subject_type == "order") & (StateChange.subject_id == order.id))
        | ((StateChange.subject_type == "finding") & StateChange.subject_id.in_(finding_ids)))
        .order_by(StateChange.created_at, StateChange.id))
    return list(db.session.scalars(stmt))


def finding_labels(finding_ids: list[int]) -> dict[int, str]:
    """What a timeline entry names: the finding's title (a patrol's finding is titled "H2 公共区域无堆积杂物")."""
    if not finding_ids:
        return {}
    return dict(db.session.execute(select(Finding.id, Finding.title).where(Finding.id.in_(finding_ids))).all())


def open_findings_of(neighborhood_id: int) -> list[Finding]:
    return list(db.session.scalars(select(Finding).where(
        Finding.neighborhood_id == neighborhood_id, Finding.state == FindingState.OPEN).order_by(Finding.id)))


def draft_conflicts(order: RectificationOrder, lines: dict[int, tuple[str, date]],
                    remarks: str) -> list[dict[str, Any]]:
    """What the other person saved that differs from what this one typed: shown side by side on a 409."""
    db.session.refresh(order)
    changes = []
    for line in order.lines:
        mine = lines.get(line.id)
        if mine and (mine[0] != line.requirement or mine[1] != line.deadline):
            changes.append({"what": line.finding.title, "theirs": f"{line.requirement}（{line.deadline}）",
                            "mine": f"{mine[0]}（{mine[1]}）"})
    if remarks != order.remarks:
        changes.append({"what": _("备注"), "theirs": order.remarks or "—", "mine": remarks or "—"})
    return changes
