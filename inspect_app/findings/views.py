"""Finding pages."""

from flask import Blueprint, abort
from flask_login import current_user

from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.time import local_today
from inspect_app.findings import services

bp = Blueprint("findings", __name__, url_prefix="/findings")


@bp.get("/<int:finding_id>")
@require()
def detail(finding_id: int):
    finding = services.get_finding_for(current_user, finding_id)
    if finding is None:
        abort(404)
    return render("findings/detail.html", finding=finding, timeline=services.timeline(finding),
                  today=local_today())
