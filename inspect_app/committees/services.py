"""The committees' 专项考评: a committee's input for the open period, and the admin's items and share."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.auth.models import User
from inspect_app.committees import permissions, queries, rules
from inspect_app.committees.models import (
    CommitteeInput,
    CommitteeItem,
    CommitteePeriodItem,
    CommitteePoints,
    CommitteeShare,
)
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.findings.services import record_change
from inspect_app.places.models import Neighborhood


def _require_open(period: AssessmentPeriod) -> None:
    if not period.is_open:
        raise DomainError(_("考核周期已关闭，成绩已冻结"), status=409)


def save_input(period: AssessmentPeriod, points: Mapping[str, Decimal | None], note: str, *,
               actor: User) -> CommitteeInput:
    """The committee's points per item (0 … each item's maximum) and a note for its neighbourhood's company in an
    open period; saving again replaces them. The period's copy of the items is taken at its first input."""
    authorise(permissions.can_enter_committee_assessment(actor), _("只有本小区的业委会可以录入业委会评价"))
    _require_open(period)
    neighborhood = db.session.get(Neighborhood, actor.neighborhood_id)
    if neighborhood is None or neighborhood.company_id is None:
        raise DomainError(_("本小区目前没有物业服务企业，无需评价"), status=409)
    items = _ensure_copy(period)
    if not items:
        raise DomainError(_("管理员尚未设置业委会评价项目"), status=409)
    for item in items:
        problem = rules.points_problem(points.get(item.key), item.max_points)
        if problem is not None:
            raise DomainError(_("请检查各项得分"), field=item.key)
    entry = queries.input_for(period.id, neighborhood.id)
    if entry is None:
        entry = CommitteeInput(period_id=period.id, neighborhood_id=neighborhood.id)
        db.session.add(entry)
    entry.company_id, entry.note, entry.entered_by_id = neighborhood.company_id, note[:1000], actor.id
    entry.points = [CommitteePoints(period_item_id=item.period_item_id, points=points[item.key]) for item in items]
    db.session.commit()
    return entry


def _ensure_copy(period: AssessmentPeriod) -> list[queries.FormItem]:
    """The period's own items, copied from the admin's active list the first time they are needed."""
    if not queries.has_copy(period.id):
        for item in queries.form_items(period):
            db.session.add(CommitteePeriodItem(period_id=period.id, position=item.position, text=item.text,
                                               max_points=item.max_points))
        db.session.flush()
    return queries.form_items(period)


def add_item(text: str, max_points: Decimal, position: int, *, actor: User) -> CommitteeItem:
    authorise(permissions.can_manage_committee_items(actor))
    item = CommitteeItem(text=text, max_points=max_points, position=position)
    db.session.add(item)
    db.session.commit()
    return item


def update_item(item: CommitteeItem, text: str, max_points: Decimal, position: int, *, actor: User) -> None:
    """Changes the list for the periods still without a copy; a period that has its copy keeps it."""
    authorise(permissions.can_manage_committee_items(actor))
    item.text, item.max_points, item.position = text, max_points, position
    db.session.commit()


def set_active(item: CommitteeItem, active: bool, *, actor: User) -> None:
    authorise(permissions.can_manage_committee_items(actor))
    item.is_active = active
    db.session.commit()


def get_item(item_id: int) -> CommitteeItem | None:
    return db.session.get(CommitteeItem, item_id)


def set_share(period: AssessmentPeriod, share: Decimal, *, actor: User) -> None:
    """The committees' share of the special part in an open period (recorded in the period's log)."""
    authorise(permissions.can_manage_committee_items(actor))
    _require_open(period)
    if not rules.valid_share(share):
        raise DomainError(_("请填写 0 到 1 之间的数（最多两位小数）"), field="share")
    row = db.session.scalar(select(CommitteeShare).where(CommitteeShare.period_id == period.id))
    if row is None:
        row = CommitteeShare(period_id=period.id)
        db.session.add(row)
    row.share = share
    record_change("period", period.id, period.status, period.status, actor=actor, note=f"committee_share={share}")
    db.session.commit()
