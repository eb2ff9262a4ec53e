"""The API's frame: bearer-token authentication (never a session), JSON errors, the OpenAPI document, and the
places, companies and published rankings. Findings, orders and patrols are in `finding_views`."""

import hashlib
from typing import Any

from flask import Blueprint as FlaskBlueprint
from flask import Flask, Response, current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_smorest import Api, Blueprint, abort
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from inspect_app.api import schemas, services
from inspect_app.auth.models import User
from inspect_app.core.errors import DomainError
from inspect_app.extensions import csrf, limiter
from inspect_app.integrations import services as integrations
from inspect_app.integrations.models import Integration

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX, description="巡查数据接口（需要对接系统令牌）")
# Any other address under the prefix (or a method no operation has): a JSON 404, not the pages' HTML one.
fallback = FlaskBlueprint("api_fallback", __name__, url_prefix=PREFIX)


class JsonApi(Api):
    """flask-smorest's Api without its app-wide error handler: the pages keep their HTML error pages."""

    def _register_error_handlers(self) -> None:
        pass


def _token_key() -> str:
    """Rate limits count per token (its hash), or per address for calls without one."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return "api:" + hashlib.sha256(header.encode("utf-8")).hexdigest()
    return "api-address:" + (request.remote_addr or "")


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_token_key)(bp)
csrf.exempt(bp)  # no cookie is honoured here, so there is nothing to forge


def error(status: int, message: str, errors: dict[str, Any] | None = None) -> Response:
    names = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
             409: "Conflict", 413: "Payload Too Large", 422: "Unprocessable Entity", 429: "Too Many Requests",
             500: "Internal Server Error", 503: "Service Unavailable"}
    body: dict[str, Any] = {"code": status, "status": names.get(status, "Error"), "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="inspect_app"'
    return response


@bp.before_request
def authenticate() -> Response | None:
    """A live integration's bearer token, or 401 — a session cookie counts for nothing here."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    integration = integrations.authenticate(token.strip()) if scheme.lower() == "bearer" else None
    if integration is None:
        return error(401, _("需要有效的对接系统令牌（Authorization: Bearer …）"))
    g.integration = integration
    return None


def account() -> User:
    """The integration's own account: its area is the token's area, its name the timeline's."""
    integration: Integration = g.integration
    return integration.account


def require_write() -> None:
    if not g.integration.can_write:
        abort(403, message=_("该令牌只能读取，不能写入"))


@bp.errorhandler(HTTPException)
def http_error(failure: HTTPException) -> Response:
    data = getattr(failure, "data", None) or {}
    message = data.get("message") or failure.description or ""
    return error(failure.code or 500, str(message), data.get("errors") or data.get("messages"))


@bp.errorhandler(CSRFError)
def other_origin(failure: CSRFError) -> Response:
    """The app's origin check (core/csrf_origin) refuses a post naming another site: said in JSON here."""
    return error(400, failure.description or "")


@bp.errorhandler(DomainError)
def domain_error(failure: DomainError) -> Response:
    return error(failure.status, failure.message)


@bp.errorhandler(Exception)
def server_error(failure: Exception) -> Response:
    current_app.logger.exception("unhandled error on %s", request.path)
    return error(500, _("服务器出错了，我们已记录，请稍后重试。"))


def paged(result: services.Page) -> dict[str, Any]:
    return {"items": result.items, "total": result.total, "page": result.page, "per_page": result.per_page,
            "pages": result.pages}


@bp.get("/neighborhoods")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.NeighborhoodPage)
def neighborhoods(page: int, per_page: int) -> dict[str, Any]:
    """The neighbourhoods (小区) of the token's area."""
    return paged(services.neighborhoods(account(), page, per_page))


@bp.get("/neighborhoods/<int:neighborhood_id>")
@bp.response(200, schemas.NeighborhoodSchema)
def neighborhood(neighborhood_id: int) -> Any:
    return services.neighborhood(account(), neighborhood_id) or abort(404, message=_("找不到该小区"))


@bp.get("/companies")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.CompanyPage)
def companies(page: int, per_page: int) -> dict[str, Any]:
    """The property companies serving a neighbourhood of the token's area."""
    return paged(services.companies(account(), page, per_page))


@bp.get("/companies/<int:company_id>")
@bp.response(200, schemas.CompanySchema)
def company(company_id: int) -> Any:
    return services.company(account(), company_id) or abort(404, message=_("找不到该物业公司"))


@bp.get("/rankings")
@bp.response(200, schemas.PeriodSchema(many=True))
def rankings() -> Any:
    """The published quarters (晾晒排名), newest first."""
    return services.published_periods()


@bp.get("/rankings/<code>")
@bp.response(200, schemas.RankingSchema)
def ranking(code: str) -> Any:
    """A published quarter's ranking, as the public page shows it."""
    return services.published_ranking(code) or abort(404, message=_("没有已公布的该季度排名"))


@fallback.route("/<path:_rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(_rest: str) -> Response:
    return error(404, _("没有这个接口地址"))


def register(app: Flask) -> None:
    """The API and its OpenAPI document at /api/v1/openapi.json (an Api of its own per app)."""
    from inspect_app.api import finding_views  # noqa: F401  (its routes live on this blueprint)

    app.config.setdefault("API_TITLE", "inspect_app API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "info": {"description": _api_description()}})
    api = JsonApi(app)
    api.register_blueprint(bp)
    app.register_blueprint(fallback)
    app.extensions["inspect_app_api"] = api


def _api_description() -> str:
    return ("Bearer tokens are created by the administrator at /admin/integrations, scoped to an area (the "
            "district, a subdistrict or a community) and to read or read-write. Every read sees what staff of that "
            "area see; anything outside it is 404. Writes are recorded in the timeline under the integration's "
            "name. Errors are JSON: {code, status, message, errors}.")
