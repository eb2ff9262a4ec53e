"""Follow-up (复查) of an order's findings, and the supervisor's close-out (销号) or send-back (督办)."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from inspect_app.auth.models import User
from inspect_app.checklists.services import current_template
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.core.time import local_today
from inspect_app.findings import permissions as finding_permissions
from inspect_app.findings import rules as finding_rules
from inspect_app.findings.models import Finding, StateChange
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.findings.services import move_finding, record_change
from inspect_app.inspections.models import (
    FollowUpOutcome,
    FollowUpResult,
    Inspection,
    InspectionKind,
    InspectionStatus,
)
from inspect_app.orders import notices, permissions
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.services import sync_order_state


def open_follow_up(order: RectificationOrder) -> Inspection | None:
    return db.session.scalar(select(Inspection).where(
        Inspection.order_id == order.id, Inspection.kind == InspectionKind.FOLLOW_UP,
        Inspection.status == InspectionStatus.DRAFT))


def require_follow_up(order: RectificationOrder, *, actor: User) -> None:
    """The actor may follow this order up now (403 who, 409 when)."""
    authorise(permissions.can_follow_up(actor, order), _("只有巡查员或督查可以复查"))
    if not order.is_live:
        raise DomainError(_("该通知书当前状态不需要复查"), status=409)


def start_follow_up(order: RectificationOrder, *, actor: User) -> Inspection:
    """One follow-up at a time per order; whoever comes next resumes it."""
    require_follow_up(order, actor=actor)
    inspection = open_follow_up(order)
    if inspection is None:
        template = current_template()
        if template is None:
            raise DomainError(_("尚未发布检查表，请联系管理员"))
        inspection = Inspection(kind=InspectionKind.FOLLOW_UP, neighborhood_id=order.neighborhood_id,
                                company_id=order.company_id, template_id=template.id,
                                inspector=actor, order_id=order.id)
        db.session.add(inspection)
        db.session.flush()
        record_change("inspection", inspection.id, None, InspectionStatus.DRAFT, actor=actor)
        db.session.commit()
    return inspection


def findings_to_check(order: RectificationOrder) -> list[Finding]:
    return [line.finding for line in order.lines if not line.finding.is_closed]


def record_result(inspection: Inspection, finding: Finding, *, outcome: str, note: str,
                  actor: User) -> FollowUpResult:
    if inspection.status != InspectionStatus.DRAFT:
        raise DomainError(_("复查已提交，不能再修改"), status=409)
    authorise(permissions.can_follow_up(actor), _("只有巡查员或督查可以复查"))
    if outcome not in (FollowUpOutcome.PASSED, FollowUpOutcome.FAILED):
        raise DomainError(_("请选择：通过或不通过"), field="outcome")
    if outcome == FollowUpOutcome.FAILED and not note.strip():
        raise DomainError(_("不通过须说明原因"), field="note")
    result = db.session.scalar(select(FollowUpResult).where(
        FollowUpResult.inspection_id == inspection.id, FollowUpResult.finding_id == finding.id))
    if result is None:
        result = FollowUpResult(inspection_id=inspection.id, finding_id=finding.id)
        db.session.add(result)
    result.outcome, result.note = outcome, note.strip()[:2000]
    db.session.commit()
    return result


def submit_follow_up(inspection: Inspection, order: RectificationOrder, *, actor: User) -> Inspection:
    if inspection.status == InspectionStatus.SUBMITTED:
        return inspection
    checked = {r.finding_id for r in results_of(inspection)}
    missing = [f for f in findings_to_check(order) if f.id not in checked]
    if missing:
        raise DomainError(_("还有 %(n)s 个问题未复查", n=len(missing)), field="results")
    inspection.status, inspection.submitted_at = InspectionStatus.SUBMITTED, utcnow()
    record_change("inspection", inspection.id, InspectionStatus.DRAFT, InspectionStatus.SUBMITTED, actor=actor)
    db.session.commit()
    return inspection


def results_of(inspection: Inspection) -> list[FollowUpResult]:
    return list(db.session.scalars(select(FollowUpResult).where(FollowUpResult.inspection_id == inspection.id)))


def latest_results(finding_ids: list[int]) -> dict[int, tuple[FollowUpResult, datetime]]:
    """Each finding's result in its most recent submitted follow-up, with that follow-up's time; one query."""
    if not finding_ids:
        return {}
    rows = db.session.execute(
        select(FollowUpResult, Inspection.submitted_at).join(Inspection, Inspection.id == FollowUpResult.inspection_id)
        .where(FollowUpResult.finding_id.in_(finding_ids), Inspection.status == InspectionStatus.SUBMITTED)
        .order_by(Inspection.submitted_at, FollowUpResult.id))
    return {result.finding_id: (result, submitted_at) for result, submitted_at in rows if submitted_at is not None}


def last_send_backs(finding_ids: list[int]) -> dict[int, datetime]:
    if not finding_ids:
        return {}
    rows = db.session.execute(
        select(StateChange.subject_id, func.max(StateChange.created_at)).where(
            StateChange.subject_type == "finding", StateChange.subject_id.in_(finding_ids),
            StateChange.to_state == FindingState.ORDERED,
            StateChange.from_state.in_(finding_rules.sources(FindingMove.SEND_BACK)))
        .group_by(StateChange.subject_id))
    return dict(rows.all())


def pending_results(findings: list[Finding]) -> dict[int, FollowUpResult]:
    """Results awaiting the supervisor's decision: newer than the finding's last send-back, not closed."""
    ids = [f.id for f in findings if not f.is_closed]
    latest, sent_back = latest_results(ids), last_send_backs(ids)
    return {fid: result for fid, (result, submitted_at) in latest.items()
            if fid not in sent_back or submitted_at > sent_back[fid]}


def pending_result(finding: Finding) -> FollowUpResult | None:
    return pending_results([finding]).get(finding.id)


def close_finding(order: RectificationOrder, finding: Finding, *, actor: User, note: str = "") -> Finding:
    """销号: only after a submitted follow-up passed it; closing twice changes nothing."""
    authorise(finding_permissions.can_close(actor, finding), _("只有督查可以销号或督办"))
    if finding.is_closed:
        return finding
    result = pending_result(finding)
    if result is None or result.outcome != FollowUpOutcome.PASSED:
        raise DomainError(_("须先复查通过才能销号"), status=409)
    move_finding(finding, FindingState.CLOSED, by=FindingMove.CLOSE, actor=actor, note=note or result.note)
    finding.closed_at, finding.closed_by_id = utcnow(), actor.id
    sync_order_state(order, actor=actor)
    db.session.commit()
    return finding


def send_back(order: RectificationOrder, finding: Finding, *, actor: User, deadline: date | None,
              note: str = "") -> Finding:
    """督办: a failed finding goes back to the company with a new deadline; escalation count + 1."""
    authorise(finding_permissions.can_send_back(actor, finding), _("只有督查可以销号或督办"))
    result = pending_result(finding)
    if result is None or result.outcome != FollowUpOutcome.FAILED:
        raise DomainError(_("只有复查不通过、尚未处理的问题可以退回督办"), status=409)
    if deadline is None or deadline <= local_today():
        raise DomainError(_("请设定今天以后的新整改期限"), field="deadline")
    move_finding(finding, FindingState.ORDERED, by=FindingMove.SEND_BACK, actor=actor, note=note or result.note)
    finding.escalation_count += 1
    finding.deadline = deadline
    for line in order.lines:
        if line.finding_id == finding.id:
            line.deadline = deadline
    order.deadline = max(line.deadline for line in order.lines)
    sync_order_state(order, actor=actor)
    db.session.commit()
    notices.sent_back(order, finding)
    return finding
