"""Open311 GeoReport v2 (JSON only): services, a new request (a resident report), a request's public status.

The rules are the resident report form's: the same parser, limits, photos service and triage; nothing here
decides what a valid report is. An api_key is accepted and not required (the public form needs none either).
"""

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded

from inspect_app.core.errors import DomainError
from inspect_app.extensions import csrf, limiter
from inspect_app.open311 import rules, services
from inspect_app.resident_reports import forms, limits
from inspect_app.resident_reports import services as reports
from inspect_app.resident_reports.models import ResidentReport

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")


def _json(body: Any, status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(status: int, *descriptions: str) -> Response:
    return _json(rules.errors(status, *descriptions), status)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


@bp.get("/discovery.json")
def discovery() -> Response:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/open311/v2/"
    return _json({"changeset": "2026-12-02T00:00:00Z", "contact": current_app.config.get("DISTRICT_NAME", ""),
                  "key_service": "", "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2",
                                                    "url": base, "changeset": "2026-12-02T00:00:00Z",
                                                    "type": "production", "formats": ["application/json"]}]})


@bp.get("/services.json")
def services_list() -> Response:
    return _json([{"service_code": code, "service_name": name, "description": name, "metadata": True,
                   "type": "realtime", "keywords": "", "group": _("物业服务")}
                  for code, name in reports.report_categories().items()])


@bp.get("/services/<code>.json")
def service_definition(code: str) -> Response:
    """The one attribute: which neighbourhood (the public token printed on its poster), optional with lat/long."""
    if code not in reports.report_categories():
        return _error(404, _("没有这个问题类别"))
    return _json({"service_code": code, "attributes": [
        {"variable": True, "code": "neighborhood", "datatype": "string", "required": False, "datatype_description":
         _("小区二维码链接末尾的编码；不填时按经纬度找最近的小区"), "order": 1,
         "description": _("小区"), "values": []}]})


@bp.post("/requests.json")
@limiter.limit(limits.per_address, methods=["POST"])
@limiter.limit(limits.per_neighborhood, key_func=lambda: services.neighborhood_key(request.form), methods=["POST"])
def create() -> Response:
    neighborhood = services.neighborhood_for(request.form)
    missing = [name for name in ("service_code", "description") if not (request.form.get(name) or "").strip()]
    if missing:
        return _error(400, *[_("缺少字段：%(name)s", name=name) for name in missing])
    if neighborhood is None:
        return _error(400, _("无法确定小区：请填写 attribute[neighborhood]（小区二维码编码），"
                             "或在小区附近的经纬度 lat/long"))
    data, problems = forms.parse_report(services.report_form(request.form),
                                        category_codes=reports.report_categories())
    if data is None or problems:
        return _error(400, *problems.values())
    try:
        report = reports.submit_report(data, [], neighborhood=neighborhood)
    except DomainError as error:
        return _error(error.status if error.status in (409, 413) else 400, error.message)
    return _json([{"service_request_id": report.receipt_code, "service_notice": _("已受理，请凭此编号查询进度"),
                   "account_id": None}], 201)


csrf.exempt(create)


def _public(report: ResidentReport) -> dict[str, Any]:
    """The receipt code's public status, as GeoReport v2 fields: no phone, no staff names, no photos."""
    shown = reports.public_status(report)
    notes = shown.decline_reason or str(reports.status_names().get(shown.status, ""))
    neighborhood = report.neighborhood
    return {"service_request_id": shown.code, "status": rules.open311_status(shown.status, shown.is_closed),
            "status_notes": notes, "service_name": shown.category, "service_code": report.category_code,
            "description": shown.description, "agency_responsible": neighborhood.name, "service_notice": "",
            "requested_datetime": _iso(shown.submitted_at),
            "updated_datetime": _iso(shown.closed_at or report.triaged_at or shown.submitted_at),
            "expected_datetime": shown.deadline.isoformat() if shown.deadline else None,
            "address": shown.location, "address_id": None, "zipcode": None,
            "lat": neighborhood.lat, "long": neighborhood.lng, "media_url": None}


@bp.get("/requests/<code>.json")
@limiter.shared_limit(limits.status_lookups, scope="resident-status")
def detail(code: str) -> Response:
    report = reports.report_by_code(code)
    if report is None:
        return _error(404, _("没有这个编号的请求"))
    return _json([_public(report)])


@bp.get("/requests.json")
@limiter.shared_limit(limits.status_lookups, scope="resident-status")
def search() -> Response:
    """Only by service_request_id (comma-separated, at most 20): a listing of every report is not public."""
    raw = (request.args.get("service_request_id") or "").strip()
    if not raw:
        return _error(400, _("请提供 service_request_id"))
    found = [reports.report_by_code(code) for code in raw.split(",")[:20]]
    return _json([_public(r) for r in found if r is not None])


@bp.route("/<path:_rest>.xml", methods=["GET", "POST"])
def xml(_rest: str) -> Response:
    return _error(404, _("只支持 JSON 格式（.json），不提供 XML"))


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded) -> Response:
    return _error(429, limits.wait_message(None))


@bp.errorhandler(404)
def not_found(error: Exception) -> Response:
    return _error(404, _("没有这个地址"))
