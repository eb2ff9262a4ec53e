"""Staff pages: periods, a period's full ranking with breakdown, special assessments, weights, admin exports."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.assessment import (
    area_export,
    area_ranking,
    area_rules,
    display,
    export,
    forms,
    permissions,
    ranking,
    rules,
    services,
    share_image,
)
from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import hx_headers, render, wants_partial
from inspect_app.core.permissions import require
from inspect_app.core.roles import ASSESSMENT_ROLES, Role
from inspect_app.core.time import local_today

bp = Blueprint("assessment", __name__, url_prefix="/assessment")
display.register(bp)


def _period_or_404(code: str) -> AssessmentPeriod:
    return services.get_period(code) or abort(404)


@bp.get("")
@require(*ASSESSMENT_ROLES)
def index():
    return render("assessment/index.html", **_index_context())


def _index_context(**extra) -> dict:
    existing = {p.code for p in services.periods()}
    suggested = rules.quarter_code(local_today())
    if suggested in existing:
        suggested = ""
    return {"periods": services.periods(), "can_manage": permissions.can_manage_periods(current_user),
            "create_form": {"code": suggested}, "create_errors": {}, **extra}


@bp.post("")
@require(Role.ADMIN)
def create():
    code = request.form.get("code", "")[:20]
    try:
        period = services.create_period(code, actor=current_user)
    except DomainError as error:
        if error.field is None:
            raise
        return render("assessment/index.html", status=422, **_index_context(
            create_form={"code": code}, create_errors={error.field: error.message}))
    return redirect(url_for("assessment.detail", code=period.code), 303)


@bp.get("/<code>")
@require(*ASSESSMENT_ROLES)
def detail(code: str):
    period = _period_or_404(code)
    return render("assessment/detail.html", "assessment/_staff_ranking.html", **detail_context(period))


def detail_context(period: AssessmentPeriod, **extra) -> dict:
    result = ranking.ranking(period)
    return {
        "period": period, "ranking": result, "categories": display.category_labels(),
        "specials": services.specials(period), "distribution": display.distribution_chart(result),
        "can_manage": permissions.can_manage_periods(current_user),
        "can_special": permissions.can_enter_special(current_user) and period.is_open,
        "special_form": {}, "special_errors": {}, "saved": None,
        "settings_form": {name: getattr(period, name) for name in services.SETTING_FIELDS}, "settings_errors": {},
        "log": services.period_log(period), "areas": area_ranking.area_ranking(period), "area_rules": area_rules,
        **extra}


@bp.post("/<code>/close")
@require(Role.ADMIN)
def close(code: str):
    services.close_period(_period_or_404(code), actor=current_user)
    return redirect(url_for("assessment.detail", code=code), 303)


@bp.post("/<code>/publish")
@require(Role.ADMIN)
def publish(code: str):
    services.publish_period(_period_or_404(code), actor=current_user)
    share_image.make_share_image(code)  # the WeChat picture, drawn on the queue
    return redirect(url_for("assessment.detail", code=code), 303)


@bp.post("/<code>/reopen")
@require(Role.ADMIN)
def reopen(code: str):
    services.reopen_period(_period_or_404(code), actor=current_user, note=request.form.get("note", ""))
    return redirect(url_for("assessment.detail", code=code), 303)


@bp.post("/<code>/special")
@require(*ASSESSMENT_ROLES)
def special(code: str):
    period = _period_or_404(code)
    values, errors = forms.parse_special(request.form)
    if not errors:
        try:
            saved = services.enter_special(period, values["company_id"], score=values["score"],
                                           note=values["note"], actor=current_user)
        except DomainError as error:
            if error.field is None:
                raise
            errors = {error.field: error.message}
    if errors:
        return render("assessment/detail.html", "assessment/_special_form.html", status=422,
                      **detail_context(period, special_form=request.form, special_errors=errors))
    if not wants_partial():
        return redirect(url_for("assessment.detail", code=code) + "#ranking", 303)
    response = render("assessment/detail.html", "assessment/_special_form.html",
                      **detail_context(period, saved=saved))
    return hx_headers(response, trigger="ranking-changed")


@bp.post("/<code>/settings")
@require(Role.ADMIN)
def settings(code: str):
    period = _period_or_404(code)
    values, errors = forms.parse_settings(request.form)
    if not errors:
        try:
            services.update_settings(period, values, actor=current_user)
            flash(_("计分设置已保存。"), "info")
            return redirect(url_for("assessment.detail", code=code), 303)
        except DomainError as error:
            if error.status != 422:
                raise
            errors = {error.field or "patrol_weight": error.message}
    return render("assessment/detail.html", status=422,
                  **detail_context(period, settings_form=request.form, settings_errors=errors))


@bp.get("/<code>/ranking.pdf")
@require(Role.ADMIN)
def pdf(code: str):
    return export.download(ranking.ranking(_period_or_404(code)), "pdf")


@bp.get("/<code>/ranking.xlsx")
@require(Role.ADMIN)
def xlsx(code: str):
    return export.download(ranking.ranking(_period_or_404(code)), "xlsx")


@bp.get("/<code>/areas.pdf")
@require(Role.ADMIN)
def areas_pdf(code: str):
    return area_export.download(area_ranking.area_ranking(_period_or_404(code)), "pdf")


@bp.get("/<code>/areas.xlsx")
@require(Role.ADMIN)
def areas_xlsx(code: str):
    return area_export.download(area_ranking.area_ranking(_period_or_404(code)), "xlsx")
