"""Reading an order for its pages: its findings' photos, reports and timeline, the open findings to draft from."""

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from inspect_app.core.db import db
from inspect_app.findings.models import Finding, FindingState, StateChange
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo


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
