"""The quarter's patrol plans (/plans): generate and edit (the area's supervisor), coverage (the district's staff)."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from inspect_app.assessment.rules import quarter_code
from inspect_app.core.db import db
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import OFFICIAL_ROLES, Role
from inspect_app.core.time import local_today
from inspect_app.planning import forms, permissions, queries, services
from inspect_app.planning.models import PatrolPlan, PlanLine

bp = Blueprint("planning", __name__)


def _quarter() -> str:
    code = (request.args.get("quarter") or "").strip().upper()
    return code if len(code) == 6 and code[:4].isdigit() and code[4] == "Q" and code[5] in "1234" \
        else quarter_code(local_today())


def _plan(plan_id: int, *, edit: bool = False) -> PatrolPlan:
    plan = queries.plan_for(current_user, plan_id)
    if plan is None:
        abort(404)
    if edit and not permissions.can_edit_plan(current_user, plan):
        abort(403)
    return plan


def _line(plan: PatrolPlan, line_id: int) -> PlanLine:
    line = db.session.get(PlanLine, line_id)
    if line is None or line.plan_id != plan.id:
        abort(404)
    return line


@bp.get("/plans")
@require(*OFFICIAL_ROLES)
def index():
    quarter = _quarter()
    return render("planning/index.html", quarter=quarter, floor=services.floor(),
                  plans=queries.plans(current_user, quarter),
                  own=queries.own_plan(current_user, quarter) if current_user.role == Role.SUPERVISOR else None)


@bp.post("/plans")
@require(Role.SUPERVISOR)
def generate():
    plan = services.generate(current_user, quarter_code(local_today()))
    return redirect(url_for("planning.show", plan_id=plan.id), 303)


@bp.get("/plans/<int:plan_id>")
@require(*OFFICIAL_ROLES)
def show(plan_id: int):
    plan = _plan(plan_id)
    editable = permissions.can_edit_plan(current_user, plan)
    result = queries.coverage(plan, local_today(), services.floor(), current_user)
    return render("planning/show.html", plan=plan, lines=queries.lines(plan, current_user), coverage=result,
                  inspectors=services.area_inspectors(plan),
                  neighborhoods=queries.area_neighborhoods(current_user) if editable else [])


@bp.post("/plans/<int:plan_id>/lines")
@require(Role.SUPERVISOR)
def add_line(plan_id: int):
    plan = _plan(plan_id, edit=True)
    given = forms.parse_line(request.form)
    services.add_line(plan, current_user, neighborhood_id=given.neighborhood_id, count=given.count,
                      inspector_id=given.inspector_id)
    return redirect(url_for("planning.show", plan_id=plan.id), 303)


@bp.post("/plans/<int:plan_id>/lines/<int:line_id>")
@require(Role.SUPERVISOR)
def update_line(plan_id: int, line_id: int):
    plan = _plan(plan_id, edit=True)
    given = forms.parse_line(request.form)
    services.update_line(_line(plan, line_id), count=given.count, inspector_id=given.inspector_id)
    return redirect(url_for("planning.show", plan_id=plan.id, _anchor=f"line-{line_id}"), 303)


@bp.post("/plans/<int:plan_id>/lines/<int:line_id>/delete")
@require(Role.SUPERVISOR)
def remove_line(plan_id: int, line_id: int):
    plan = _plan(plan_id, edit=True)
    services.remove_line(_line(plan, line_id))
    return redirect(url_for("planning.show", plan_id=plan.id), 303)


@bp.get("/plans/<int:plan_id>/coverage")
@require(*OFFICIAL_ROLES)
def coverage(plan_id: int):
    plan = _plan(plan_id)
    return render("planning/coverage.html", plan=plan, floor=services.floor(),
                  coverage=queries.coverage(plan, local_today(), services.floor(), current_user))
