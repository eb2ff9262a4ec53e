"""回访 on the public status page: the fix's photos (thumbnails, no stamp) and the resident's verdict."""

from flask import Response, abort, request, send_file, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from inspect_app.core import csrf_origin
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import see_other
from inspect_app.extensions import csrf, limiter
from inspect_app.photos.services import photo_path
from inspect_app.resident_reports import followup, limits, services
from inspect_app.resident_reports.public_views import PUBLIC_ENDPOINTS, bp, status_page

PUBLIC_ENDPOINTS.update({"resident_reports.verdict", "resident_reports.fix_photo"})
PHOTO_LIMIT = "120 per minute"


@bp.post("/r/status/<code>/verdict")
@limiter.limit(limits.per_address, methods=["POST"])
def verdict(code: str) -> Response:
    report = services.report_by_code(code)
    if report is None:
        abort(404)
    words = request.form.get("words", "")[:2000]
    try:
        csrf.protect()
        followup.judge(report, confirmed=request.form.get("verdict") == "confirm", words=words)
    except CSRFError as error:
        message = csrf_origin.refusal(error) + _("请再点一次（已填写的文字已保留）。")
        return csrf_origin.with_fresh_token(status_page(report, status=400, words=words, verdict_error=message))
    except DomainError as error:
        return status_page(report, status=error.status, words=words, verdict_error=error.message)
    return see_other(url_for("resident_reports.status", code=report.receipt_code, judged=1))


csrf.exempt(verdict)


@bp.get("/r/status/<code>/photos/<int:photo_id>")
@limiter.limit(PHOTO_LIMIT)
def fix_photo(code: str, photo_id: int) -> Response:
    """The thumbnail: made before the stamp is drawn, so no staff or company name shows."""
    report = services.report_by_code(code)
    photo = followup.fix_photo(report, photo_id) if report is not None else None
    if photo is None:
        abort(404)
    path = photo_path(photo, "thumb")
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=3600)
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
