"""The residents' survey (no login): reached through the neighbourhood's poster link, answered once a household."""

from typing import cast

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded, RequestLimit
from flask_wtf.csrf import CSRFError

from inspect_app.core import csrf_origin
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.time import local_today
from inspect_app.extensions import csrf, limiter
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.limits import wait_message
from inspect_app.resident_reports.rules import normalize_phone
from inspect_app.resident_reports.services import neighborhood_by_token
from inspect_app.survey import forms, limits, services
from inspect_app.survey.models import SurveyQuestion

bp = Blueprint("survey_public", __name__)

DEVICE_COOKIE = "survey_device"
DEVICE_MAX_AGE = 400 * 86400
SKIPPED = ("csrf_token", csrf_origin.RETRY_FIELD, forms.HONEYPOT, "sms_code")


@bp.get("/r/<token>/survey")
def form(token: str) -> Response:
    neighborhood = _neighborhood_or_404(token)
    answered = services.has_answered(neighborhood, request.cookies.get(DEVICE_COOKIE), local_today())
    return _page(neighborhood, {}, {}, answered=answered)


def _too_many(limit: RequestLimit) -> Response | None:
    neighborhood = neighborhood_by_token((request.view_args or {}).get("token", ""))
    if neighborhood is None:
        return None
    return _page(neighborhood, _typed(), {"_form": wait_message(limit)}, status=429)


@bp.post("/r/<token>/survey")
@limiter.limit(limits.per_address, methods=["POST"], on_breach=_too_many)
@limiter.limit(limits.per_neighborhood, key_func=limits.neighborhood_key, methods=["POST"], on_breach=_too_many)
def submit(token: str) -> Response:
    neighborhood = _neighborhood_or_404(token)
    refused = _refused(neighborhood)
    if refused is not None:
        return refused
    questions = services.active_questions()
    data, errors = forms.parse_response(request.form, [q.id for q in questions], sms=_sms_on())
    status = 422
    try:
        if data is not None and not errors:
            services.submit_response(data, neighborhood=neighborhood, device_token=_device(), today=local_today())
            return _page(neighborhood, {}, {}, done=True)
    except DomainError as error:
        # A second answer (409) is shown as the form's own error, which htmx swaps in (422), like a wrong field.
        errors[error.field or "_form"], status = error.message, 422 if error.status == 409 else error.status
    return _page(neighborhood, _typed(), errors, status=status, questions=questions)


@bp.post("/r/<token>/survey/code")
@limiter.limit(limits.codes_per_address, on_breach=_too_many)
def send_code(token: str) -> Response:
    neighborhood = _neighborhood_or_404(token)
    if not _sms_on():
        abort(404)
    refused = _refused(neighborhood)
    if refused is not None:
        return refused
    phone = normalize_phone(request.form.get("phone", ""))
    errors, status = {}, 200
    if phone is None or len(phone) != 11:
        errors["phone"], status = _("请填写 11 位手机号码"), 422
    else:
        try:
            services.send_code(neighborhood, phone)
        except DomainError as error:  # shown in the form, which htmx swaps in only for 2xx and 422
            errors[error.field or "_form"], status = error.message, 422
    return _page(neighborhood, _typed(), errors, status=status, code_sent=not errors)


# The form checks its own CSRF token so that a failure re-renders what was typed instead of an error page.
csrf.exempt(submit)
csrf.exempt(send_code)


def _refused(neighborhood: Neighborhood) -> Response | None:
    try:
        csrf.protect()
    except CSRFError as error:
        current_app.logger.warning("csrf failure path=%s reason=%s", request.path, error.description)
        message = csrf_origin.refusal(error)
        if not csrf_origin.final(error):
            message += _("已为您更新安全校验码，请再点一次“提交”（已填写的内容已保留）。")
        return csrf_origin.with_fresh_token(_page(neighborhood, _typed(), {"_form": message}, status=400,
                                                  csrf_retry=True))
    if forms.honeypot_filled(request.form):
        return _page(neighborhood, _typed(), {"_form": _("提交未成功，请检查后再点一次“提交”（已填写的内容已保留）。")},
                     status=400)
    return None


def _sms_on() -> bool:
    return bool(current_app.config.get("SURVEY_SMS_CODE"))


def _device() -> str:
    """The device's token: its cookie, or a new one the response sets (request-local until then)."""
    token = request.cookies.get(DEVICE_COOKIE) or ""
    if not 16 <= len(token) <= 64:
        token = getattr(request, "_survey_device", "") or services.new_device_token()
        request._survey_device = token  # type: ignore[attr-defined]
    return token


def _typed() -> dict[str, str]:
    return {k: v for k, v in request.form.items() if k not in SKIPPED}


def _page(neighborhood: Neighborhood, typed: dict[str, str], errors: dict[str, str], *, status: int = 200,
          questions: list[SurveyQuestion] | None = None, **flags: bool) -> Response:
    response = render("survey/public.html", "survey/_form.html", status=status, neighborhood=neighborhood,
                      questions=questions if questions is not None else services.active_questions(),
                      form=typed, errors=errors, sms=_sms_on(), field=forms.answer_field,
                      **{"answered": False, "done": False, "code_sent": False, "csrf_retry": False, **flags})
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    token = _device()
    if request.cookies.get(DEVICE_COOKIE) != token:
        response.set_cookie(DEVICE_COOKIE, token, max_age=DEVICE_MAX_AGE, httponly=True, samesite="Lax",
                            secure=request.is_secure, path="/r/")
    return response


def _neighborhood_or_404(token: str) -> Neighborhood:
    neighborhood = neighborhood_by_token(token)
    if neighborhood is None or not neighborhood.is_active:
        abort(404)
    return neighborhood


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded) -> Response:
    if error.response is not None:
        return cast(Response, error.response)
    return Response(_("提交过于频繁，请稍后再试。"), status=429, mimetype="text/plain")


@bp.errorhandler(404)
def not_found(error: Exception) -> Response:
    message = _("这个二维码链接无效或已停用。请核对后重新扫码，或联系社区工作人员。")
    response = Response(render_template("resident_reports/public_error.html", code=404, message=message),
                        status=404, mimetype="text/html")
    response.headers["X-Robots-Tag"] = "noindex"
    return response
