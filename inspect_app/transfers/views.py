"""Staff pages of 转办: the area's transfers, and a finding transferred to a department."""

from typing import Any

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import OFFICIAL_ROLES, PATROL_ROLES
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.findings.services import get_finding_for
from inspect_app.transfers import display, forms, queries, services
from inspect_app.transfers.rules import DEFAULT_WORKDAYS, MAX_WORKDAYS, MIN_WORKDAYS, TransferState

bp = Blueprint("transfers", __name__)
display.register(bp)


@bp.get("/transfers")
@require(*OFFICIAL_ROLES)
def index() -> Response:
    state = request.args.get("state", "")
    state = state if state in tuple(TransferState) else ""
    return render("transfers/index.html", transfers=queries.transfer_list(current_user, state=state or None),
                  state=state, today=local_today())


def _finding(finding_id: int) -> Finding:
    return get_finding_for(current_user, finding_id) or abort(404)


def _form(finding: Finding, *, status: int = 200, **extra: Any) -> Response:
    context = {"typed": {"workdays": str(DEFAULT_WORKDAYS)}, "errors": {}} | extra
    return render("transfers/new.html", "transfers/_form.html", status=status, finding=finding,
                  departments=services.departments(enabled_only=True), low=MIN_WORKDAYS, high=MAX_WORKDAYS,
                  **context)


@bp.get("/findings/<int:finding_id>/transfer")
@require(*PATROL_ROLES)
def new(finding_id: int) -> Response:
    return _form(_finding(finding_id))


@bp.post("/findings/<int:finding_id>/transfer")
@require(*PATROL_ROLES)
def create(finding_id: int) -> Response:
    finding = _finding(finding_id)
    data = forms.parse_transfer(request.form)
    try:
        transfer = services.transfer_finding(finding, actor=current_user, department_id=data.department_id,
                                             workdays=data.workdays, note=data.note, today=local_today())
    except services.FormErrors as error:
        return _form(finding, status=422, errors=error.errors, typed=request.form.to_dict())
    flash(_("已转办至%(department)s，办理期限 %(deadline)s。", department=transfer.department.name,
            deadline=transfer.deadline.isoformat()), "info")
    return see_other(url_for("findings.detail", finding_id=finding.id))
