"""Staff pages of the survey: the quarter's results of one's area, and the admin's questions."""

from typing import Any

from flask import Blueprint, Response, abort, request, url_for
from flask_login import current_user

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import OFFICIAL_ROLES, Role
from inspect_app.core.time import local_today
from inspect_app.survey import forms, queries, rules, services
from inspect_app.survey.models import SurveyQuestion

bp = Blueprint("survey", __name__)


@bp.get("/survey")
@require(*OFFICIAL_ROLES)
def results() -> Response:
    quarter = (request.args.get("quarter") or "").strip().upper()[:6]
    if not _is_quarter(quarter):
        quarter = rules.quarter_of(local_today())
    data = queries.results(current_user, quarter)
    shown = request.args.get("comments", type=int)
    comments = queries.comments(shown, quarter) if shown in {r.neighborhood_id for r in data.rows} else []
    return render("survey/results.html", data=data, shown=shown, comments=comments)


def _is_quarter(code: str) -> bool:
    return len(code) == 6 and code[:4].isdigit() and code[4] == "Q" and code[5] in "1234"


@bp.get("/admin/survey")
@require(Role.ADMIN)
def questions() -> Response:
    return _questions_page({}, {}, saved=request.args.get("saved") == "1")


@bp.post("/admin/survey")
@require(Role.ADMIN)
def add_question() -> Response:
    values, errors = forms.parse_question(request.form)
    try:
        if not errors:
            services.add_question(values["text"], values["position"], actor=current_user)
            return see_other(url_for("survey.questions", saved=1))
    except DomainError as error:
        errors[error.field or "_form"] = error.message
    return _questions_page(dict(request.form), errors, status=422)


@bp.post("/admin/survey/<int:question_id>")
@require(Role.ADMIN)
def edit_question(question_id: int) -> Response:
    question = _question_or_404(question_id)
    values, errors = forms.parse_question(request.form)
    if errors:
        return _questions_page({}, {}, status=422, edit_id=question.id, edit_form=dict(request.form),
                               edit_errors=errors)
    services.update_question(question, values["text"], values["position"], actor=current_user)
    return see_other(url_for("survey.questions", saved=1))


@bp.post("/admin/survey/<int:question_id>/active")
@require(Role.ADMIN)
def toggle_question(question_id: int) -> Response:
    question = _question_or_404(question_id)
    services.set_active(question, request.form.get("active") == "1", actor=current_user)
    return see_other(url_for("survey.questions", saved=1))


def _question_or_404(question_id: int) -> SurveyQuestion:
    question = db.session.get(SurveyQuestion, question_id)
    if question is None:
        abort(404)
    return question


def _questions_page(form: dict, errors: dict[str, str], *, status: int = 200, **context: Any) -> Response:
    return render("survey/questions.html", status=status, questions=services.all_questions(), form=form,
                  errors=errors, **{"edit_id": None, "edit_form": {}, "edit_errors": {}, "saved": False, **context})
