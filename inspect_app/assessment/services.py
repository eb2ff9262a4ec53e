"""Assessment use cases: periods (create, close = freeze, publish, re-open), special assessments, weights."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from inspect_app.assessment import area_ranking, permissions, ranking, rules
from inspect_app.assessment.models import AssessmentPeriod, SpecialAssessment
from inspect_app.assessment.rules import PeriodStatus
from inspect_app.auth.models import User
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.findings.models import StateChange
from inspect_app.findings.services import record_change
from inspect_app.places.models import PropertyCompany

SETTING_FIELDS = ("patrol_weight", "special_weight", "overdue_penalty", "sent_back_penalty", "penalty_cap",
                  "min_patrols", "satisfaction_weight")
MAX_NOTE = 1000


def get_period(code: str) -> AssessmentPeriod | None:
    return db.session.scalar(select(AssessmentPeriod).where(AssessmentPeriod.code == code.upper()))


def periods(*, published_only: bool = False) -> list[AssessmentPeriod]:
    """Newest first."""
    stmt = select(AssessmentPeriod).order_by(AssessmentPeriod.starts_on.desc())
    if published_only:
        stmt = stmt.where(AssessmentPeriod.status == PeriodStatus.PUBLISHED)
    return list(db.session.scalars(stmt))


def period_log(period: AssessmentPeriod) -> list[StateChange]:
    """Creation, closes, publications, re-openings and weight changes, newest first."""
    return list(db.session.scalars(select(StateChange).where(
        StateChange.subject_type == "period", StateChange.subject_id == period.id)
        .order_by(StateChange.created_at.desc(), StateChange.id.desc())))


def compute_period(period: AssessmentPeriod, *, now: datetime | None = None) -> list[ranking.Row]:
    """The period's scores from the database as they stand (aggregated in SQL), ranked, without movement."""
    return ranking.live_rows(period, now or utcnow())


def _require_admin(actor: User) -> None:
    if not permissions.can_manage_periods(actor):
        raise DomainError(_("只有管理员可以管理考核周期"), status=403)


def create_period(code: str, *, actor: User) -> AssessmentPeriod:
    """A quarter, e.g. 2026Q2; its weights are copied from the latest period so an admin's changes carry over."""
    _require_admin(actor)
    code = code.strip().upper()
    try:
        starts_on, ends_on = rules.quarter_bounds(code)
    except ValueError:
        raise DomainError(_("请填写季度编号，如 2026Q2"), field="code") from None
    if get_period(code) is not None:
        raise DomainError(_("该季度的考核周期已存在"), field="code")
    period = AssessmentPeriod(code=code, starts_on=starts_on, ends_on=ends_on, status=PeriodStatus.OPEN)
    latest = db.session.scalar(select(AssessmentPeriod).order_by(AssessmentPeriod.starts_on.desc()).limit(1))
    if latest is not None:
        for name in SETTING_FIELDS:
            setattr(period, name, getattr(latest, name))
    db.session.add(period)
    db.session.flush()
    record_change("period", period.id, None, PeriodStatus.OPEN, actor=actor)
    db.session.commit()
    return period


def _move(period: AssessmentPeriod, target: str, *, actor: User, note: str = "", **values) -> bool:
    """Flip the status only if nobody else did meanwhile; False when the period is already there (a replay)."""
    if period.status == target:
        return False
    if not rules.can_move_period(period.status, target):
        raise DomainError(_("考核周期当前状态不允许该操作"), status=409)
    current = period.status
    flipped = cast(CursorResult[Any], db.session.execute(
        update(AssessmentPeriod).where(AssessmentPeriod.id == period.id, AssessmentPeriod.status == current)
        .values(status=target, **values).execution_options(synchronize_session=False))).rowcount
    if not flipped:
        db.session.rollback()
        raise DomainError(_("数据已被他人修改，请刷新后再试。"), status=409)
    record_change("period", period.id, current, target, actor=actor, note=note)
    return True


def close_period(period: AssessmentPeriod, *, actor: User, now: datetime | None = None) -> AssessmentPeriod:
    """Freeze every company's score into CompanyScore rows and every area's into AreaScore rows; nothing
    recomputes them while the period is closed."""
    _require_admin(actor)
    now = now or utcnow()
    is_open = period.status == PeriodStatus.OPEN
    rows = compute_period(period, now=now) if is_open else []
    areas = area_ranking.live_rows(period, now) if is_open else []
    if _move(period, PeriodStatus.CLOSED, actor=actor, closed_at=now):
        ranking.freeze(period, rows)
        area_ranking.freeze(period, areas)
    db.session.commit()
    db.session.refresh(period)
    return period


def publish_period(period: AssessmentPeriod, *, actor: User) -> AssessmentPeriod:
    _require_admin(actor)
    _move(period, PeriodStatus.PUBLISHED, actor=actor, published_at=utcnow())
    db.session.commit()
    db.session.refresh(period)
    return period


def reopen_period(period: AssessmentPeriod, *, actor: User, note: str) -> AssessmentPeriod:
    """Back to live scores (and off the public page); the reason is required and kept with the state change."""
    _require_admin(actor)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("请填写重新开放的原因"), field="note")
    _move(period, PeriodStatus.OPEN, actor=actor, note=note[:MAX_NOTE], published_at=None)
    db.session.commit()
    db.session.refresh(period)
    return period


def _require_open(period: AssessmentPeriod) -> None:
    if period.status != PeriodStatus.OPEN:
        raise DomainError(_("考核周期已关闭，成绩已冻结"), status=409)


def enter_special(period: AssessmentPeriod, company_id: int | None, *, score: Decimal | None, note: str,
                  actor: User) -> SpecialAssessment:
    """专项考评: one score (0–100, two decimals at most) per company and period, with a note; entering again
    replaces it."""
    if not permissions.can_enter_special(actor):
        raise DomainError(_("您没有权限录入专项考评"), status=403)
    _require_open(period)
    company = db.session.get(PropertyCompany, company_id) if company_id else None
    if company is None:
        raise DomainError(_("请选择物业公司"), field="company_id")
    score = _special_score(score)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("请填写考评说明"), field="note")
    special = db.session.scalar(select(SpecialAssessment).where(
        SpecialAssessment.period_id == period.id, SpecialAssessment.company_id == company.id))
    if special is None:
        special = SpecialAssessment(period_id=period.id, company_id=company.id)
        db.session.add(special)
    special.score, special.note, special.entered_by_id = score, note[:MAX_NOTE], actor.id
    db.session.commit()
    return special


def _special_score(score: Decimal | None) -> Decimal:
    if score is None or not _is_score(score):
        raise DomainError(_("请填写 0 到 100 之间的分数（最多两位小数）"), field="score")
    return score


def _is_score(score: Decimal) -> bool:
    try:
        return score.is_finite() and 0 <= score <= 100 and score == rules.quantize(score)
    except InvalidOperation:
        return False


def specials(period: AssessmentPeriod) -> dict[int, SpecialAssessment]:
    stmt = select(SpecialAssessment).where(SpecialAssessment.period_id == period.id)
    return {s.company_id: s for s in db.session.scalars(stmt)}


def update_settings(period: AssessmentPeriod, values: Mapping[str, Decimal | int], *,
                    actor: User) -> AssessmentPeriod:
    """Weights and penalties while the period is open; the weights must add up to 1."""
    _require_admin(actor)
    _require_open(period)
    merged = {name: values.get(name, getattr(period, name)) for name in SETTING_FIELDS}
    if Decimal(merged["patrol_weight"]) + Decimal(merged["special_weight"]) != 1:
        raise DomainError(_("动态巡查与专项考评的权重之和须为 1"), field="special_weight")
    try:
        typed: dict[str, Any] = {k: v if k == "min_patrols" else Decimal(v) for k, v in merged.items()}
        rules.Settings(**typed)
    except ValueError:
        raise DomainError(_("权重、扣分不能为负数，最少巡查次数至少为 1")) from None
    for name, value in merged.items():
        setattr(period, name, value)
    record_change("period", period.id, period.status, period.status, actor=actor, note=_settings_note(merged))
    db.session.commit()
    return period


def _settings_note(values: Mapping[str, Decimal | int]) -> str:
    return "; ".join(f"{name}={value}" for name, value in values.items())
