"""Appeal use cases: the filing window, file (with photos, staged first), decide (uphold or overturn), lists."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from inspect_app.appeals import notices, permissions, rescore, rules
from inspect_app.appeals.models import Appeal, AppealScoreChange
from inspect_app.appeals.rules import AppealState, AppealTarget
from inspect_app.auth.models import User
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.core.time import LOCAL_TZ
from inspect_app.findings import rules as finding_rules
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.findings.services import move_finding, record_change
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.rules import OrderState
from inspect_app.orders.services import sync_order_state
from inspect_app.photos import staging
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.workdays.services import add_workdays

PAGE_SIZE = 50
MAX_TEXT = 2000


def get_appeal_for(user: User, appeal_id: int) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.id == appeal_id, Appeal.visible_to(user)))


def last_day(order: RectificationOrder) -> date | None:
    """The last day a company may appeal: 5 working days after the order's issue (None before it is issued)."""
    if order.issued_at is None:
        return None
    return add_workdays(order.issued_at.astimezone(LOCAL_TZ).date(), rules.WINDOW_WORKDAYS)


def can_still_appeal(order: RectificationOrder, today: date) -> bool:
    """The window is open (the button shows); a calendar not loaded for that year closes it, never errs."""
    if order.state in (OrderState.DRAFT, OrderState.VOIDED):
        return False
    try:
        deadline = last_day(order)
    except DomainError:
        return False
    return deadline is not None and rules.within_window(today, deadline)


def open_appeal_of(finding: Finding) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.finding_id == finding.id,
                                                  Appeal.state == AppealState.OPEN))


def check_filing(order: RectificationOrder, finding: Finding, *, actor: User, target: str, text: str,
                 today: date) -> None:
    """Everything that refuses an appeal before any photo is processed: who (403), which (404), when (409), what
    (422)."""
    authorise(permissions.can_file_appeal(actor, order), _("只有被通知的物业公司可以申诉"))
    if finding.id not in {line.finding_id for line in order.lines}:
        raise DomainError(_("该问题不在本通知书中"), status=404)
    if order.state in (OrderState.DRAFT, OrderState.VOIDED):
        raise DomainError(_("该通知书当前状态不能申诉"), status=409)
    deadline = last_day(order)
    if deadline is None or not rules.within_window(today, deadline):
        raise DomainError(_("申诉期已过：须在通知书签发后 %(n)s 个工作日内（%(date)s 前）提出", n=rules.WINDOW_WORKDAYS,
                            date=deadline), status=409)
    if open_appeal_of(finding) is not None:
        raise DomainError(_("该问题已有待裁决的申诉"), status=409)
    try:
        rules.check_target(target, finding.deduction, finding.item_result_id is not None)
    except rules.AppealRefused:
        raise DomainError(_("请选择申诉内容：该问题没有可申诉的扣分时，只能对问题本身申诉"), field="target") from None
    if not text.strip():
        raise DomainError(_("请写明申诉理由"), field="text")


def file_appeal(order: RectificationOrder, finding: Finding, *, actor: User, target: str, text: str,
                today: date, photos: PhotoUpload | None = None,
                watermark_lines: tuple[str, ...] = ()) -> Appeal:
    """申诉 with its photos: the photos are checked and written first, then the appeal and their rows at once; a
    refused photo changes nothing (the form keeps the text)."""
    check_filing(order, finding, actor=actor, target=target, text=text, today=today)
    staged = staging.stage_uploads(photos, kind=PhotoKind.APPEAL, watermark_lines=watermark_lines) \
        if photos and photos.files else []
    appeal = Appeal(order_id=order.id, finding_id=finding.id, company_id=order.company_id,
                    neighborhood_id=order.neighborhood_id, target=target, text=text.strip()[:MAX_TEXT],
                    state=AppealState.OPEN, filed_by_id=actor.id)
    try:
        db.session.add(appeal)
        db.session.flush()
        staging.add_staged(staged, actor=actor, appeal_id=appeal.id, finding_id=finding.id)
        record_change("appeal", appeal.id, None, AppealState.OPEN, actor=actor)
        _note_on_finding(finding, actor, _("物业公司申诉（%(what)s）：%(text)s", what=target_name(target),
                                           text=appeal.text[:200]))
        db.session.commit()
    except IntegrityError as error:  # a concurrent appeal on the same finding committed first
        db.session.rollback()
        raise DomainError(_("该问题已有待裁决的申诉"), status=409) from error
    except BaseException:
        db.session.rollback()  # the staged files go with it
        raise
    notices.filed(appeal)
    return appeal


def _note_on_finding(finding: Finding, actor: User, note: str) -> None:
    """An entry on the finding's timeline that is no move: without a from-state, so that nothing counts it as one
    (a same-state ORDERED → ORDERED entry would read as a send-back to the assessment)."""
    record_change("finding", finding.id, None, finding.state, actor=actor, note=note)


def target_name(target: str) -> str:
    return _("扣分") if target == AppealTarget.DEDUCTION else _("问题")


def decide(appeal: Appeal, *, actor: User, decision: str, reason: str) -> Appeal:
    """维持 or 撤销 with a reason. Overturned: the deduction is zeroed and the patrol, quarter and ranking scored
    again; an overturned finding is also withdrawn (closed without a fix)."""
    authorise(permissions.can_decide_appeal(actor, appeal), _("只有督查可以裁决申诉"))
    if decision not in (AppealState.UPHELD, AppealState.OVERTURNED):
        raise DomainError(_("请选择：维持或撤销"), field="decision")
    if not reason.strip():
        raise DomainError(_("请写明裁决理由"), field="reason")
    try:
        rules.check_decision(appeal.state, decision)
    except rules.AppealRefused:
        raise DomainError(_("该申诉已裁决"), status=409) from None
    finding, reason = appeal.finding, reason.strip()[:MAX_TEXT]
    if decision == AppealState.OVERTURNED:
        _overturn(appeal, finding, actor=actor, reason=reason)
    record_change("appeal", appeal.id, appeal.state, decision, actor=actor, note=reason)
    verdict = _("维持") if decision == AppealState.UPHELD else _("予以撤销")
    _note_on_finding(finding, actor, _("申诉裁决：%(verdict)s。%(reason)s", verdict=verdict, reason=reason[:200]))
    appeal.state, appeal.decided_by_id, appeal.decided_at, appeal.decision_reason = decision, actor.id, utcnow(), reason
    db.session.commit()
    notices.decided(appeal)
    return appeal


def _overturn(appeal: Appeal, finding: Finding, *, actor: User, reason: str) -> None:
    if appeal.target == AppealTarget.DEDUCTION or finding.deduction:
        rescore.overturn_deduction(appeal, finding, actor=actor)
    if appeal.target == AppealTarget.FINDING and finding_rules.allows(finding.state, FindingMove.WITHDRAW):
        move_finding(finding, FindingState.CLOSED, by=FindingMove.WITHDRAW, actor=actor,
                     note=_("申诉撤销：%(reason)s", reason=reason[:200]))
        finding.closed_at, finding.closed_by_id = utcnow(), actor.id
        db.session.flush()
        sync_order_state(appeal.order, actor=actor)


def appeal_list(user: User, *, state: str | None = None, limit: int = PAGE_SIZE) -> list[Appeal]:
    """Newest first, those the user may see, of one state or all."""
    stmt = (select(Appeal).where(Appeal.visible_to(user))
            .options(joinedload(Appeal.finding), joinedload(Appeal.company), joinedload(Appeal.neighborhood))
            .order_by(Appeal.created_at.desc(), Appeal.id.desc()).limit(limit))
    if state in tuple(AppealState):
        stmt = stmt.where(Appeal.state == state)
    return list(db.session.scalars(stmt))


def open_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Appeal)
                             .where(Appeal.visible_to(user), Appeal.state == AppealState.OPEN)) or 0


def appeal_photos(appeal: Appeal) -> list[Photo]:
    return list(db.session.scalars(select(Photo).where(Photo.appeal_id == appeal.id).order_by(Photo.id)))


def score_changes(appeal: Appeal) -> list[AppealScoreChange]:
    return list(db.session.scalars(select(AppealScoreChange).where(AppealScoreChange.appeal_id == appeal.id)))

