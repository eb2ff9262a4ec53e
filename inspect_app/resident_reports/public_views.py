"""Public pages for residents (no login): report a problem through a neighbourhood's link, follow it by its code."""

import uuid
from typing import cast

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded, RequestLimit
from flask_wtf.csrf import CSRFError

from inspect_app.core import csrf_origin
from inspect_app.core.errors import DomainError, error_response
from inspect_app.core.htmx import render, see_other
from inspect_app.core.uploads import MAX_FILES, accepts_uploads
from inspect_app.extensions import csrf, limiter
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports import followup, forms, limits, services
from inspect_app.resident_reports.models import ResidentReport

bp = Blueprint("resident_reports", __name__)

PUBLIC_ENDPOINTS = {f"resident_reports.{name}" for name in ("new", "create", "lookup", "status")}


@bp.get("/r/<token>")
def new(token: str) -> Response:
    neighborhood = _neighborhood_or_404(token)
    return _form_page(neighborhood, {"client_key": uuid.uuid4().hex}, {})


def _too_many(limit: RequestLimit) -> Response | None:
    """A breached limit answers with the form as it was typed, not a bare error page."""
    neighborhood = services.neighborhood_by_token((request.view_args or {}).get("token", ""))
    if neighborhood is None:
        return None
    return _form_page(neighborhood, _typed(), {"_form": limits.wait_message(limit)}, status=429,
                      photos_lost=_photos_chosen())


@bp.post("/r/<token>")
@accepts_uploads()
@limiter.limit(limits.per_address, methods=["POST"], on_breach=_too_many)
@limiter.limit(limits.per_neighborhood, key_func=limits.neighborhood_key, methods=["POST"], on_breach=_too_many)
def create(token: str) -> Response:
    neighborhood = _neighborhood_or_404(token)
    refused = _refused(neighborhood)
    if refused is not None:
        return refused
    data, errors = forms.parse_report(request.form, category_codes=services.report_categories())
    status = 422
    try:
        uploads = forms.read_photos(request.files.getlist("photos"), max_bytes=current_app.config["UPLOAD_MAX_BYTES"])
        if data is not None and not errors:
            return _submitted(services.submit_report(data, uploads, neighborhood=neighborhood))
    except DomainError as error:
        errors[error.field or "_form"], status = error.message, error.status
    form = _typed(new_key=status == 409)
    return _form_page(neighborhood, form, errors, status=status, photos_lost=_photos_chosen())


# The form checks its own CSRF token so that a failure re-renders what was typed instead of a login page.
csrf.exempt(create)


def _refused(neighborhood: Neighborhood) -> Response | None:
    try:
        csrf.protect()
    except CSRFError as error:
        current_app.logger.warning("csrf failure path=%s reason=%s", request.path, error.description)
        message = csrf_origin.refusal(error)
        if not csrf_origin.final(error):
            message += _("已为您更新安全校验码，请再点一次“提交”（已填写的文字已保留）。")
        page = _form_page(neighborhood, _typed(), {"_form": message}, status=400, photos_lost=_photos_chosen(),
                          csrf_retry=True)
        return csrf_origin.with_fresh_token(page)
    if forms.honeypot_filled(request.form):
        # Nothing is stored; a person whose browser filled the hidden field can simply submit again.
        message = _("提交未成功，请检查后再点一次“提交”（已填写的文字已保留）。")
        return _form_page(neighborhood, _typed(), {"_form": message}, status=400, photos_lost=_photos_chosen())
    return None


def _typed(*, new_key: bool = False) -> dict[str, str]:
    """What the resident typed, to put back in front of them; a refused replay gets a fresh form key."""
    form = {k: v for k, v in request.form.items() if k not in ("csrf_token", csrf_origin.RETRY_FIELD, forms.HONEYPOT)}
    if new_key or not form.get("client_key"):
        form["client_key"] = uuid.uuid4().hex
    return form


def _photos_chosen() -> bool:
    return any(f.filename for f in request.files.getlist("photos"))


def _form_page(neighborhood: Neighborhood, form: dict[str, str], errors: dict[str, str], *, status: int = 200,
               photos_lost: bool = False, csrf_retry: bool = False) -> Response:
    response = render("resident_reports/new.html", "resident_reports/_form.html", status=status,
                      neighborhood=neighborhood, form=form, errors=errors, photos_lost=photos_lost,
                      csrf_retry=csrf_retry,
                      categories=services.report_categories(), max_photos=MAX_FILES,
                      max_mb=current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024))
    response.headers["Cache-Control"] = "no-store"
    return response


def _submitted(report: ResidentReport) -> Response:
    url = url_for("resident_reports.status", code=report.receipt_code, new=1)
    return see_other(url)


@bp.get("/r/status")
@limiter.shared_limit(limits.status_lookups, scope="resident-status")
def lookup() -> Response:
    raw = request.args.get("code")
    if raw is None:
        return _public("resident_reports/lookup.html", code="", unknown=False)
    report = services.report_by_code(raw)
    if report is None:
        return _public("resident_reports/lookup.html", status=404, code=raw[:40], unknown=True)
    return cast(Response, redirect(url_for("resident_reports.status", code=report.receipt_code), 303))


@bp.get("/r/status/<code>")
@limiter.shared_limit(limits.status_lookups, scope="resident-status")
def status(code: str) -> Response:
    report = services.report_by_code(code)
    if report is None:
        return _public("resident_reports/lookup.html", status=404, code=code[:40], unknown=True)
    return status_page(report)


def status_page(report: ResidentReport, *, status: int = 200, words: str = "", verdict_error: str = "") -> Response:
    """The report's progress and, once its finding is on the ledger, the fix for the resident to judge (回访)."""
    return _public("resident_reports/status.html", status=status, report_status=services.public_status(report),
                   is_new=request.args.get("new") == "1", status_names=services.status_names(),
                   follow_up=followup.follow_up(report), words=words, verdict_error=verdict_error,
                   judged=request.args.get("judged") == "1")


def _public(template: str, *, status: int = 200, **context) -> Response:
    response = Response(render_template(template, **context), status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _neighborhood_or_404(token: str) -> Neighborhood:
    neighborhood = services.neighborhood_by_token(token)
    if neighborhood is None:
        abort(404)
    return neighborhood


@bp.errorhandler(404)
def not_found(error: Exception) -> Response:
    if request.endpoint not in PUBLIC_ENDPOINTS:
        return error_response(404)
    message = _("这个二维码链接无效或已停用。请核对后重新扫码，或联系社区工作人员。")
    return _public("resident_reports/public_error.html", status=404, code=404, message=message)


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded) -> Response:
    if error.response is not None:
        return cast(Response, error.response)
    if request.endpoint not in PUBLIC_ENDPOINTS:
        return error_response(429)
    return _public("resident_reports/public_error.html", status=429, code=429,
                   message=_("查询过于频繁，请 1 分钟后再试。"))


@bp.errorhandler(413)
def too_large(error: Exception) -> Response:
    if request.endpoint not in PUBLIC_ENDPOINTS:
        return error_response(413)
    message = _("提交的内容过大（照片太多太大，或文字太长），未能提交。请返回上一页，少选几张照片或精简文字后重试。")
    return _public("resident_reports/public_error.html", status=413, code=413, message=message)
