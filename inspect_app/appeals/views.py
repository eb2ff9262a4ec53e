"""Appeal pages: the list (by state), the company's form and filing, the appeal page and its decision."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.appeals import display, forms, services
from inspect_app.appeals.models import Appeal
from inspect_app.appeals.rules import AppealState
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import EVERY_ROLE, Role
from inspect_app.core.time import local_today
from inspect_app.core.uploads import accepts_uploads
from inspect_app.findings.models import Finding
from inspect_app.findings.services import get_finding_for
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.services import get_order_for
from inspect_app.photos.forms import photo_upload
from inspect_app.photos.stamping import watermark_lines

bp = Blueprint("appeals", __name__, url_prefix="/appeals")
display.register(bp)


def _load(appeal_id: int) -> Appeal:
    return services.get_appeal_for(current_user, appeal_id) or abort(404)


def _order_and_finding(order_id: int | None, finding_id: int | None) -> tuple[RectificationOrder, Finding]:
    order = get_order_for(current_user, order_id) if order_id else None
    finding = get_finding_for(current_user, finding_id) if finding_id else None
    if order is None or finding is None:
        abort(404)
    return order, finding


@bp.get("")
@require(*EVERY_ROLE)
def index() -> Response:
    state = request.args.get("state", "")
    state = state if state in tuple(AppealState) else ""
    return render("appeals/index.html", appeals=services.appeal_list(current_user, state=state or None), state=state)


def _form_page(order: RectificationOrder, finding: Finding, *, status: int = 200, **extra: Any) -> Response:
    return render("appeals/new.html", status=status, order=order, finding=finding,
                  last_day=services.last_day(order), **extra)


@bp.get("/new")
@require(Role.COMPANY)
def new() -> Response:
    order, finding = _order_and_finding(request.args.get("order", type=int), request.args.get("finding", type=int))
    services.check_filing(order, finding, actor=current_user, target="finding", text="-", today=local_today())
    return _form_page(order, finding)


@bp.post("")
@require(Role.COMPANY)
@accepts_uploads()
def file() -> Response:
    """申诉 with photos; refused (no text, a bad photo), the form comes back with the text typed."""
    data = forms.parse_appeal(request.form)
    order, finding = _order_and_finding(data.order_id, data.finding_id)
    try:
        appeal = services.file_appeal(order, finding, actor=current_user, target=data.target, text=data.text,
                                      today=local_today(), photos=photo_upload(request.form, request.files),
                                      watermark_lines=tuple(watermark_lines(order.neighborhood.name,
                                                                            current_user.display_name)))
    except DomainError as error:
        if error.status not in (413, 422):
            raise
        return _form_page(order, finding, status=error.status, posted=data, error=error.message)
    flash(_("申诉已提交，等待督查裁决。"), "info")
    return redirect(url_for("appeals.detail", appeal_id=appeal.id), 303)


@bp.get("/<int:appeal_id>")
@require(*EVERY_ROLE)
def detail(appeal_id: int) -> Response:
    return _detail_page(_load(appeal_id))


def _detail_page(appeal: Appeal, *, status: int = 200, **extra: Any) -> Response:
    return render("appeals/detail.html", status=status, appeal=appeal, photos=services.appeal_photos(appeal),
                  changes=services.score_changes(appeal), **extra)


@bp.post("/<int:appeal_id>/decide")
@require(Role.SUPERVISOR)
def decide(appeal_id: int) -> Response:
    appeal = _load(appeal_id)
    try:
        services.decide(appeal, actor=current_user, decision=request.form.get("decision", ""),
                        reason=request.form.get("reason", ""))
    except DomainError as error:
        if error.status != 422:
            raise
        return _detail_page(appeal, status=422, error=error.message, reason=request.form.get("reason", ""))
    flash(_("申诉已裁决。"), "info")
    return redirect(url_for("appeals.detail", appeal_id=appeal.id), 303)
