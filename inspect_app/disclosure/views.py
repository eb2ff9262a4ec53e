"""The board's back office: a company writes its 公示 for the neighbourhoods it serves; staff of the area post
the owners' committee's accounts. Both see every version."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.permissions import can, require
from inspect_app.core.roles import EVERY_ROLE, OFFICIAL_ROLES
from inspect_app.core.uploads import accepts_uploads
from inspect_app.disclosure import forms, queries, services
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.services import board_url

bp = Blueprint("disclosure", __name__, url_prefix="/disclosure")


def _neighborhood(neighborhood_id: int) -> Neighborhood:
    return queries.neighborhood_for(current_user, neighborhood_id) or abort(404)


@bp.get("")
@require(*EVERY_ROLE)
def index() -> Response:
    return render("disclosure/index.html", neighborhoods=queries.own_neighborhoods(current_user))


def _page(neighborhood: Neighborhood, *, status: int = 200, **extra: Any) -> Response:
    version = services.current(neighborhood)
    shown = services.as_input(version)
    values = extra.pop("values", None) or (vars(shown) if shown else {})
    return render("disclosure/detail.html", status=status, neighborhood=neighborhood, current=version,
                  values=values, history=services.history(neighborhood),
                  documents=queries.documents(neighborhood.id), labels=forms.labels(),
                  public_url=board_url(neighborhood), **extra)


@bp.get("/<int:neighborhood_id>")
@require(*EVERY_ROLE)
def detail(neighborhood_id: int) -> Response:
    return _page(_neighborhood(neighborhood_id))


@bp.post("/<int:neighborhood_id>")
@require(*EVERY_ROLE)
def save(neighborhood_id: int) -> Response:
    neighborhood = _neighborhood(neighborhood_id)
    if not can("edit_disclosure", neighborhood):
        abort(403)
    data, errors = forms.parse_disclosure(request.form)
    if data is None:
        return _page(neighborhood, status=422, values=request.form.to_dict(), errors=errors)
    changed = services.save_disclosure(neighborhood, data, actor=current_user)
    flash(_("公示内容已更新，小区公示栏即时显示。") if changed else _("内容没有变化，未新增版本。"), "info")
    return redirect(url_for("disclosure.detail", neighborhood_id=neighborhood.id), 303)


@bp.post("/<int:neighborhood_id>/documents")
@require(*OFFICIAL_ROLES)
@accepts_uploads(max_files=1)
def add_document(neighborhood_id: int) -> Response:
    neighborhood = _neighborhood(neighborhood_id)
    if not can("publish_committee_accounts", neighborhood):
        abort(403)
    try:
        title, data, mimetype = forms.read_document(request.form, request.files.get("document"))
        services.add_document(neighborhood, title, data, mimetype, actor=current_user)
    except DomainError as error:
        if error.status not in (413, 422):
            raise
        return _page(neighborhood, status=error.status, document_error=error.message, title=request.form.get("title"))
    flash(_("业委会账目已公开。"), "info")
    return redirect(url_for("disclosure.detail", neighborhood_id=neighborhood.id), 303)


@bp.post("/documents/<int:document_id>/withdraw")
@require(*OFFICIAL_ROLES)
def withdraw(document_id: int) -> Response:
    document = queries.document_for(current_user, document_id) or abort(404)
    services.withdraw_document(document, actor=current_user)
    flash(_("已撤下“%(title)s”，公示栏不再显示。", title=document.title), "info")
    return redirect(url_for("disclosure.detail", neighborhood_id=document.neighborhood_id), 303)


@bp.get("/documents/<int:document_id>")
@require(*EVERY_ROLE)
def document(document_id: int) -> Response:
    found = queries.document_for(current_user, document_id) or abort(404)
    return send_file(services.document_path(found), mimetype=found.mimetype, max_age=0)
