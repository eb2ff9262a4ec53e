"""Staff pages for residents' reports: triage (accept, decline, merge) and each neighbourhood's link and poster."""

from io import BytesIO
from typing import cast

from flask import Response, abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.core.errors import DomainError, error_response
from inspect_app.core.htmx import render, wants_partial
from inspect_app.core.permissions import require
from inspect_app.core.roles import OFFICIAL_ROLES, PATROL_ROLES
from inspect_app.core.time import local_today
from inspect_app.pdf.service import PdfError, qr_svg_data_uri
from inspect_app.places.services import get_neighborhood_for
from inspect_app.resident_reports import forms, poster, services, triage
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.public_views import bp
from inspect_app.resident_reports.rules import ReportStatus, finding_category

FILTERS = (*ReportStatus, "all")


@bp.get("/reports/triage", endpoint="triage")
@require(*PATROL_ROLES)
def triage_list() -> Response:
    shown = request.args.get("status", ReportStatus.RECEIVED)
    shown = shown if shown in FILTERS else ReportStatus.RECEIVED
    page = forms.parse_id(request.args.get("page")) or 1
    data = triage.triage_page(current_user, None if shown == "all" else shown, page)
    return render("resident_reports/triage.html", data=data, shown=shown,
                  neighborhoods=triage.neighborhood_links(current_user),
                  **_card_names(), **data.cards)


@bp.get("/reports/<int:report_id>")
@require(*PATROL_ROLES)
def detail(report_id: int) -> Response:
    return _card(_report_or_404(report_id))


@bp.post("/reports/<int:report_id>/accept")
@require(*PATROL_ROLES)
def accept(report_id: int) -> Response:
    report = _report_or_404(report_id)
    try:
        finding = triage.accept_report(report, actor=current_user, category_code=request.form.get("category", ""),
                                       today=local_today())
    except DomainError as error:
        return _refused(report, error)
    return _done(report, _("已立案，转入整改台账（问题编号 %(id)s）。", id=finding.id))


@bp.post("/reports/<int:report_id>/decline")
@require(*PATROL_ROLES)
def decline(report_id: int) -> Response:
    report = _report_or_404(report_id)
    reason, errors = forms.parse_decline_reason(request.form)
    if errors:
        return _card(report, errors, status=422)
    try:
        triage.decline_report(report, actor=current_user, reason=reason)
    except DomainError as error:
        return _refused(report, error)
    return _done(report, _("已不予立案，居民可凭回执码看到理由。"))


@bp.post("/reports/<int:report_id>/merge")
@require(*PATROL_ROLES)
def merge(report_id: int) -> Response:
    report = _report_or_404(report_id)
    try:
        finding = triage.merge_report(report, forms.parse_id(request.form.get("finding")), actor=current_user)
    except DomainError as error:
        return _refused(report, error)
    return _done(report, _("已合并到问题 %(id)s 一并办理。", id=finding.id))


def _report_or_404(report_id: int) -> ResidentReport:
    report = triage.get_report(current_user, report_id)
    if report is None:
        abort(404)
    return report


def _card_names() -> dict:
    return {"categories": services.report_categories(), "status_names": services.status_names(),
            "finding_category": finding_category}


def _card(report: ResidentReport, errors: dict[str, str] | None = None, *, status: int = 200) -> Response:
    typed = request.form.to_dict() if errors else {}  # a refused action shows what was typed again
    return render("resident_reports/detail.html", "resident_reports/_report.html", status=status, report=report,
                  errors=errors or {}, typed=typed, **_card_names(), **triage.card_context([report]))


def _refused(report: ResidentReport, error: DomainError) -> Response:
    """A field error re-renders the card (422); anything else (403, 409) is the usual error answer."""
    if error.field is None:
        raise error
    return _card(report, {error.field: error.message}, status=422)


def _done(report: ResidentReport, message: str) -> Response:
    if wants_partial():
        return _card(report)
    flash(message, "info")
    return cast(Response, redirect(url_for("resident_reports.triage"), 303))


@bp.get("/neighborhoods/<int:neighborhood_id>/resident-link")
@require(*OFFICIAL_ROLES)
def resident_link(neighborhood_id: int) -> Response:
    neighborhood = get_neighborhood_for(current_user, neighborhood_id) or abort(404)
    url = services.board_url(neighborhood)
    return render("resident_reports/resident_link.html", neighborhood=neighborhood, url=url, qr=qr_svg_data_uri(url))


@bp.get("/neighborhoods/<int:neighborhood_id>/poster.pdf")
@require(*OFFICIAL_ROLES)
def poster_pdf(neighborhood_id: int) -> Response:
    neighborhood = get_neighborhood_for(current_user, neighborhood_id) or abort(404)
    try:
        data = poster.render_poster(neighborhood)
    except PdfError as error:
        return error_response(503, str(error))
    return send_file(BytesIO(data), mimetype="application/pdf", download_name=f"百姓说事-{neighborhood.name}.pdf")
