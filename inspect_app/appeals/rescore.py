"""An overturned deduction, scored again: the patrol's item zeroed, its score and category rows recomputed by the
checklist's scoring, and the quarter's company scores and ranking with it (a frozen quarter is frozen again)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.appeals.models import Appeal, AppealScoreChange
from inspect_app.assessment import ranking
from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.auth.models import User
from inspect_app.core.db import db, utcnow
from inspect_app.core.time import LOCAL_TZ
from inspect_app.findings.models import Finding
from inspect_app.findings.services import record_change
from inspect_app.inspections import queries, scoring
from inspect_app.inspections.models import CategoryScore, Inspection, ItemOutcome, ItemResult


def period_of(inspection: Inspection) -> AssessmentPeriod | None:
    """The quarter the patrol was submitted in, if it has been created."""
    if inspection.submitted_at is None:
        return None
    day = inspection.submitted_at.astimezone(LOCAL_TZ).date()
    return db.session.scalar(select(AssessmentPeriod).where(AssessmentPeriod.starts_on <= day,
                                                            AssessmentPeriod.ends_on >= day))


def _rows(period: AssessmentPeriod) -> list[ranking.Row]:
    return ranking.frozen_rows(period) if period.status in ranking.FROZEN else ranking.live_rows(period, utcnow())


def _standing(rows: list[ranking.Row], company_id: int | None) -> tuple[Decimal | None, int | None]:
    row = next((r for r in rows if r.company_id == company_id), None)
    return (row.result.total, row.rank) if row is not None else (None, None)


def overturn_deduction(appeal: Appeal, finding: Finding, *, actor: User) -> AppealScoreChange | None:
    """Zero the deduction behind the finding and score its patrol again; None when there is no patrol item.
    The caller commits."""
    result = db.session.get(ItemResult, finding.item_result_id) if finding.item_result_id else None
    if result is None:
        finding.deduction = Decimal(0)
        return None
    inspection = result.inspection
    period = period_of(inspection)
    before = _standing(_rows(period), inspection.company_id) if period is not None else (None, None)
    old_score = inspection.score
    result.outcome, result.deduction, result.is_red_line = ItemOutcome.PASS, Decimal(0), False
    result.note = (result.note + "；" if result.note else "") + _("申诉 #%(id)s 撤销扣分", id=appeal.id)
    finding.deduction = Decimal(0)
    db.session.flush()
    _score_again(inspection)
    change = AppealScoreChange(appeal_id=appeal.id, inspection_id=inspection.id, actor_id=actor.id,
                               old_score=old_score, new_score=inspection.score, company_id=inspection.company_id)
    record_change("inspection", inspection.id, inspection.status, inspection.status, actor=actor,
                  note=_("申诉 #%(id)s 撤销扣分：得分 %(old)s → %(new)s", id=appeal.id, old=old_score,
                         new=inspection.score))
    if period is not None:
        _rank_again(period, change, before, actor=actor)
    db.session.add(change)
    return change


def _score_again(inspection: Inspection) -> None:
    template = queries.load_template(inspection.template_id)
    card = scoring.score_card(template, queries.results_by_item(inspection))
    inspection.score, inspection.grade, inspection.has_red_line = card.total, card.grade, card.has_red_line
    by_code = {c.code: c for c in card.categories}
    for row in db.session.scalars(select(CategoryScore).where(CategoryScore.inspection_id == inspection.id)):
        if row.category_code in by_code:
            row.earned, row.possible = by_code[row.category_code].earned, by_code[row.category_code].possible
    db.session.flush()


def _rank_again(period: AssessmentPeriod, change: AppealScoreChange, before: tuple[Decimal | None, int | None],
                *, actor: User) -> None:
    """The quarter's scores after the change; a closed or published quarter's frozen scores are replaced (computed
    as at its close) and the change is kept in its log."""
    frozen = period.status in ranking.FROZEN
    rows = ranking.live_rows(period, period.closed_at or utcnow()) if frozen else ranking.live_rows(period, utcnow())
    if frozen:
        ranking.freeze(period, rows)
    after = _standing(rows, change.company_id)
    change.period_id = period.id
    (change.old_total, change.old_rank), (change.new_total, change.new_rank) = before, after
    if frozen:
        record_change("period", period.id, period.status, period.status, actor=actor,
                      note=_("申诉 #%(id)s 撤销扣分，成绩重算：总分 %(old)s → %(new)s，名次 %(r1)s → %(r2)s",
                             id=change.appeal_id, old=before[0], new=after[0], r1=before[1] or "—",
                             r2=after[1] or "—"))


def changes_in(period_id: int) -> list[AppealScoreChange]:
    """The score changes appeals made in a quarter, newest first (the ranking page's note)."""
    return list(db.session.scalars(select(AppealScoreChange).where(AppealScoreChange.period_id == period_id)
                                   .order_by(AppealScoreChange.created_at.desc(), AppealScoreChange.id.desc())))
