"""Patrol pages: start, the checklist with per-item autosave and photos, submit, the record."""

import uuid
from typing import Any

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.checklists.models import ChecklistItem
from inspect_app.core.db import utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.forms import client_key
from inspect_app.core.htmx import is_htmx, render, render_oob
from inspect_app.core.permissions import require
from inspect_app.core.responses import pdf_response
from inspect_app.core.roles import EVERY_ROLE, PATROL_ROLES
from inspect_app.core.uploads import accepts_uploads
from inspect_app.findings.repeats import open_findings_by_item, repeats_of_inspection
from inspect_app.inspections import queries, scoring, services
from inspect_app.inspections.answers import ParsedAnswer, parse_answer
from inspect_app.inspections.models import Inspection, InspectionStatus
from inspect_app.inspections.permissions import can_edit_inspection
from inspect_app.inspections.record_pdf import render_record_pdf, start_place
from inspect_app.pdf.service import PdfError
from inspect_app.photos.forms import form_float, photo_upload
from inspect_app.places.services import get_neighborhood_for

bp = Blueprint("inspections", __name__)

# Set only when the server really stored what was sent: the phone's outbox trusts nothing else (a login page,
# a captive portal's 200 or a redirect all look like success to a browser).
SAVED_HEADER = "X-Inspect-Saved"


def _load(inspection_id: int) -> Inspection:
    inspection = services.get_inspection_for(current_user, inspection_id)
    if inspection is None:
        abort(404)
    return inspection


def _item(inspection: Inspection, item_id: int) -> ChecklistItem:
    return queries.item_of(inspection, item_id) or abort(404)


def _saved(response: Response) -> Response:
    response.headers[SAVED_HEADER] = "1"
    return response


def _to_item(inspection: Inspection, item: ChecklistItem) -> Response:
    return redirect(url_for("inspections.detail", inspection_id=inspection.id, _anchor=f"item-{item.id}"), 303)


def _checklist(inspection: Inspection, *, status: int = 200, submit_error: str | None = None,
               **extra: Any) -> Response:
    template = queries.load_template(inspection.template_id)
    results, photos = queries.results_by_item(inspection), queries.photos_by_result(inspection)
    pending = scoring.submission_problems(template, results, photos)
    return render(
        "inspections/checklist.html", status=status, inspection=inspection, template=template, results=results,
        photos=photos, card=scoring.score_card(template, results), submit_key=uuid.uuid4().hex,
        submit_error=submit_error, missing=queries.missing_photos(inspection), pending_by_item=pending,
        problems=pending if submit_error else {}, undo=_item_ids(request.args.get("undo", "")),
        open_findings=open_findings_by_item(inspection.neighborhood_id, inspection.company_id, current_user),
        **extra)


def _item_ids(raw: str) -> list[int]:
    """"12,13,14" (the items 其余全部合格 passed) → ids; anything else is ignored."""
    return [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 10]


def _item_context(inspection: Inspection, item: ChecklistItem) -> dict[str, Any]:
    result = queries.item_result(inspection, item)
    photos = queries.photos_by_result(inspection).get(result.id, []) if result else []
    pending = scoring.item_problem(item, result, photos) if result else None
    return {"inspection": inspection, "item": item, "result": result, "photos": photos, "pending": pending}


def _item_response(inspection: Inspection, item: ChecklistItem, *, parsed: ParsedAnswer | None = None,
                   status: int = 200) -> Response:
    """htmx gets the item's status line and the score (out of band); without JS, the whole checklist."""
    if not is_htmx():
        posted = {item.id: {"errors": parsed.errors, "posted": request.form.to_dict()}} if parsed else {}
        return _checklist(inspection, status=status, item_errors=posted)
    template = queries.load_template(inspection.template_id)
    card = scoring.score_card(template, queries.results_by_item(inspection))
    context = _item_context(inspection, item) | {"errors": parsed.errors if parsed else {},
                                                 "saved_at": utcnow() if parsed is None else None}
    return render_oob("inspections/_item_status.html", context,
                      ("inspections/_score.html", {"card": card, "template": template}), status=status)


def _photos_response(inspection: Inspection, item: ChecklistItem, *, errors: list[str] | None = None,
                     status: int = 200) -> Response:
    if not is_htmx():
        return _checklist(inspection, status=status)
    context = _item_context(inspection, item) | {"upload_errors": errors or [], "upload_key": uuid.uuid4().hex}
    missing = {"inspection": inspection, "missing": queries.missing_photos(inspection)}
    return render_oob("inspections/_item_photos.html", context, ("inspections/_missing_photos.html", missing),
                      ("inspections/_item_status.html", context), status=status)


def _missing_response(inspection: Inspection) -> Response:
    """The list of announced photos still missing; without JS, back to the checklist."""
    if not is_htmx():
        return redirect(url_for("inspections.detail", inspection_id=inspection.id, _anchor="missing-photos"), 303)
    return render("inspections/_missing_photos.html", inspection=inspection,
                  missing=queries.missing_photos(inspection))


@bp.post("/patrols/start/<int:neighborhood_id>")
@require(*PATROL_ROLES)
def start(neighborhood_id: int) -> Response:
    neighborhood = get_neighborhood_for(current_user, neighborhood_id) or abort(404)
    inspection = services.start_patrol(neighborhood, actor=current_user, lat=form_float(request.form, "lat"),
                                       lng=form_float(request.form, "lng"))
    return redirect(url_for("inspections.detail", inspection_id=inspection.id), 303)


@bp.get("/inspections/<int:inspection_id>")
@require(*EVERY_ROLE)
def detail(inspection_id: int) -> Response:
    inspection = _load(inspection_id)
    if inspection.is_draft and can_edit_inspection(current_user, inspection):
        response = _checklist(inspection)
        response.headers["X-Inspect-Offline"] = "draft"  # the service worker keeps only pages marked so
        return response
    return render("inspections/record.html", inspection=inspection, place=start_place(inspection),
                  template=queries.load_template(inspection.template_id),
                  results=queries.results_by_item(inspection), photos=queries.photos_by_result(inspection),
                  findings=queries.findings_of(inspection), describe=scoring.describe,
                  repeats=repeats_of_inspection(inspection.id),
                  category_scores={c.category_code: c for c in inspection.category_scores},
                  missing=queries.missing_photos(inspection))


@bp.post("/inspections/<int:inspection_id>/items/<int:item_id>")
@require(*PATROL_ROLES)
def answer(inspection_id: int, item_id: int) -> Response:
    inspection = _load(inspection_id)
    item = _item(inspection, item_id)
    parsed = parse_answer(item, request.form)
    try:
        if parsed.outcome is None and not parsed.errors:  # nothing chosen: an undo, back to unanswered
            services.clear_answer(inspection, item, actor=current_user)
        else:
            services.save_answer(inspection, item, parsed, actor=current_user)
    except DomainError as error:
        if error.status != 422:
            raise
        return _item_response(inspection, item, parsed=parsed, status=422)
    if not is_htmx():
        return _to_item(inspection, item)
    return _saved(_item_response(inspection, item))


@bp.post("/inspections/<int:inspection_id>/pass-rest")
@require(*PATROL_ROLES)
def pass_rest(inspection_id: int) -> Response:
    """其余全部合格 without JavaScript (the phone's script saves each item through its outbox instead)."""
    inspection = _load(inspection_id)
    category = request.form.get("category") or None
    passed = services.pass_rest(inspection, actor=current_user, category_code=category)
    return redirect(url_for("inspections.detail", inspection_id=inspection.id,
                            undo=",".join(map(str, passed)) or None, _anchor=f"category-{category or 'all'}"), 303)


@bp.post("/inspections/<int:inspection_id>/pass-rest/undo")
@require(*PATROL_ROLES)
def undo_pass(inspection_id: int) -> Response:
    inspection = _load(inspection_id)
    services.undo_pass(inspection, _item_ids(",".join(request.form.getlist("item_id"))), actor=current_user)
    return redirect(url_for("inspections.detail", inspection_id=inspection.id), 303)


@bp.post("/inspections/<int:inspection_id>/items/<int:item_id>/photos")
@require(*PATROL_ROLES)
@accepts_uploads()
def upload_photos(inspection_id: int, item_id: int) -> Response:
    inspection = _load(inspection_id)
    item = _item(inspection, item_id)
    errors = services.store_item_photos(inspection, item, photo_upload(request.form, request.files),
                                        actor=current_user)
    if not is_htmx() and not errors:
        return _to_item(inspection, item)
    response = _photos_response(inspection, item, errors=errors, status=422 if errors else 200)
    return response if errors else _saved(response)


@bp.post("/inspections/<int:inspection_id>/items/<int:item_id>/photos/announce")
@require(*PATROL_ROLES)
def announce_photo(inspection_id: int, item_id: int) -> Response:
    """The phone has queued a photo for this item; it stays listed as missing until it arrives."""
    inspection = _load(inspection_id)
    item = _item(inspection, item_id)
    services.announce_photo(inspection, item, client_key(request.form) or "", actor=current_user)
    return _saved(_missing_response(inspection))


@bp.post("/inspections/<int:inspection_id>/photos/withdraw")
@require(*PATROL_ROLES)
def withdraw_photo(inspection_id: int) -> Response:
    inspection = _load(inspection_id)
    services.withdraw_photo(inspection, client_key(request.form) or "", actor=current_user)
    return _saved(_missing_response(inspection))


@bp.post("/inspections/<int:inspection_id>/photos/<int:photo_id>/delete")
@require(*PATROL_ROLES)
def delete_photo(inspection_id: int, photo_id: int) -> Response:
    inspection = _load(inspection_id)
    item = services.delete_item_photo(inspection, photo_id, actor=current_user)
    if not is_htmx():
        return _to_item(inspection, item)
    return _saved(_photos_response(inspection, item))


@bp.post("/inspections/<int:inspection_id>/submit")
@require(*PATROL_ROLES)
def submit(inspection_id: int) -> Response:
    inspection = _load(inspection_id)
    try:
        services.submit(inspection, actor=current_user, submit_key=client_key(request.form, "submit_key"))
    except DomainError as error:
        if error.status != 422:
            raise
        return _checklist(inspection, status=422, submit_error=error.message)
    return redirect(url_for("inspections.detail", inspection_id=inspection.id), 303)


@bp.get("/inspections/<int:inspection_id>/record.pdf")
@require(*EVERY_ROLE)
def record_pdf(inspection_id: int) -> Response:
    inspection = _load(inspection_id)
    if inspection.status != InspectionStatus.SUBMITTED:
        abort(404)
    try:
        data = render_record_pdf(inspection)
    except PdfError as error:  # e.g. a document over the renderer's caps: a readable message, not a 500
        raise DomainError(str(error), status=503) from error
    return pdf_response(data, f"inspection-{inspection.id}.pdf", max_age=300)
