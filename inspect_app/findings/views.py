"""Finding pages: the rectification ledger with its exports, adding a finding by hand, one finding."""

import io
import uuid
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, Response, abort, flash, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render, render_oob, see_other, wants_partial
from inspect_app.core.permissions import require
from inspect_app.core.roles import EVERY_ROLE, PATROL_ROLES
from inspect_app.core.time import local_today
from inspect_app.core.uploads import MAX_FILES, accepts_uploads
from inspect_app.findings import display, export, forms, ledger, services

bp = Blueprint("findings", __name__)
display.register(bp)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters() -> tuple[ledger.LedgerFilters, list[str], dict[str, str]]:
    categories = ledger.category_names()
    filters, errors = ledger.parse_filters(request.args, categories)
    return filters, errors, categories


@bp.get("/ledger")
@require(*EVERY_ROLE)
def index():
    filters, errors, categories = _filters()
    filters, options = ledger.narrowed(current_user, filters)
    today = local_today()
    results = ledger.ledger_page(filters, current_user, today)
    context = {"filters": filters, "errors": errors, "categories": categories, "today": today, "results": results,
               "options": options}
    if not wants_partial():
        return render("findings/index.html", **context)
    # The results, and the place choices that depend on each other (a subdistrict offers only its communities).
    response = render_oob("findings/_results.html", context, ("findings/_places.html", context))
    # The address bar shows the filters in effect, without the form's empty fields or ignored values.
    response.headers["HX-Push-Url"] = url_for("findings.index", **filters.args(page=results.page))
    return response


@bp.get("/ledger/export.xlsx")
@require(*EVERY_ROLE)
def export_xlsx():
    filters, _errors, _categories = _filters()
    out = io.BytesIO()  # the compressed file is small; the rows themselves stream from the database
    export.write_xlsx(export.export_rows(filters, current_user, local_today()), out)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=_download_name("xlsx"))


@bp.get("/ledger/export.csv")
@require(*EVERY_ROLE)
def export_csv():
    filters, _errors, _categories = _filters()
    rows = export.export_rows(filters, current_user, local_today())
    response = Response(stream_with_context(export.iter_csv(rows)), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{_download_name("csv")}"'
    return response


def _download_name(suffix: str) -> str:
    return f"ledger-{local_today():%Y%m%d}.{suffix}"


@bp.get("/findings/new")
@require(*PATROL_ROLES)
def new():
    form = {"neighborhood": request.args.get("neighborhood", ""), "submit_key": uuid.uuid4().hex}
    return _form_page(form, {})


@bp.post("/findings/new")
@require(*PATROL_ROLES)
@accepts_uploads()
def create():
    options, categories = ledger.filter_options(current_user), ledger.category_names()
    data, errors = forms.parse_new_finding(request.form, category_codes=categories,
                                           neighborhood_ids=options.neighborhood_ids)
    uploads = forms.read_uploads(request.files.getlist("photos"), errors)
    if data is not None and not errors:
        try:
            finding = services.create_manual_finding(data, uploads, actor=current_user, today=local_today())
        except DomainError as error:
            errors = {error.field or "photos": error.message}
        else:
            return _created(finding.id)
    photos_lost = bool(uploads) or "photos" in errors
    return _form_page(request.form.to_dict(), errors, options, categories, status=422, photos_lost=photos_lost)


def _form_page(form: dict[str, str], errors: dict[str, str], options: ledger.FilterOptions | None = None,
               categories: dict[str, str] | None = None, *, status: int = 200, photos_lost: bool = False):
    options = options or ledger.filter_options(current_user)
    return render("findings/new.html", "findings/_new_form.html", status=status, form=form, errors=errors,
                  photos_lost=photos_lost, categories=categories or ledger.category_names(),
                  neighborhoods=options.neighborhoods, max_photos=MAX_FILES)


def _created(finding_id: int) -> Response:
    flash(_("问题已登记。"), "info")
    url = url_for("findings.detail", finding_id=finding_id)
    return see_other(url)  # a whole new page, not a swap into the form


@bp.get("/findings/<int:finding_id>")
@require()
def detail(finding_id: int):
    return _detail_page(_load(finding_id))


def _load(finding_id: int):
    return services.get_finding_for(current_user, finding_id) or abort(404)


def _detail_page(finding, *, status: int = 200, errors: dict[str, str] | None = None):
    care = finding.is_community_care
    categories = ledger.category_names()
    order, patrol = services.order_and_patrol(finding, current_user)
    return render("findings/detail.html", status=status, finding=finding, timeline=services.timeline(finding),
                  order=order, patrol=patrol, photos=services.finding_photos(finding), categories=categories,
                  today=local_today(), back=_ledger_back(categories),
                  community_care=care, latest_follow_up=services.latest_follow_up(finding) if care else None,
                  errors=errors or {}, typed=request.form.to_dict() if errors else {}, max_photos=MAX_FILES)


def _ledger_back(categories: dict[str, str]) -> str:
    """The ledger with the filters the finding was opened from (re-parsed: only valid filters come back)."""
    filters, _errors = ledger.parse_filters(dict(parse_qsl(request.args.get("back", "")[:500])), categories)
    args = filters.args()
    return url_for("findings.index") + (f"?{urlencode(args)}" if args else "")


def _community_step(finding_id: int, step) -> Response:
    """One step of 社区代管 (fix, follow-up, close): back to the finding, or its page again with the field's error."""
    finding = _load(finding_id)
    try:
        step(finding)
    except DomainError as error:
        if error.field is None:
            raise
        return _detail_page(finding, status=422, errors={error.field: error.message})
    return see_other(url_for("findings.detail", finding_id=finding.id, _anchor="community-care"))


@bp.post("/findings/<int:finding_id>/community-fix")
@require(*PATROL_ROLES)
@accepts_uploads()
def community_fix(finding_id: int):
    def step(finding) -> None:
        errors: dict[str, str] = {}
        uploads = forms.read_uploads(request.files.getlist("photos"), errors)
        if errors:
            raise DomainError(errors["photos"], field="photos")
        services.record_community_fix(finding, actor=current_user, note=request.form.get("note", ""), uploads=uploads)
    return _community_step(finding_id, step)


@bp.post("/findings/<int:finding_id>/community-follow-up")
@require(*PATROL_ROLES)
def community_follow_up(finding_id: int):
    return _community_step(finding_id, lambda finding: services.follow_up_community_fix(
        finding, actor=current_user, outcome=request.form.get("outcome", ""), note=request.form.get("note", "")))


@bp.post("/findings/<int:finding_id>/community-close")
@require(*PATROL_ROLES)
def community_close(finding_id: int):
    return _community_step(finding_id, lambda finding: services.close_community_fix(
        finding, actor=current_user, note=request.form.get("note", "")))
