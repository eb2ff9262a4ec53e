"""Finding queries and use cases; company users only ever get their own company's findings."""

from collections.abc import Sequence
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.checklists.services import current_template
from inspect_app.core import events
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.core.roles import Role
from inspect_app.findings import permissions, rules
from inspect_app.findings.forms import NewFinding, Upload
from inspect_app.findings.models import Finding, FindingSource, StateChange
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.inspections.models import FollowUpOutcome, FollowUpResult, Inspection, InspectionKind, InspectionStatus
from inspect_app.orders.models import OrderLine, RectificationOrder
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import StagedPhoto, add_staged, clean_filename, discard_staged, stage_photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.places.models import Neighborhood


def get_finding_for(user: User, finding_id: int) -> Finding | None:
    stmt = (select(Finding).where(Finding.id == finding_id, Finding.visible_to(user))
            .options(joinedload(Finding.neighborhood)))
    return db.session.scalar(stmt)


def findings_to_report(user: User, *, limit: int = 50) -> list[Finding]:
    """The company's work: findings on an order and not yet reported, sent-back ones (督办) first, then by deadline."""
    stmt = (
        select(Finding)
        .where(Finding.state == FindingState.ORDERED, Finding.visible_to(user))
        .options(joinedload(Finding.neighborhood))
        .order_by(case((Finding.escalation_count > 0, 0), else_=1), Finding.deadline.is_(None), Finding.deadline,
                  Finding.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def order_and_patrol(finding: Finding, user: User) -> tuple[RectificationOrder | None, Inspection | None]:
    """The latest order the finding is on and the patrol that raised it, each only if the user may see it."""
    order = db.session.scalar(
        select(RectificationOrder).join(OrderLine, OrderLine.order_id == RectificationOrder.id)
        .where(OrderLine.finding_id == finding.id, RectificationOrder.visible_to(user))
        .order_by(RectificationOrder.id.desc()).limit(1))
    patrol = db.session.scalar(select(Inspection).where(
        Inspection.id == finding.inspection_id, Inspection.visible_to(user))) if finding.inspection_id else None
    return order, patrol


def timeline(finding: Finding) -> list[StateChange]:
    stmt = (
        select(StateChange)
        .where(StateChange.subject_type == "finding", StateChange.subject_id == finding.id)
        .options(joinedload(StateChange.actor))
        .order_by(StateChange.created_at, StateChange.id)
    )
    return list(db.session.scalars(stmt))


def record_change(subject_type: str, subject_id: int, from_state: str | None, to_state: str, *,
                  actor: User | None, note: str = "") -> StateChange:
    """Who moved what from which state to which (and when, and why): every workflow's record."""
    change = StateChange(subject_type=subject_type, subject_id=subject_id, from_state=from_state,
                         to_state=to_state, actor=actor, note=note)
    db.session.add(change)
    return change


def move_finding(finding: Finding, to: FindingState, *, by: FindingMove, actor: User | None,
                 note: str = "") -> None:
    """Move a finding `by` a use case, if the table of moves (findings.rules) allows it, and record the move.

    The caller commits, with whatever else its use case changes. A move the table refuses is a 409.
    """
    try:
        rules.check_move(finding.state, to, by)
    except rules.MoveNotAllowed as error:
        raise DomainError(_("该问题当前状态不允许此操作"), status=409) from error
    record_change("finding", finding.id, finding.state, to, actor=actor, note=note)
    before, finding.state = finding.state, to
    events.announce(events.FINDING_STATE_CHANGED, finding, from_state=before)
    if to == FindingState.CLOSED:
        events.announce(events.FINDING_CLOSED, finding, from_state=before)


def finding_photos(finding: Finding) -> list[Photo]:
    """The finding's photos, without those sent with an appeal (shown on the appeal)."""
    return list(db.session.scalars(select(Photo).where(Photo.finding_id == finding.id, Photo.appeal_id.is_(None))
                                   .order_by(Photo.id)))


# --- Findings added by hand ------------------------------------------------------------------------

REPLAY_WINDOW = timedelta(minutes=2)
DEFAULT_DEADLINE_DAYS = 7


def create_manual_finding(data: NewFinding, uploads: Sequence[Upload], *, actor: User, today: date) -> Finding:
    """An open finding and its photos, all or nothing; a replay of the same submission returns the first one.

    Finding has no column for the submit key: a replay is known by its first photo's key, or else as an
    identical finding by the same user within two minutes.
    """
    neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.id == data.neighborhood_id,
                                                                Neighborhood.visible_to(actor)))
    if neighborhood is None:
        raise DomainError(_("请选择小区"), field="neighborhood")
    existing = _replayed_finding(data, actor)
    if existing is not None:
        return existing
    staged = _stage_photos(neighborhood, uploads, kind=PhotoKind.EVIDENCE, actor=actor, lat=data.lat,
                           lng=data.lng)  # before the transaction: no lock held
    try:
        finding = _insert_finding(neighborhood, data, staged, actor=actor, today=today)
    except IntegrityError:
        db.session.rollback()  # the staged files go with it
        winner = _replayed_finding(data, actor)  # a concurrent replay of this submission committed first
        if winner is None:
            raise
        return winner
    except BaseException:
        db.session.rollback()
        discard_staged(staged)
        raise
    return finding


def _insert_finding(neighborhood: Neighborhood, data: NewFinding, staged: Sequence[StagedPhoto], *, actor: User,
                    today: date) -> Finding:
    finding = Finding(source=FindingSource.MANUAL, state=FindingState.OPEN, neighborhood=neighborhood,
                      community_id=neighborhood.community_id, subdistrict_id=neighborhood.community.subdistrict_id,
                      company_id=neighborhood.company_id, category_code=data.category_code, title=data.title,
                      description=data.description, deduction=data.deduction, created_by=actor,
                      external_ref=data.external_ref,
                      deadline=today + timedelta(days=category_deadline_days(data.category_code)))
    db.session.add(finding)
    db.session.flush()
    record_change("finding", finding.id, None, FindingState.OPEN, actor=actor)
    events.announce(events.FINDING_CREATED, finding)
    for index, photo in enumerate(staged):
        add_staged(photo, actor=actor, finding_id=finding.id,
                   client_key=f"{data.submit_key}:{index}" if data.submit_key else None)
    db.session.commit()
    return finding


def category_deadline_days(code: str) -> int:
    """Days to fix a finding of this category, from the published checklist."""
    template = current_template()
    days = {category.code: category.deadline_days for category in template.categories} if template else {}
    return days.get(code, DEFAULT_DEADLINE_DAYS)


def _replayed_finding(data: NewFinding, actor: User) -> Finding | None:
    if data.submit_key:
        finding_id = db.session.scalar(select(Photo.finding_id).where(Photo.client_key == f"{data.submit_key}:0"))
        if finding_id is not None:
            return db.session.get(Finding, finding_id)
    stmt = (select(Finding)
            .where(Finding.created_by_id == actor.id, Finding.source == FindingSource.MANUAL,
                   Finding.neighborhood_id == data.neighborhood_id, Finding.title == data.title,
                   Finding.category_code == data.category_code, Finding.description == data.description,
                   Finding.created_at >= utcnow() - REPLAY_WINDOW)
            .order_by(Finding.id.desc()).limit(1))
    return db.session.scalar(stmt)


def _stage_photos(neighborhood: Neighborhood, uploads: Sequence[Upload], *, kind: PhotoKind, actor: User,
                  lat: float | None = None, lng: float | None = None) -> list[StagedPhoto]:
    """Process and write each photo; the first refused one removes those already written and is named."""
    lines = _watermark_lines(neighborhood, actor)
    staged: list[StagedPhoto] = []
    for index, upload in enumerate(uploads):
        try:
            staged.append(stage_photo(upload.data, kind=kind, watermark_lines=lines,
                                      original_filename=upload.filename, device_lat=lat, device_lng=lng))
        except BaseException as error:
            discard_staged(staged)
            if not isinstance(error, DomainError):
                raise
            name = clean_filename(upload.filename)[:60] or _("第 %(n)s 张照片", n=index + 1)
            raise DomainError(f"{name}：{error.message}", field="photos") from error
    return staged


def _watermark_lines(neighborhood: Neighborhood, actor: User) -> list[str]:
    who = _("督查 %(name)s", name=actor.display_name) if actor.role == Role.SUPERVISOR \
        else _("巡查员 %(name)s", name=actor.display_name)
    return watermark_lines(neighborhood.name, who)


# --- 社区代管: a neighbourhood without a company, its findings fixed by its community (golive.md) -------------

def record_community_fix(finding: Finding, *, actor: User, note: str, uploads: Sequence[Upload] = ()) -> Finding:
    """The community fixed it itself (no company to order): the fix with its note and photos, awaiting follow-up.
    The photos are processed before the transaction, which then writes the move and their rows at once."""
    authorise(permissions.can_record_community_fix(actor, finding), _("只有本社区的巡查员或督查可以登记社区整改"))
    _require_community_care(finding)
    if not note.strip():
        raise DomainError(_("请写明社区如何整改"), field="note")
    staged = _stage_photos(finding.neighborhood, uploads, kind=PhotoKind.AFTER, actor=actor)
    try:
        move_finding(finding, FindingState.REPORTED, by=FindingMove.COMMUNITY_FIX, actor=actor,
                     note=note.strip()[:2000])
        for photo in staged:
            add_staged(photo, actor=actor, finding_id=finding.id)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        discard_staged(staged)
        raise
    return finding


def follow_up_community_fix(finding: Finding, *, actor: User, outcome: str, note: str) -> FollowUpResult:
    """复查 of the community's fix, recorded as a follow-up inspection without an order; a failed one puts the
    finding back on the open ledger (REOPEN), a passed one leaves it for the supervisor's 销号."""
    authorise(permissions.can_follow_up_community_fix(actor, finding), _("只有巡查员或督查可以复查"))
    _require_community_care(finding)
    if finding.state != FindingState.REPORTED:
        raise DomainError(_("社区尚未登记整改，不能复查"), status=409)
    if outcome not in (FollowUpOutcome.PASSED, FollowUpOutcome.FAILED):
        raise DomainError(_("请选择：通过或不通过"), field="outcome")
    if outcome == FollowUpOutcome.FAILED and not note.strip():
        raise DomainError(_("不通过须说明原因"), field="note")
    template = current_template()
    if template is None:
        raise DomainError(_("尚未发布检查表，请联系管理员"))
    inspection = Inspection(kind=InspectionKind.FOLLOW_UP, status=InspectionStatus.SUBMITTED, submitted_at=utcnow(),
                            neighborhood_id=finding.neighborhood_id, template_id=template.id, inspector=actor)
    db.session.add(inspection)
    db.session.flush()
    result = FollowUpResult(inspection_id=inspection.id, finding_id=finding.id, outcome=outcome,
                            note=note.strip()[:2000])
    db.session.add(result)
    record_change("inspection", inspection.id, None, InspectionStatus.SUBMITTED, actor=actor)
    if outcome == FollowUpOutcome.FAILED:
        move_finding(finding, FindingState.OPEN, by=FindingMove.REOPEN, actor=actor, note=result.note)
    db.session.commit()
    return result


def close_community_fix(finding: Finding, *, actor: User, note: str = "") -> Finding:
    """销号 of a community's fix: only once its latest follow-up passed it; closing twice changes nothing."""
    authorise(permissions.can_close(actor, finding), _("只有督查可以销号或督办"))
    if finding.is_closed:
        return finding
    _require_community_care(finding)
    latest = latest_follow_up(finding)
    if finding.state != FindingState.REPORTED or latest is None or latest.outcome != FollowUpOutcome.PASSED:
        raise DomainError(_("须先复查通过才能销号"), status=409)
    move_finding(finding, FindingState.CLOSED, by=FindingMove.CLOSE, actor=actor, note=note or latest.note)
    finding.closed_at, finding.closed_by_id = utcnow(), actor.id
    db.session.commit()
    return finding


def latest_follow_up(finding: Finding) -> FollowUpResult | None:
    """The finding's result in its most recent submitted follow-up."""
    return db.session.scalar(
        select(FollowUpResult).join(Inspection, Inspection.id == FollowUpResult.inspection_id)
        .where(FollowUpResult.finding_id == finding.id, Inspection.status == InspectionStatus.SUBMITTED)
        .order_by(Inspection.submitted_at.desc(), FollowUpResult.id.desc()).limit(1))


def _require_community_care(finding: Finding) -> None:
    if not finding.is_community_care:
        raise DomainError(_("该小区有物业公司负责整改，请下发整改通知书"), status=409)
