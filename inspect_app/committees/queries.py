"""Reads of the committees' 专项考评: the form's items for a period, an input, the share, the percentages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.assessment.rules import PeriodStatus
from inspect_app.committees import rules
from inspect_app.committees.models import (
    CommitteeInput,
    CommitteeItem,
    CommitteePeriodItem,
    CommitteePoints,
    CommitteeShare,
)
from inspect_app.core.db import db
from inspect_app.places.models import Neighborhood, PropertyCompany


@dataclass(frozen=True)
class FormItem:
    """One line of the form: `key` is its field name; `period_item_id` None while the period has no copy yet."""

    position: int
    text: str
    max_points: Decimal
    period_item_id: int | None = None

    @property
    def key(self) -> str:
        return f"item-{self.position}"


def current_period() -> AssessmentPeriod | None:
    """The period a committee gives its input for: the newest open one."""
    return db.session.scalar(select(AssessmentPeriod).where(AssessmentPeriod.status == PeriodStatus.OPEN)
                             .order_by(AssessmentPeriod.starts_on.desc()).limit(1))


def master_items(*, active_only: bool = True) -> list[CommitteeItem]:
    stmt = select(CommitteeItem).order_by(CommitteeItem.is_active.desc(), CommitteeItem.position, CommitteeItem.id)
    if active_only:
        stmt = stmt.where(CommitteeItem.is_active)
    return list(db.session.scalars(stmt))


def has_copy(period_id: int) -> bool:
    return (db.session.scalar(select(func.count()).select_from(CommitteePeriodItem)
                              .where(CommitteePeriodItem.period_id == period_id)) or 0) > 0


def form_items(period: AssessmentPeriod) -> list[FormItem]:
    """The period's own copy of the items once it has one; before that, the admin's active items as they stand."""
    copy = list(db.session.scalars(select(CommitteePeriodItem).where(CommitteePeriodItem.period_id == period.id)
                                   .order_by(CommitteePeriodItem.position)))
    if copy:
        return [FormItem(item.position, item.text, Decimal(item.max_points), item.id) for item in copy]
    return [FormItem(n, item.text, Decimal(item.max_points)) for n, item in enumerate(master_items(), start=1)]


def input_for(period_id: int, neighborhood_id: int) -> CommitteeInput | None:
    return db.session.scalar(select(CommitteeInput).where(CommitteeInput.period_id == period_id,
                                                          CommitteeInput.neighborhood_id == neighborhood_id))


def entered_points(entry: CommitteeInput | None) -> dict[str, Decimal]:
    """Field name → the points saved for it."""
    if entry is None:
        return {}
    stmt = (select(CommitteePeriodItem.position, CommitteePoints.points)
            .join(CommitteePoints, CommitteePoints.period_item_id == CommitteePeriodItem.id)
            .where(CommitteePoints.input_id == entry.id))
    return {FormItem(position, "", Decimal(0)).key: Decimal(points) for position, points in db.session.execute(stmt)}


def share_of(period_id: int) -> Decimal:
    share = db.session.scalar(select(CommitteeShare.share).where(CommitteeShare.period_id == period_id))
    return Decimal(share) if share is not None else rules.DEFAULT_SHARE


@dataclass(frozen=True)
class InputSummary:
    neighborhood_id: int
    neighborhood: str
    company_id: int
    company: str
    percentage: Decimal | None


def summaries(period_id: int) -> list[InputSummary]:
    """Every committee input of the period with its percentage, by company and neighbourhood (two statements)."""
    sums = (select(CommitteePoints.input_id, func.sum(CommitteePoints.points).label("earned"),
                   func.sum(CommitteePeriodItem.max_points).label("possible"))
            .join(CommitteePeriodItem, CommitteePeriodItem.id == CommitteePoints.period_item_id)
            .group_by(CommitteePoints.input_id).subquery())
    stmt = (select(CommitteeInput.neighborhood_id, Neighborhood.name, CommitteeInput.company_id,
                   PropertyCompany.name, sums.c.earned, sums.c.possible)
            .join(Neighborhood, Neighborhood.id == CommitteeInput.neighborhood_id)
            .join(PropertyCompany, PropertyCompany.id == CommitteeInput.company_id)
            .join(sums, sums.c.input_id == CommitteeInput.id)
            .where(CommitteeInput.period_id == period_id)
            .order_by(PropertyCompany.name, Neighborhood.name))
    return [InputSummary(nid, name, cid, company,
                         rules.percentage([Decimal(earned)], [Decimal(possible)]))
            for nid, name, cid, company, earned, possible in db.session.execute(stmt)]


def committee_percentages(period_id: int) -> dict[int, list[Decimal]]:
    """Company id → the percentages its neighbourhoods' committees gave it in the period (for the assessment)."""
    grouped: dict[int, list[Decimal]] = defaultdict(list)
    for summary in summaries(period_id):
        if summary.percentage is not None:
            grouped[summary.company_id].append(summary.percentage)
    return dict(grouped)


def form_state(neighborhood_id: int | None) -> dict:
    """What the committee's form shows: the open period, its items, what was entered, and why nothing can be."""
    period = current_period()
    neighborhood = db.session.get(Neighborhood, neighborhood_id) if neighborhood_id else None
    items = form_items(period) if period is not None else []
    entry = input_for(period.id, neighborhood.id) if period is not None and neighborhood is not None else None
    entered = entered_points(entry)
    return {"period": period, "neighborhood": neighborhood, "items": items, "entry": entry,
            "percentage": rules.percentage(list(entered.values()), [i.max_points for i in items])
            if entered else None,
            "form": {key: rules.plain(value) for key, value in entered.items()} | {"note": entry.note if entry else ""},
            "errors": {}, "saved": False}
