"""Patrol pages: start, the checklist with per-item autosave and photos, submit, the record."""

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_login import current_user

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import EVERY_ROLE, PATROL_ROLES
from inspect_app.core.uploads import accepts_uploads
from inspect_app.inspections import pages, services
from inspect_app.inspections.answers import parse_answer
from inspect_app.inspections.models import Inspection, InspectionStatus
from inspect_app.inspections.permissions import can_edit_inspection
from inspect_app.photos.uploads import form_float
from inspect_app.places.services import get_neighborhood_for

bp = Blueprint("inspections", __name__)


def _load(inspection_id: int) -> Inspection:
    inspection = services.get_inspection_for(current_user, inspection_id)
    if inspection is None:
        abort(404)
    return inspection


@bp.post("/patrols/start/<int:neighborhood_id>")
@require(*PATROL_ROLES)
def start(neighborhood_id: int):
    neighborhood = get_neighborhood_for(current_user, neighborhood_id) or abort(404)
    inspection = services.start_patrol(neighborhood, actor=current_user, lat=form_float("lat"), lng=form_float("lng"))
    return redirect(url_for("inspections.detail", inspection_id=inspection.id), 303)


@bp.get("/inspections/<int:inspection_id>")
@require(*EVERY_ROLE)
def detail(inspection_id: int):
    inspection = _load(inspection_id)
    if inspection.is_draft and can_edit_inspection(current_user, inspection):
        response = render("inspections/checklist.html", **pages.checklist_context(inspection))
        response.headers["X-Inspect-Offline"] = "draft"  # the service worker keeps only pages marked so
        return response
    return render("inspections/record.html", **pages.record_context(inspection))


@bp.post("/inspections/<int:inspection_id>/items/<int:item_id>")
@require(*PATROL_ROLES)
def answer(inspection_id: int, item_id: int):
    inspection = _load(inspection_id)
    item = pages.item_of(inspection, item_id)
    parsed = parse_answer(item, request.form)
    try:
        services.save_answer(inspection, item, parsed, actor=current_user)
    except DomainError as error:
        if error.status != 422:
            raise
        return pages.render_item_response(inspection, item, parsed=parsed, status=422)
    if not request.htmx:
        return redirect(url_for("inspections.detail", inspection_id=inspection.id, _anchor=f"item-{item.id}"), 303)
    return pages.mark_saved(pages.render_item_response(inspection, item))


@bp.post("/inspections/<int:inspection_id>/items/<int:item_id>/photos")
@require(*PATROL_ROLES)
@accepts_uploads(pages.MAX_FILES_PER_UPLOAD)
def upload_photos(inspection_id: int, item_id: int):
    inspection = _load(inspection_id)
    item = pages.item_of(inspection, item_id)
    errors = pages.store_item_photos(inspection, item, actor=current_user)
    if not request.htmx and not errors:
        return redirect(url_for("inspections.detail", inspection_id=inspection.id, _anchor=f"item-{item.id}"), 303)
    response = pages.render_photos(inspection, item, errors=errors, status=422 if errors else 200)
    return response if errors else pages.mark_saved(response)


@bp.post("/inspections/<int:inspection_id>/items/<int:item_id>/photos/announce")
@require(*PATROL_ROLES)
def announce_photo(inspection_id: int, item_id: int):
    """The phone has queued a photo for this item; it stays listed as missing until it arrives."""
    inspection = _load(inspection_id)
    item = pages.item_of(inspection, item_id)
    services.announce_photo(inspection, item, pages.client_key() or "", actor=current_user)
    return pages.mark_saved(pages.render_missing(inspection))


@bp.post("/inspections/<int:inspection_id>/photos/withdraw")
@require(*PATROL_ROLES)
def withdraw_photo(inspection_id: int):
    inspection = _load(inspection_id)
    services.withdraw_photo(inspection, pages.client_key() or "", actor=current_user)
    return pages.mark_saved(pages.render_missing(inspection))


@bp.post("/inspections/<int:inspection_id>/photos/<int:photo_id>/delete")
@require(*PATROL_ROLES)
def delete_photo(inspection_id: int, photo_id: int):
    inspection = _load(inspection_id)
    item = pages.delete_item_photo(inspection, photo_id, actor=current_user)
    if not request.htmx:
        return redirect(url_for("inspections.detail", inspection_id=inspection.id, _anchor=f"item-{item.id}"), 303)
    return pages.mark_saved(pages.render_photos(inspection, item))


@bp.post("/inspections/<int:inspection_id>/submit")
@require(*PATROL_ROLES)
def submit(inspection_id: int):
    inspection = _load(inspection_id)
    try:
        services.submit(inspection, actor=current_user, submit_key=request.form.get("submit_key") or None)
    except DomainError as error:
        if error.status != 422:
            raise
        return render("inspections/checklist.html", status=422,
                      **pages.checklist_context(inspection, submit_error=error.message))
    return redirect(url_for("inspections.detail", inspection_id=inspection.id), 303)


@bp.get("/inspections/<int:inspection_id>/record.pdf")
@require(*EVERY_ROLE)
def record_pdf(inspection_id: int):
    from inspect_app.inspections.record_pdf import render_record_pdf
    from inspect_app.pdf.service import PdfError

    inspection = _load(inspection_id)
    if inspection.status != InspectionStatus.SUBMITTED:
        abort(404)
    filename = f"inspection-{inspection.id}.pdf"
    try:
        data = render_record_pdf(inspection)
    except PdfError as error:  # e.g. a document over the renderer's caps: a readable message, not a 500
        raise DomainError(str(error), status=503) from error
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
