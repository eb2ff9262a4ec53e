"""View helpers for the patrol pages: page contexts, item and photo partials, photo upload handling."""

import uuid

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistItem
from inspect_app.core.db import db, utcnow
from inspect_app.core.htmx import render
from inspect_app.findings.models import Finding
from inspect_app.inspections import services
from inspect_app.inspections.answers import ParsedAnswer
from inspect_app.inspections.models import Inspection, ItemResult
from inspect_app.photos import services as photo_service
from inspect_app.photos import uploads
from inspect_app.photos.models import Photo, PhotoKind

MAX_FILES_PER_UPLOAD = uploads.MAX_FILES
# Set only when the server really stored what was sent: the phone's outbox trusts nothing else (a login page,
# a captive portal's 200 or a redirect all look like success to a browser).
SAVED_HEADER = "X-Inspect-Saved"


def new_key() -> str:
    return uuid.uuid4().hex


def mark_saved(response: Response) -> Response:
    response.headers[SAVED_HEADER] = "1"
    return response


def client_key() -> str | None:
    return (request.form.get("client_key") or "").strip()[:40] or None


def item_of(inspection: Inspection, item_id: int) -> ChecklistItem:
    item = db.session.get(ChecklistItem, item_id)
    if item is None or item.category.template_id != inspection.template_id:
        abort(404)
    return item


def checklist_context(inspection: Inspection, submit_error: str | None = None) -> dict:
    template = services.load_template(inspection.template_id)
    results, photos = services.results_by_item(inspection), services.photos_by_result(inspection)
    return {
        "inspection": inspection, "template": template, "results": results, "photos": photos,
        "card": services.score_card(template, results), "submit_key": new_key(), "submit_error": submit_error,
        "problems": services.submission_problems(template, results, photos) if submit_error else {},
        "missing": services.missing_photos(inspection),
    }


def record_context(inspection: Inspection) -> dict:
    template = services.load_template(inspection.template_id)
    findings = db.session.scalars(db.select(Finding).where(Finding.inspection_id == inspection.id)
                                  .order_by(Finding.id)).all()
    return {"inspection": inspection, "template": template, "results": services.results_by_item(inspection),
            "photos": services.photos_by_result(inspection), "findings": findings, "describe": services.describe,
            "category_scores": {c.category_code: c for c in inspection.category_scores},
            "missing": services.missing_photos(inspection)}


def item_context(inspection: Inspection, item: ChecklistItem, parsed: ParsedAnswer | None = None) -> dict:
    result = db.session.scalar(db.select(ItemResult).where(
        ItemResult.inspection_id == inspection.id, ItemResult.item_id == item.id))
    photos = services.photos_by_result(inspection).get(result.id, []) if result else []
    return {"inspection": inspection, "item": item, "result": result, "photos": photos,
            "errors": parsed.errors if parsed else {}, "saved_at": utcnow() if parsed is None else None}


def render_item_response(inspection: Inspection, item: ChecklistItem, *, parsed: ParsedAnswer | None = None,
                         status: int = 200):
    """htmx gets the item's status line and the score (out of band); without JS, the whole checklist."""
    if not request.htmx:
        context = checklist_context(inspection)
        context["item_errors"] = {item.id: {"errors": parsed.errors, "posted": request.form.to_dict()}} \
            if parsed else {}
        return render("inspections/checklist.html", status=status, **context)
    template = services.load_template(inspection.template_id)
    card = services.score_card(template, services.results_by_item(inspection))
    body = render_template("inspections/_item_status.html", **item_context(inspection, item, parsed))
    body += render_template("inspections/_score.html", card=card, template=template, oob=True)
    response = current_app.response_class(body, status=status)
    response.vary.add("HX-Request")
    return response


def render_photos(inspection: Inspection, item: ChecklistItem, *, errors: list[str] | None = None,
                  status: int = 200):
    context = item_context(inspection, item)
    context.update(upload_errors=errors or [], upload_key=new_key())
    if not request.htmx:
        return render("inspections/checklist.html", status=status, **checklist_context(inspection))
    body = render_template("inspections/_item_photos.html", **context)
    body += render_template("inspections/_missing_photos.html", inspection=inspection, oob=True,
                            missing=services.missing_photos(inspection))
    response = current_app.response_class(body, status=status)
    response.vary.add("HX-Request")
    return response


def render_missing(inspection: Inspection) -> Response:
    """The list of announced photos still missing; without JS, back to the checklist."""
    if not request.htmx:
        return redirect(url_for("inspections.detail", inspection_id=inspection.id, _anchor="missing-photos"), 303)
    return render("inspections/_missing_photos.html", inspection=inspection,
                  missing=services.missing_photos(inspection))


def store_item_photos(inspection: Inspection, item: ChecklistItem, *, actor: User) -> list[str]:
    services.require_draft_owner(inspection, actor)
    files = uploads.uploaded_files()
    if not files:
        return [_("请选择要上传的照片")]
    result = services.ensure_result_for_photo(inspection, item)
    lines = uploads.watermark(inspection.neighborhood.name, _("巡查员 %(name)s", name=actor.display_name))
    key = client_key()
    errors = uploads.store_uploads(files, kind=PhotoKind.EVIDENCE, actor=actor, watermark_lines=lines, key=key,
                                   device_taken_at=uploads.form_datetime("taken_at"),
                                   inspection_id=inspection.id, item_result_id=result.id)
    if key and not errors:
        services.photo_arrived(inspection, key)
    return errors


def delete_item_photo(inspection: Inspection, photo_id: int, *, actor: User) -> ChecklistItem:
    services.require_draft_owner(inspection, actor)
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.inspection_id != inspection.id:
        abort(404)
    result = db.session.get(ItemResult, photo.item_result_id)
    photo_service.delete_photo(photo)
    return result.item
