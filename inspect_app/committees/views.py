"""The committee's 专项考评 form, and the admin's items (text, points, order) and the committees' share."""

from __future__ import annotations

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.assessment import services as assessment
from inspect_app.committees import forms, queries, services
from inspect_app.committees.models import CommitteeItem
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render, see_other, wants_partial
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role

bp = Blueprint("committees", __name__)


@bp.get("/committee/assessment")
@require(Role.COMMITTEE)
def form() -> Response:
    return render("committees/assessment.html", **_form_context())


def _form_context(**extra) -> dict:
    return {**queries.form_state(current_user.neighborhood_id), **extra}


@bp.post("/committee/assessment")
@require(Role.COMMITTEE)
def save() -> Response:
    state = queries.form_state(current_user.neighborhood_id)
    if state["period"] is None:
        abort(409)
    values, errors = forms.parse_input(request.form, state["items"])
    if not errors:
        try:
            services.save_input(state["period"], values["points"], values["note"], actor=current_user)
        except DomainError as error:
            if error.field is None:
                raise
            errors = {error.field: error.message}
    if errors:
        return render("committees/assessment.html", "committees/_form.html", status=422,
                      **_form_context(form=request.form, errors=errors))
    if not wants_partial():
        flash(_("业委会评价已保存，考核结束前可以修改。"), "info")
        return see_other(url_for("committees.form"))
    return render("committees/assessment.html", "committees/_form.html", **_form_context(saved=True))


@bp.get("/admin/committee-items")
@require(Role.ADMIN)
def items() -> Response:
    return render("committees/items.html", **_items_context())


def _items_context(**extra) -> dict:
    period = queries.current_period()
    return {"items": queries.master_items(active_only=False), "period": period,
            "period_items": queries.form_items(period) if period else [],
            "has_copy": queries.has_copy(period.id) if period else False,
            "share": queries.share_of(period.id) if period else None,
            "summaries": queries.summaries(period.id) if period else [],
            "new_form": {}, "new_errors": {}, "share_errors": {}, **extra}


@bp.post("/admin/committee-items")
@require(Role.ADMIN)
def add_item() -> Response:
    values, errors = forms.parse_item(request.form)
    if errors:
        return render("committees/items.html", status=422,
                      **_items_context(new_form=request.form, new_errors=errors))
    services.add_item(values["text"], values["max_points"], values["position"], actor=current_user)
    return see_other(url_for("committees.items"))


@bp.post("/admin/committee-items/<int:item_id>")
@require(Role.ADMIN)
def update_item(item_id: int) -> Response:
    item = _item_or_404(item_id)
    values, errors = forms.parse_item(request.form)
    if errors:
        return render("committees/items.html", status=422,
                      **_items_context(edit_id=item.id, edit_form=request.form, edit_errors=errors))
    services.update_item(item, values["text"], values["max_points"], values["position"], actor=current_user)
    return see_other(url_for("committees.items"))


@bp.post("/admin/committee-items/<int:item_id>/active")
@require(Role.ADMIN)
def set_active(item_id: int) -> Response:
    services.set_active(_item_or_404(item_id), request.form.get("active") == "1", actor=current_user)
    return see_other(url_for("committees.items"))


@bp.post("/admin/committee-items/share")
@require(Role.ADMIN)
def share() -> Response:
    period = assessment.get_period(request.form.get("period", "")[:20]) or abort(404)
    value, errors = forms.parse_share(request.form)
    if value is None:
        return render("committees/items.html", status=422, **_items_context(share_errors=errors))
    services.set_share(period, value, actor=current_user)
    flash(_("业委会评价占比已保存。"), "info")
    return see_other(url_for("committees.items"))


def _item_or_404(item_id: int) -> CommitteeItem:
    return services.get_item(item_id) or abort(404)
