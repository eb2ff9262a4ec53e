"""Follow-up pages (复查) and the supervisor's close-out (销号) or send-back (督办)."""

from datetime import date

from flask import redirect, request, url_for
from flask_login import current_user

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import PATROL_ROLES, Role
from inspect_app.core.time import local_today
from inspect_app.core.uploads import accepts_uploads
from inspect_app.findings.models import Finding
from inspect_app.orders import followup, pages
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.views import back, bp, load
from inspect_app.photos import uploads
from inspect_app.photos.models import PhotoKind


def _finding_of(order: RectificationOrder, finding_id: int) -> Finding:
    """One of the order's own findings: the order was loaded for the user, so its findings are theirs to see."""
    for line in order.lines:
        if line.finding_id == finding_id:
            return line.finding
    raise DomainError("该问题不在本通知书中", status=404)


def _follow_up_page(order, *, status: int = 200, **extra):
    inspection = followup.start_follow_up(order, actor=current_user)
    return render("orders/follow_up.html", status=status, today=local_today(),
                  **pages.follow_up_context(order, inspection), **extra)


@bp.post("/<int:order_id>/follow-up")
@require(*PATROL_ROLES)
def start_follow_up(order_id: int):
    order = load(order_id)
    followup.start_follow_up(order, actor=current_user)
    return redirect(url_for("orders.follow_up", order_id=order.id), 303)


@bp.get("/<int:order_id>/follow-up")
@require(*PATROL_ROLES)
def follow_up(order_id: int):
    return _follow_up_page(load(order_id))


@bp.post("/<int:order_id>/follow-up/<int:finding_id>")
@require(*PATROL_ROLES)
@accepts_uploads(6)
def record_result(order_id: int, finding_id: int):
    order = load(order_id)
    finding = _finding_of(order, finding_id)
    inspection = followup.start_follow_up(order, actor=current_user)
    try:
        result = followup.record_result(inspection, finding, outcome=request.form.get("outcome", ""),
                                        note=request.form.get("note", ""), actor=current_user)
    except DomainError as error:
        if error.status != 422:
            raise
        return _follow_up_page(order, status=422, errors={finding.id: error.message}, posted=request.form)
    errors = uploads.store_uploads(
        uploads.uploaded_files(), kind=PhotoKind.FOLLOW_UP, actor=current_user,
        watermark_lines=uploads.watermark(order.neighborhood.name, "复查 " + current_user.display_name),
        key=(request.form.get("client_key") or "")[:40] or None, follow_up_result_id=result.id, finding_id=finding.id)
    if errors:
        return _follow_up_page(order, status=422, errors={finding.id: "；".join(errors)})
    return redirect(url_for("orders.follow_up", order_id=order.id, _anchor=f"check-{finding.id}"), 303)


@bp.post("/<int:order_id>/follow-up/submit")
@require(*PATROL_ROLES)
def submit_follow_up(order_id: int):
    order = load(order_id)
    inspection = followup.start_follow_up(order, actor=current_user)
    try:
        followup.submit_follow_up(inspection, order, actor=current_user)
    except DomainError as error:
        if error.status != 422:
            raise
        return _follow_up_page(order, status=422, submit_error=error.message)
    return back(order)


@bp.post("/<int:order_id>/findings/<int:finding_id>/close")
@require(Role.SUPERVISOR)
def close(order_id: int, finding_id: int):
    order = load(order_id)
    followup.close_finding(order, _finding_of(order, finding_id), actor=current_user,
                           note=request.form.get("note", "").strip())
    return back(order, f"line-{finding_id}")


@bp.post("/<int:order_id>/findings/<int:finding_id>/send-back")
@require(Role.SUPERVISOR)
def send_back(order_id: int, finding_id: int):
    order = load(order_id)
    try:
        deadline = date.fromisoformat(request.form.get("deadline", ""))
    except ValueError:
        deadline = None
    try:
        followup.send_back(order, _finding_of(order, finding_id), actor=current_user, deadline=deadline,
                           note=request.form.get("note", "").strip())
    except DomainError as error:
        if error.status != 422:
            raise
        return render("orders/detail.html", status=422, today=local_today(), posted=request.form,
                      report_errors={finding_id: error.message}, **pages.order_context(order))
    return back(order, f"line-{finding_id}")
