"""Follow-up pages (复查) and the supervisor's close-out (销号) or send-back (督办)."""

from typing import Any

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import PATROL_ROLES, Role
from inspect_app.core.time import local_today
from inspect_app.core.uploads import accepts_uploads
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.orders import followup, forms, queries
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.views import back, bp, load, order_context, order_page
from inspect_app.photos.forms import photo_upload
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.stamping import watermark_lines
from inspect_app.photos.uploads import store_uploads


def _finding_of(order: RectificationOrder, finding_id: int) -> Finding:
    """One of the order's own findings: the order was loaded for the user, so its findings are theirs to see."""
    for line in order.lines:
        if line.finding_id == finding_id:
            return line.finding
    raise DomainError("该问题不在本通知书中", status=404)


def _follow_up_page(order: RectificationOrder, inspection: Inspection | None, *, status: int = 200,
                    **extra: Any) -> Response:
    """The follow-up's checks; before it is started (inspection None), the findings and a form to start it."""
    results = {r.finding_id: r for r in followup.results_of(inspection)} if inspection else {}
    follow_photos = queries.photos_by(Photo.follow_up_result_id, [r.id for r in results.values()])
    return render("orders/follow_up.html", status=status, today=local_today(), **order_context(order),
                  inspection=inspection, results=results, to_check=followup.findings_to_check(order),
                  follow_photos=follow_photos, **extra)


@bp.post("/<int:order_id>/follow-up")
@require(*PATROL_ROLES)
def start_follow_up(order_id: int) -> Response:
    order = load(order_id)
    followup.start_follow_up(order, actor=current_user)
    return redirect(url_for("orders.follow_up", order_id=order.id), 303)


@bp.get("/<int:order_id>/follow-up")
@require(*PATROL_ROLES)
def follow_up(order_id: int) -> Response:
    """Shows the open follow-up; opening the page never starts one (that is the POST above)."""
    order = load(order_id)
    followup.require_follow_up(order, actor=current_user)
    return _follow_up_page(order, followup.open_follow_up(order))


@bp.post("/<int:order_id>/follow-up/<int:finding_id>")
@require(*PATROL_ROLES)
@accepts_uploads()
def record_result(order_id: int, finding_id: int) -> Response:
    order = load(order_id)
    finding = _finding_of(order, finding_id)
    inspection = followup.start_follow_up(order, actor=current_user)
    try:
        result = followup.record_result(inspection, finding, outcome=request.form.get("outcome", ""),
                                        note=request.form.get("note", ""), actor=current_user)
    except DomainError as error:
        if error.status != 422:
            raise
        return _follow_up_page(order, inspection, status=422, errors={finding.id: error.message}, posted=request.form,
                               error_field=error.field)
    lines = watermark_lines(order.neighborhood.name, _("复查 %(name)s", name=current_user.display_name))
    errors = store_uploads(photo_upload(request.form, request.files), kind=PhotoKind.FOLLOW_UP, actor=current_user,
                           watermark_lines=lines, follow_up_result_id=result.id, finding_id=finding.id)
    if errors:
        return _follow_up_page(order, inspection, status=422, errors={finding.id: "；".join(errors)},
                               error_field="photos")
    return redirect(url_for("orders.follow_up", order_id=order.id, _anchor=f"check-{finding.id}"), 303)


@bp.post("/<int:order_id>/follow-up/submit")
@require(*PATROL_ROLES)
def submit_follow_up(order_id: int) -> Response:
    order = load(order_id)
    inspection = followup.start_follow_up(order, actor=current_user)
    try:
        followup.submit_follow_up(inspection, order, actor=current_user)
    except DomainError as error:
        if error.status != 422:
            raise
        return _follow_up_page(order, inspection, status=422, submit_error=error.message)
    return back(order)


@bp.post("/<int:order_id>/findings/<int:finding_id>/close")
@require(Role.SUPERVISOR)
def close(order_id: int, finding_id: int) -> Response:
    order = load(order_id)
    followup.close_finding(order, _finding_of(order, finding_id), actor=current_user,
                           note=request.form.get("note", "").strip())
    return back(order, f"line-{finding_id}")


@bp.post("/<int:order_id>/findings/<int:finding_id>/send-back")
@require(Role.SUPERVISOR)
def send_back(order_id: int, finding_id: int) -> Response:
    order = load(order_id)
    try:
        followup.send_back(order, _finding_of(order, finding_id), actor=current_user,
                           deadline=forms.parse_date(request.form, "deadline"),
                           note=request.form.get("note", "").strip())
    except DomainError as error:
        if error.status != 422:
            raise
        return order_page(order, status=422, posted=request.form, report_errors={finding_id: error.message})
    return back(order, f"line-{finding_id}")
