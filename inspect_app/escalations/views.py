"""督办 pages: the list (the staff's queue of escalations), a 督办单 PDF, the admin's setting."""

from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.responses import pdf_response
from inspect_app.core.roles import OFFICIAL_ROLES, Role
from inspect_app.escalations import queries, rules, services
from inspect_app.escalations.pdf import render_escalation_pdf
from inspect_app.pdf.service import PdfError

bp = Blueprint("escalations", __name__)


@bp.app_template_global()
def escalation_level_names() -> dict[str, str]:
    return services.level_names()


@bp.app_template_global()
def timeline_marks() -> dict[str, str]:
    """Timeline entries that record an event, not a move (escalations.rules.ESCALATED_MARK)."""
    return {rules.ESCALATED_MARK: _l("督办")}


@bp.get("/escalations")
@require(*OFFICIAL_ROLES)
def index() -> Response:
    mine = request.args.get("all") != "1"
    return render("escalations/index.html", escalations=queries.for_user(current_user, mine=mine), mine=mine,
                  level=rules.level_of_area(current_user.subdistrict_id, current_user.community_id))


@bp.get("/escalations/<int:escalation_id>/pdf")
@require(*OFFICIAL_ROLES)
def pdf(escalation_id: int) -> Response:
    escalation = queries.get_for(current_user, escalation_id) or abort(404)
    try:
        data = render_escalation_pdf(escalation)
    except PdfError as error:
        raise DomainError(str(error), status=503) from error
    return pdf_response(data, f"escalation-{escalation.year}-{escalation.sequence:04d}.pdf")


@bp.route("/admin/escalation", methods=["GET", "POST"])
@require(Role.ADMIN)
def settings() -> Response:
    setting = services.current_setting()
    typed = request.form.get("overdue_workdays", str(setting.overdue_workdays))[:6]
    if request.method == "POST":
        try:
            if not (typed.isascii() and typed.isdigit()):
                raise DomainError(_("请填写整数工作日数"), field="overdue_workdays")
            services.save_setting(overdue_workdays=int(typed), actor=current_user)
        except DomainError as error:
            return render("escalations/settings.html", status=422, typed=typed, error=error.message)
        return see_other(url_for("escalations.settings", saved=1))
    return render("escalations/settings.html", typed=typed, error=None, saved=request.args.get("saved") == "1")
