"""Domain errors raised by services, and error pages in the app's layout (inline for htmx)."""

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from inspect_app.core import csrf_origin as csrf
from inspect_app.core.forms import plain_text
from inspect_app.core.htmx import is_htmx, wants_partial
from inspect_app.extensions import login_manager

# Forms anyone may post: a CSRF failure there is just that, not an expired login.
PUBLIC_POSTS = {"auth.login", "home.set_language", "resident_reports.create", "department.reply"}


class DomainError(Exception):
    """A business rule refused the action; `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None, status: int = 422):
        message = plain_text(message)  # user input quoted in it (a file name) cannot reorder or hide text
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def _messages() -> dict[int, str]:
    return {
        400: _("请求无效，请刷新页面后重试。"),
        401: _("请先登录。"),
        403: _("您没有权限执行此操作。"),
        404: _("找不到该页面或记录。"),
        405: _("不支持该操作。"),
        409: _("数据已被他人修改，请刷新后再试。"),
        413: _("上传的内容过大。"),
        422: _("提交的内容有误，请检查。"),
        429: _("尝试次数过多，请稍后再试。"),
        500: _("服务器出错了，我们已记录，请稍后重试。"),
    }


def error_response(code: int, message: str | None = None) -> Response:
    message = plain_text(message) if message else _messages().get(code, _("出错了。"))
    template = "errors/_error.html" if wants_partial() else "errors/error.html"
    response = Response(render_template(template, code=code, message=message), status=code)
    response.vary.add("HX-Request")
    return response


def csrf_refused(error: CSRFError) -> Response:
    """Says exactly what failed and, unless retrying cannot help, how to retry; htmx also gets a fresh token."""
    current_app.logger.warning("csrf failure path=%s reason=%s", request.path, error.description)
    if (not current_user.is_authenticated and request.endpoint not in PUBLIC_POSTS
            and error.description != csrf.OTHER_ORIGIN):
        return login_manager.unauthorized()  # the session (and its token) expired: ask to log in again
    message = csrf.refusal(error)
    if not csrf.final(error):
        message += _("已为您更新安全校验码，请再提交一次。") if is_htmx() else _("请返回上一页并刷新后重新提交。")
    return csrf.with_fresh_token(error_response(400, message))


def register(app: Flask) -> None:
    app.errorhandler(CSRFError)(csrf_refused)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.response is not None:  # a page made for this refusal (e.g. a rate limit's on_breach)
            return error.response
        return error_response(error.code)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(error.status, error.message)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500)
