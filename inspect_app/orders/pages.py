"""View helpers for order pages: what an order page shows, parsing the draft form, PDF responses."""

from datetime import date

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.findings.models import Finding, FindingState, StateChange
from inspect_app.inspections.models import FollowUpResult, Inspection, InspectionStatus
from inspect_app.orders import followup
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo


def photos_by(column, ids: list[int]) -> dict[int, list[Photo]]:
    grouped: dict[int, list[Photo]] = {}
    if ids:
        for photo in db.session.scalars(select(Photo).where(column.in_(ids)).order_by(Photo.id)):
            grouped.setdefault(getattr(photo, column.key), []).append(photo)
    return grouped


def order_context(order: RectificationOrder) -> dict:
    finding_ids = [line.finding_id for line in order.lines]
    reports = list(db.session.scalars(select(RectificationReport).where(RectificationReport.order_id == order.id)
                                      .order_by(RectificationReport.id)))
    evidence = photos_by(Photo.finding_id, finding_ids)
    after = photos_by(Photo.rectification_report_id, [r.id for r in reports])
    after_ids = {p.id for photos in after.values() for p in photos}
    return {
        "order": order,
        "reports": {r.finding_id: r for r in reports},
        "before": {fid: [p for p in photos if p.id not in after_ids and p.follow_up_result_id is None]
                   for fid, photos in evidence.items()},
        "after": {fid: [p for p in photos if p.id in after_ids] for fid, photos in evidence.items()},
        "latest": {fid: result for fid, (result, _) in followup.latest_results(finding_ids).items()},
        "pending": followup.pending_results([line.finding for line in order.lines]),
        "follow_up": followup.open_follow_up(order),
        "timeline": timeline(order),
    }


def timeline(order: RectificationOrder) -> list[StateChange]:
    finding_ids = [line.finding_id for line in order.lines]
    stmt = (select(StateChange).where(
        ((StateChange.subject_type == "order") & (StateChange.subject_id == order.id))
        | ((StateChange.subject_type == "finding") & StateChange.subject_id.in_(finding_ids)))
        .order_by(StateChange.created_at, StateChange.id))
    return list(db.session.scalars(stmt))


def open_findings_of(neighborhood_id: int) -> list[Finding]:
    return list(db.session.scalars(select(Finding).where(
        Finding.neighborhood_id == neighborhood_id, Finding.state == FindingState.OPEN).order_by(Finding.id)))


def parse_draft_form(order: RectificationOrder) -> tuple[dict[int, tuple[str, date]], dict[str, str]]:
    lines, errors = {}, {}
    for line in order.lines:
        requirement = request.form.get(f"requirement-{line.id}", "").strip()
        raw = request.form.get(f"deadline-{line.id}", "")
        try:
            deadline = date.fromisoformat(raw)
        except ValueError:
            errors[f"deadline-{line.id}"] = _("请填写有效日期")
            continue
        if not requirement or len(requirement) > 1000:
            errors[f"requirement-{line.id}"] = _("请填写整改要求（最多 1000 字）")
        lines[line.id] = (requirement, deadline)
    if len(request.form.get("remarks", "")) > 2000:
        errors["remarks"] = _("备注最多 2000 字")
    return lines, errors


def follow_up_context(order: RectificationOrder, inspection: Inspection) -> dict:
    context = order_context(order)
    results = {r.finding_id: r for r in followup.results_of(inspection)}
    context.update(inspection=inspection, results=results, to_check=followup.findings_to_check(order),
                   follow_photos=photos_by(Photo.follow_up_result_id, [r.id for r in results.values()]))
    return context


def submitted_follow_ups(order: RectificationOrder) -> list[Inspection]:
    return list(db.session.scalars(select(Inspection).where(
        Inspection.order_id == order.id, Inspection.status == InspectionStatus.SUBMITTED)))


def pdf_response(data: bytes, filename: str):
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename=\"{filename}\""
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def result_for(inspection: Inspection, finding_id: int) -> FollowUpResult:
    result = db.session.scalar(select(FollowUpResult).where(
        FollowUpResult.inspection_id == inspection.id, FollowUpResult.finding_id == finding_id))
    if result is None:
        raise DomainError(_("请先选择复查结果，再上传照片"), status=409)
    return result


def draft_conflicts(order: RectificationOrder, lines: dict[int, tuple[str, date]], remarks: str) -> list[dict]:
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
