"""Order use cases: draft from open findings, issue with a number, void, acknowledge, report the fix."""

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import FileStorage

from inspect_app.auth.models import User
from inspect_app.core import events
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.core.time import LOCAL_TZ, local_today
from inspect_app.findings import rules as finding_rules
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.findings.services import move_finding, record_change
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders import notices, permissions, rules
from inspect_app.orders.deadlines import set_workday_deadlines
from inspect_app.orders.forms import DraftInput
from inspect_app.orders.models import OrderLine, RectificationOrder, RectificationReport
from inspect_app.orders.numbering import next_sequence
from inspect_app.orders.rules import OrderState
from inspect_app.photos import staging
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.places.models import Neighborhood

DEFAULT_REQUIREMENT = "请立即组织整改，整改完成后通过系统反馈整改情况并附整改后照片。"
MAX_LINES = 60


def get_order_for(user: User, order_id: int) -> RectificationOrder | None:
    """The order if the user may see it (RectificationOrder.visible_to: a company never sees drafts)."""
    stmt = (select(RectificationOrder).where(RectificationOrder.id == order_id, RectificationOrder.visible_to(user))
            .options(selectinload(RectificationOrder.lines).joinedload(OrderLine.finding),
                     joinedload(RectificationOrder.neighborhood), joinedload(RectificationOrder.company)))
    return db.session.scalar(stmt)


def _set_order_state(order: RectificationOrder, target: str, *, actor: User | None, note: str = "") -> None:
    if order.state != target:
        record_change("order", order.id, order.state, target, actor=actor, note=note)
        order.state = target


def sync_order_state(order: RectificationOrder, *, actor: User | None) -> None:
    """The order follows its findings (all reported → reported, all closed → verified)."""
    target = rules.derived_order_state(order.state, is_acknowledged=order.acknowledged_at is not None,
                                       finding_states=[line.finding.state for line in order.lines])
    _set_order_state(order, target, actor=actor)


def draft_order(neighborhood: Neighborhood, finding_ids: Sequence[int], *, actor: User) -> RectificationOrder:
    authorise(permissions.can_draft_order(actor))
    if neighborhood.answering_company_id is None:
        raise DomainError(_("该小区无物业公司、由社区代管：请由社区整改，复查通过后销号"), field="findings")
    findings = list(db.session.scalars(select(Finding).where(
        Finding.id.in_(finding_ids), Finding.neighborhood_id == neighborhood.id,
        Finding.state == FindingState.OPEN).options(joinedload(Finding.item)).order_by(Finding.id)))
    if not findings:
        raise DomainError(_("请选择本小区挂账中的问题"), field="findings")
    if len(findings) > MAX_LINES:
        raise DomainError(_("一份通知书最多 %(n)s 个问题", n=MAX_LINES), field="findings")
    today = local_today()
    # A no-property neighbourhood's orders go to the company appointed to answer for it (国有物业进驻).
    order = RectificationOrder(neighborhood=neighborhood, company_id=neighborhood.answering_company_id,
                               created_by=actor)
    for position, finding in enumerate(findings):
        requirement = finding.item.requirement if finding.item and finding.item.requirement else DEFAULT_REQUIREMENT
        order.lines.append(OrderLine(finding=finding, requirement=requirement, position=position,
                                     deadline=max(finding.deadline or today, today + timedelta(days=1))))
    order.deadline = max(line.deadline for line in order.lines)
    db.session.add(order)
    db.session.flush()
    record_change("order", order.id, None, OrderState.DRAFT, actor=actor)
    db.session.commit()
    return order


def update_draft(order: RectificationOrder, *, lines: dict[int, tuple[str, date]], remarks: str,
                 lock_version: int, actor: User, workdays: int | None = None) -> RectificationOrder:
    """lines: line id → (requirement, deadline); workdays: the deadline as that many working days from the issue
    day instead. A stale lock_version means someone else saved first."""
    authorise(permissions.can_edit_draft(actor, order))
    _require_draft(order)
    if _apply_draft(order, DraftInput(lines, remarks, lock_version, workdays)):
        _commit_or_conflict()
    return order


def issue_order(order: RectificationOrder, *, actor: User, edits: DraftInput | None = None) -> RectificationOrder:
    """签发. With edits (what the issuing page shows), they are saved and issued in one transaction: a stale
    lock_version whose content differs from the stored draft refuses both (409), so nothing typed is lost."""
    authorise(permissions.can_issue(actor, order))
    _require_draft(order)
    if edits is not None:
        authorise(permissions.can_edit_draft(actor, order))
        _apply_draft(order, edits)
    if order.deadline_workdays:  # N working days from the issue day, not from the day the draft was saved
        set_workday_deadlines(order, order.deadline_workdays)
    try:
        for line in order.lines:
            move_finding(line.finding, FindingState.ORDERED, by=FindingMove.ISSUE, actor=actor)
            line.finding.deadline = line.deadline  # the order's deadline is what overdue is measured against
            if line.finding.company_id is None:  # found where no company serves: the appointed one now answers
                line.finding.company_id = order.company_id
    except DomainError:
        db.session.rollback()  # neither the edits nor any move stay half done
        raise
    issued_at = utcnow()
    year = issued_at.astimezone(LOCAL_TZ).year
    order.sequence = next_sequence(year)
    order.year = year
    order.number = rules.format_number(current_app.config["ORDER_NUMBER_FORMAT"], year, order.sequence)
    order.issued_by, order.issued_at = actor, issued_at
    _set_order_state(order, OrderState.ISSUED, actor=actor)
    events.announce(events.ORDER_ISSUED, order)
    _commit_or_conflict()
    _notify_issued(order)
    return order


def _notify_issued(order: RectificationOrder) -> None:
    deadline = min((line.deadline for line in order.lines), default=None)
    body = _("%(neighborhood)s：%(n)s 项问题需整改，最早期限 %(deadline)s。请签收并按期报告整改情况。",
             neighborhood=order.neighborhood.name, n=len(order.lines), deadline=deadline or "—")
    notifications.notify(notifications.company_accounts(order.company_id), NotificationKind.ORDER_ISSUED,
                         key=f"order-issued:{order.id}", title=_("新的整改通知书 %(number)s", number=order.number),
                         body=body, link=f"/orders/{order.id}")
def _apply_draft(order: RectificationOrder, edits: DraftInput) -> bool:
    """Put the typed lines and remarks on the draft (not committed); False when they are what is stored already.

    A stale lock_version is a conflict only when the content differs: a replayed save (a double tap, an autosave
    answered after the page moved on) overwrites nothing.
    """
    if _same_content(order, edits):
        return False
    if edits.lock_version != order.lock_version:
        raise DomainError(_("该草稿已被他人修改，请刷新后再编辑"), status=409)
    for line in order.lines:
        if line.id in edits.lines:
            line.requirement, line.deadline = edits.lines[line.id]
    order.remarks = edits.remarks
    order.deadline_workdays = edits.workdays
    if edits.workdays:
        set_workday_deadlines(order, edits.workdays)
    order.deadline = max(line.deadline for line in order.lines)
    order.revision += 1
    return True


def _same_content(order: RectificationOrder, edits: DraftInput) -> bool:
    return order.remarks == edits.remarks and order.deadline_workdays == edits.workdays and all(
        edits.lines.get(line.id, (line.requirement, line.deadline)) == (line.requirement, line.deadline)
        for line in order.lines)


def discard_draft(order: RectificationOrder, *, actor: User) -> None:
    authorise(permissions.can_edit_draft(actor, order))
    _require_draft(order)
    record_change("order", order.id, OrderState.DRAFT, rules.DISCARDED, actor=actor)
    db.session.delete(order)
    db.session.commit()


def void_order(order: RectificationOrder, *, actor: User, reason: str) -> RectificationOrder:
    """An issued order is never deleted; voiding puts its unclosed findings back on the open ledger."""
    authorise(permissions.can_void(actor, order))
    if not reason.strip():
        raise DomainError(_("作废须填写原因"), field="reason")
    _check_order_move(order, OrderState.VOIDED)
    for line in order.lines:
        if finding_rules.allows(line.finding.state, FindingMove.VOID):  # the closed ones stay closed
            move_finding(line.finding, FindingState.OPEN, by=FindingMove.VOID, actor=actor, note=reason)
    order.voided_reason, order.voided_at = reason.strip(), utcnow()
    order.revision += 1  # the stored PDF is re-rendered with the 作废 mark
    _set_order_state(order, OrderState.VOIDED, actor=actor, note=reason)
    _commit_or_conflict()
    return order


def acknowledge(order: RectificationOrder, *, actor: User) -> RectificationOrder:
    """签收: harmless to repeat."""
    authorise(permissions.can_acknowledge(actor, order), _("只有被通知的物业公司可以操作"))
    if order.acknowledged_at is not None:
        return order
    _check_order_move(order, OrderState.ACKNOWLEDGED)
    order.acknowledged_at, order.acknowledged_by_id = utcnow(), actor.id
    _set_order_state(order, OrderState.ACKNOWLEDGED, actor=actor)
    sync_order_state(order, actor=actor)
    _commit_or_conflict()
    notices.acknowledged(order)
    return order


def report_fix(order: RectificationOrder, finding: Finding, *, actor: User, note: str,
               client_key: str | None = None, photos: PhotoUpload | None = None,
               watermark_lines: Sequence[str] = ()) -> RectificationReport:
    """整改反馈 for one finding, with its after photos: all of it, or (on any refusal) nothing at all.

    The photos are checked, processed and written before any row is touched; the report, the finding's and the
    order's moves and the photo rows are then one short transaction. A refused photo (413/422) changes nothing,
    so a retry with the same client_key makes exactly one report; a replayed key returns the stored report.
    """
    authorise(permissions.can_report_fix(actor, order), _("只有被通知的物业公司可以操作"))
    if client_key:
        existing = _report_by_key(client_key)
        if existing is not None:
            return _replayed(existing, finding, note, photos)
    _check_report(order, finding, note)
    staged = staging.stage_uploads(photos, kind=PhotoKind.AFTER, watermark_lines=watermark_lines) if photos else []
    try:
        move_finding(finding, FindingState.REPORTED, by=FindingMove.REPORT, actor=actor, note=note.strip())
        report = RectificationReport(order_id=order.id, finding_id=finding.id, reported_by=actor,
                                     note=note.strip(), client_key=client_key)
        db.session.add(report)
        db.session.flush()
        staging.add_staged(staged, actor=actor, rectification_report_id=report.id, finding_id=finding.id)
        sync_order_state(order, actor=actor)
        _commit_or_conflict()
    except IntegrityError:  # the same key committed by a concurrent replay of this request
        db.session.rollback()
        existing = _report_by_key(client_key) if client_key else None
        if existing is None:
            raise
        return existing
    except BaseException:
        db.session.rollback()  # the staged files go with the rolled-back unit
        raise
    notices.fix_reported(order, finding, report)
    return report


def _check_report(order: RectificationOrder, finding: Finding, note: str) -> None:
    """What refuses a report before any photo is processed."""
    if not order.accepts_reports:
        raise DomainError(_("请先签收通知书，再反馈整改情况") if order.awaits_acknowledgement
                          else _("该通知书当前状态不能反馈"), status=409)
    if finding.id not in {line.finding_id for line in order.lines}:
        raise DomainError(_("该问题不在本通知书中"), status=404)
    if not note.strip():
        raise DomainError(_("请填写整改情况说明"), field="note")
    if not finding_rules.allows(finding.state, FindingMove.REPORT):
        raise DomainError(_("该问题当前状态不允许此操作"), status=409)


def _replayed(report: RectificationReport, finding: Finding, note: str,
              photos: PhotoUpload | None) -> RectificationReport:
    """The stored report of a replayed request; the same key with other content is a conflict (409)."""
    if report.finding_id != finding.id or report.note != note.strip():
        raise DomainError(_("该反馈编号已用于另一条反馈，请刷新页面后重新提交"), status=409)
    sent = [hashlib.sha256(_read(file)).hexdigest() for file in photos.files] if photos else []
    stored = list(db.session.scalars(select(Photo.sha256).where(Photo.rectification_report_id == report.id)
                                     .order_by(Photo.id)))
    if sent and sent != stored:
        raise DomainError(_("该照片编号已用于另一张照片，请重新选择照片上传"), field="photos", status=409)
    return report


def _read(file: FileStorage) -> bytes:
    data = file.read()
    file.seek(0)
    return data


def _report_by_key(client_key: str) -> RectificationReport | None:
    return db.session.scalar(select(RectificationReport).where(RectificationReport.client_key == client_key))


def _require_draft(order: RectificationOrder) -> None:
    if not order.is_draft:
        raise DomainError(_("通知书已签发，不能再修改"), status=409)


def _check_order_move(order: RectificationOrder, target: str) -> None:
    try:
        rules.check_move(order.state, target)
    except rules.MoveNotAllowed as error:
        raise DomainError(_("通知书当前状态不允许此操作"), status=409) from error


def _commit_or_conflict() -> None:
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise DomainError(_("通知书已被他人修改，请刷新后再试"), status=409) from error
