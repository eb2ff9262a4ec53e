"""Order pages: draft from open findings, edit, issue, void, PDF; the company's acknowledgement and report."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.core.db import utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.forms import client_key
from inspect_app.core.htmx import is_htmx, render
from inspect_app.core.permissions import require
from inspect_app.core.responses import pdf_response
from inspect_app.core.roles import EVERY_ROLE, PATROL_ROLES, Role
from inspect_app.core.time import local_today
from inspect_app.core.uploads import accepts_uploads
from inspect_app.escalations import queries as escalations
from inspect_app.findings.services import get_finding_for
from inspect_app.orders import display, followup, forms, queries, services
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.pdf import ensure_order_pdf, render_order_pdf
from inspect_app.pdf.service import PdfError
from inspect_app.photos.forms import photo_upload
from inspect_app.photos.models import Photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.places.services import get_neighborhood_for

bp = Blueprint("orders", __name__, url_prefix="/orders")
display.register(bp)


def load(order_id: int) -> RectificationOrder:
    order = services.get_order_for(current_user, order_id)
    if order is None:
        abort(404)
    return order


def back(order: RectificationOrder, anchor: str | None = None) -> Response:
    return redirect(url_for("orders.detail", order_id=order.id, _anchor=anchor), 303)


def order_context(order: RectificationOrder) -> dict[str, Any]:
    """What the order page shows: each finding's photos before and after, reports, follow-ups, the timeline."""
    finding_ids = [line.finding_id for line in order.lines]
    reports = queries.reports_of(order)
    evidence = queries.photos_by(Photo.finding_id, finding_ids)
    after = queries.photos_by(Photo.rectification_report_id, [r.id for r in reports])
    after_ids = {p.id for photos in after.values() for p in photos}
    return {
        "order": order,
        "reports": {r.finding_id: r for r in reports},
        "before": {fid: [p for p in photos if p.id not in after_ids and p.follow_up_result_id is None
                         and p.appeal_id is None]
                   for fid, photos in evidence.items()},
        "after": {fid: [p for p in photos if p.id in after_ids] for fid, photos in evidence.items()},
        "latest": {fid: result for fid, (result, _when) in followup.latest_results(finding_ids).items()},
        "pending": followup.pending_results([line.finding for line in order.lines]),
        "follow_up": followup.open_follow_up(order),
        "timeline": queries.timeline(order),
        "finding_labels": queries.finding_labels(finding_ids),
        "escalations": escalations.of_order(order.id),
    }


def order_page(order: RectificationOrder, *, status: int = 200, **extra: Any) -> Response:
    return render("orders/detail.html", status=status, today=local_today(), **order_context(order), **extra)


@bp.get("")
@require(*EVERY_ROLE)
def index() -> Response:
    show, errors = forms.parse_show(request.args)
    today = local_today()
    orders = queries.order_list(current_user, today=today, show=show)
    return render("orders/index.html", "orders/_results.html", orders=orders, show=show, errors=errors, today=today,
                  total=queries.order_counts(current_user, today=today, show=show)["matching"],
                  to_close=queries.orders_to_close([o.id for o in orders]))


@bp.get("/new")
@require(*PATROL_ROLES)
def new() -> Response:
    neighborhood = get_neighborhood_for(current_user, request.args.get("neighborhood", 0, type=int)) or abort(404)
    return render("orders/new.html", neighborhood=neighborhood, findings=queries.open_findings_of(neighborhood.id))


@bp.post("")
@require(*PATROL_ROLES)
def create() -> Response:
    neighborhood = get_neighborhood_for(current_user, request.form.get("neighborhood_id", 0, type=int)) or abort(404)
    try:
        order = services.draft_order(neighborhood, forms.finding_ids(request.form.getlist("finding_ids")),
                                     actor=current_user)
    except DomainError as error:
        return render("orders/new.html", status=422, neighborhood=neighborhood, error=error.message,
                      findings=queries.open_findings_of(neighborhood.id))
    return back(order)


@bp.get("/<int:order_id>")
@require(*EVERY_ROLE)
def detail(order_id: int) -> Response:
    return order_page(load(order_id))


@bp.post("/<int:order_id>/draft")
@require(*PATROL_ROLES)
def update(order_id: int) -> Response:
    """保存草稿, and the page's autosave (htmx: the status line with the new lock_version, or its refusal)."""
    order = load(order_id)
    draft, errors = forms.parse_draft(order, request.form)
    if errors:
        return draft_refused(order, draft, DomainError(_("草稿未保存：%(errors)s", errors=listed(errors))),
                             errors=errors)
    try:
        services.update_draft(order, lines=draft.lines, remarks=draft.remarks, lock_version=draft.lock_version,
                              actor=current_user, workdays=draft.workdays)
    except DomainError as error:
        return draft_refused(order, draft, error)
    if is_htmx():
        return render("orders/_draft_status.html", order=order, saved_at=utcnow())
    return back(order)


@bp.post("/<int:order_id>/issue")
@require(*PATROL_ROLES)
def issue(order_id: int) -> Response:
    """签发 what the page shows: the draft form's fields come along (the button submits that form)."""
    order = load(order_id)
    if "lock_version" not in request.form:  # a page without the draft form: nothing typed to keep
        return back(services.issue_order(order, actor=current_user))
    draft, errors = forms.parse_draft(order, request.form)
    if errors:
        return draft_refused(order, draft, DomainError(_("未签发：%(errors)s", errors=listed(errors))),
                             errors=errors)
    try:
        services.issue_order(order, actor=current_user, edits=draft)
    except DomainError as error:
        return draft_refused(order, draft, error)
    return back(order)


def listed(errors: dict[str, str]) -> str:
    return "；".join(dict.fromkeys(errors.values()))


def draft_refused(order: RectificationOrder, draft: forms.DraftInput, error: DomainError,
                  errors: dict[str, str] | None = None) -> Response:
    """A refused save or issue: the page again with everything typed, the other person's changes beside it."""
    if errors is None and error.field == "deadline_workdays":  # e.g. the year's holidays are not loaded
        errors = {error.field: error.message}
    if errors is None and (error.status != 409 or not order.is_draft):
        raise error
    status = 422 if errors else 409
    if is_htmx():  # the autosave: the message only; the form on screen keeps what was typed
        return render("orders/_draft_status.html", status=status, order=order, message=error.message)
    if errors:
        return order_page(order, status=422, errors=errors, posted=request.form, draft_error=error.message)
    return order_page(order, status=409, posted=request.form, conflict_message=error.message,
                      conflict=queries.draft_conflicts(order, draft.lines, draft.remarks))


@bp.post("/<int:order_id>/discard")
@require(*PATROL_ROLES)
def discard(order_id: int) -> Response:
    services.discard_draft(load(order_id), actor=current_user)
    return redirect(url_for("orders.index"), 303)


@bp.post("/<int:order_id>/void")
@require(*PATROL_ROLES)
def void(order_id: int) -> Response:
    return back(services.void_order(load(order_id), actor=current_user, reason=request.form.get("reason", "")))


@bp.get("/<int:order_id>/pdf")
@require(*EVERY_ROLE)
def pdf(order_id: int) -> Response:
    order = load(order_id)
    try:
        data = render_order_pdf(order) if order.number is None else ensure_order_pdf(order)
    except PdfError as error:  # e.g. a document over the renderer's caps: a readable message, not a 500
        raise DomainError(str(error), status=503) from error
    return pdf_response(data, f"order-{order.year or 'draft'}-{order.sequence or order.id}.pdf")


@bp.post("/<int:order_id>/acknowledge")
@require(Role.COMPANY)
def acknowledge(order_id: int) -> Response:
    order = services.acknowledge(load(order_id), actor=current_user)
    flash(_("已签收整改通知书 %(number)s。", number=order.number), "info")
    return back(order)


@bp.post("/<int:order_id>/findings/<int:finding_id>/report")
@require(Role.COMPANY)
@accepts_uploads()
def report(order_id: int, finding_id: int) -> Response:
    """整改反馈 with its photos, all or nothing; refused, the form comes back with the note and the same key."""
    order = load(order_id)
    finding = get_finding_for(current_user, finding_id) or abort(404)
    key = client_key(request.form)
    try:
        services.report_fix(order, finding, actor=current_user, note=request.form.get("note", ""), client_key=key,
                            photos=photo_upload(request.form, request.files),
                            watermark_lines=watermark_lines(order.neighborhood.name, current_user.display_name))
    except DomainError as error:
        if error.status not in (413, 422) or (is_htmx() and error.status == 413):
            raise  # htmx does not swap these: app.js shows the message on the form, which keeps everything
        typed = {"note": request.form.get("note", ""), "client_key": key}
        refused: dict[str, Any] = {"fix_posted": {finding.id: typed}, "fix_errors": {finding.id: error.message}}
        if is_htmx():
            return render("orders/_report_form.html", status=422, order=order, finding=finding, **refused)
        return order_page(order, status=error.status, **refused)
    flash(_("“%(title)s”的整改反馈已提交，等待复查。", title=finding.title), "info")
    if is_htmx():  # reload where the phone is (a redirect to this page#line would only scroll)
        return Response(status=204, headers={"HX-Refresh": "true"})
    return back(order, f"line-{finding.id}")
