"""The admin's working-day calendar: which years are loaded, entering a year's notice, a date calculator."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role
from inspect_app.core.time import local_today, parse_date
from inspect_app.workdays import forms, services

bp = Blueprint("workdays", __name__, url_prefix="/admin/workdays")


@bp.get("")
@require(Role.ADMIN)
def index():
    return render("workdays/index.html", "workdays/_calculator.html", **_context(calculation=_calculate()))


@bp.post("")
@require(Role.ADMIN)
def enter_year():
    typed = {key: request.form.get(key, "")[:2000] for key in ("year", "holidays", "workdays", "note")}
    try:
        if not typed["year"].strip().isdigit():
            raise DomainError(_("请填写年份，例如 2027"), field="year")
        year = int(typed["year"])
        services.enter_year(year, holidays=forms.parse_days(typed["holidays"], year=year, field="holidays"),
                            workdays=forms.parse_days(typed["workdays"], year=year, field="workdays"),
                            actor_id=current_user.id, note=typed["note"].strip()[:200])
    except DomainError as error:
        return render("workdays/index.html", status=422, **_context(
            typed=typed, errors={error.field or "year": error.message}))
    return see_other(url_for("workdays.index", saved=year))


def _calculate() -> dict:
    raw_start, raw_count = request.args.get("start", "")[:10], request.args.get("count", "5")[:6]
    result: dict = {"start": raw_start or local_today().isoformat(), "count": raw_count, "error": None, "end": None}
    try:
        start = parse_date(raw_start) if raw_start else local_today()
    except ValueError:
        result["error"] = _("开始日期应为 YYYY-MM-DD")
        return result
    if not raw_count.lstrip("-").isdigit():
        result["error"] = _("工作日数应为整数")
        return result
    try:
        result["end"] = services.add_workdays(start, int(raw_count))
    except DomainError as error:
        result["error"] = error.message
    return result


def _context(**extra) -> dict:
    next_year = local_today().year + 1
    context: dict = {"years": services.entered_years(), "years_label": services.years_label(),
               "next_year": next_year, "typed": {}, "errors": {}, "calculation": _calculate(),
               "saved": request.args.get("saved", type=int)}
    context.update(extra)
    context["next_year_known"] = services.calendar().knows(next_year)
    return context
