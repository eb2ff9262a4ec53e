"""Order pages: draft from open findings, edit, issue, void, PDF; the company's acknowledgement and report."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import EVERY_ROLE, PATROL_ROLES, Role
from inspect_app.core.time import local_today
from inspect_app.core.uploads import accepts_uploads
from inspect_app.findings.services import get_finding_for
from inspect_app.orders import display, pages, services
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.pdf import ensure_order_pdf, render_order_pdf
from inspect_app.pdf.service import PdfError
from inspect_app.photos import uploads
from inspect_app.photos.models import PhotoKind
from inspect_app.places.services import get_neighborhood_for

bp = Blueprint("orders", __name__, url_prefix="/orders")
display.register(bp)


def load(order_id: int) -> RectificationOrder:
    order = services.get_order_for(current_user, order_id)
    if order is None:
        abort(404)
    return order


def back(order: RectificationOrder, anchor: str | None = None):
    return redirect(url_for("orders.detail", order_id=order.id, _anchor=anchor), 303)


@bp.get("")
@require(*EVERY_ROLE)
def index():
    return render(
        "orders/index.html", orders=services.orders_for(current_user, today=local_today()), today=local_today()
    )


@bp.get("/new")
@require(*PATROL_ROLES)
def new():
    neighborhood = get_neighborhood_for(current_user, request.args.get("neighborhood", 0, type=int)) or abort(404)
    return render("orders/new.html", neighborhood=neighborhood, findings=pages.open_findings_of(neighborhood.id))


@bp.post("")
@require(*PATROL_ROLES)
def create():
    neighborhood = get_neighborhood_for(current_user, request.form.get("neighborhood_id", 0, type=int)) or abort(404)
    ids = [int(i) for i in request.form.getlist("finding_ids") if i.isdigit()]
    try:
        order = services.draft_order(neighborhood, ids, actor=current_user)
    except DomainError as error:
        return render(
            "orders/new.html",
            status=422,
            neighborhood=neighborhood,
            error=error.message,
            findings=pages.open_findings_of(neighborhood.id),
        )
    return back(order)


@bp.get("/<int:order_id>")
@require(*EVERY_ROLE)
def detail(order_id: int):
    return render("orders/detail.html", today=local_today(), **pages.order_context(load(order_id)))


@bp.post("/<int:order_id>/draft")
@require(*PATROL_ROLES)
def update(order_id: int):
    order = load(order_id)
    lines, errors = pages.parse_draft_form(order)
    if not errors:
        try:
            services.update_draft(order, lines=lines, remarks=request.form.get("remarks", "").strip(),
                                  lock_version=request.form.get("lock_version", type=int) or 0, actor=current_user)
        except DomainError as error:
            if error.status != 409:
                raise
            return render("orders/detail.html", status=409, today=local_today(), posted=request.form,
                          conflict=pages.draft_conflicts(order, lines, request.form.get("remarks", "").strip()),
                          conflict_message=error.message, **pages.order_context(order))
        return back(order)
    return render(
        "orders/detail.html",
        status=422,
        today=local_today(),
        errors=errors,
        posted=request.form,
        **pages.order_context(order),
    )


@bp.post("/<int:order_id>/issue")
@require(*PATROL_ROLES)
def issue(order_id: int):
    return back(services.issue_order(load(order_id), actor=current_user))


@bp.post("/<int:order_id>/discard")
@require(*PATROL_ROLES)
def discard(order_id: int):
    services.discard_draft(load(order_id), actor=current_user)
    return redirect(url_for("orders.index"), 303)


@bp.post("/<int:order_id>/void")
@require(*PATROL_ROLES)
def void(order_id: int):
    return back(services.void_order(load(order_id), actor=current_user, reason=request.form.get("reason", "")))


@bp.get("/<int:order_id>/pdf")
@require(*EVERY_ROLE)
def pdf(order_id: int):
    order = load(order_id)
    try:
        data = render_order_pdf(order) if order.number is None else ensure_order_pdf(order)
    except PdfError as error:  # e.g. a document over the renderer's caps: a readable message, not a 500
        raise DomainError(str(error), status=503) from error
    return pages.pdf_response(data, f"order-{order.year or 'draft'}-{order.sequence or order.id}.pdf")


@bp.post("/<int:order_id>/acknowledge")
@require(Role.COMPANY)
def acknowledge(order_id: int):
    return back(services.acknowledge(load(order_id), actor=current_user))


@bp.post("/<int:order_id>/findings/<int:finding_id>/report")
@require(Role.COMPANY)
@accepts_uploads(6)
def report(order_id: int, finding_id: int):
    order = load(order_id)
    finding = get_finding_for(current_user, finding_id) or abort(404)
    key = (request.form.get("client_key") or "")[:40] or None
    try:
        rectification = services.report_fix(
            order, finding, actor=current_user, note=request.form.get("note", ""), client_key=key
        )
    except DomainError as error:
        if error.status != 422:
            raise
        return render(
            "orders/detail.html",
            status=422,
            today=local_today(),
            posted=request.form,
            report_errors={finding.id: error.message},
            **pages.order_context(order),
        )
    errors = uploads.store_uploads(
        uploads.uploaded_files(),
        kind=PhotoKind.AFTER,
        actor=current_user,
        watermark_lines=uploads.watermark(order.neighborhood.name, current_user.display_name),
        key=key,
        rectification_report_id=rectification.id,
        finding_id=finding.id,
    )
    if errors:
        return render(
            "orders/detail.html",
            status=422,
            today=local_today(),
            report_errors={finding.id: "；".join(errors)},
            **pages.order_context(order),
        )
    return back(order, f"line-{finding.id}")
