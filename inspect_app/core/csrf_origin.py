"""CSRF: the token decides, a foreign Origin or Referer is refused, and every refusal says what went wrong.

Flask-WTF's strict mode (WTF_CSRF_SSL_STRICT) wants a same-origin Referer on every HTTPS post: a browser or a
privacy setting that sends none was refused on every form, with no way out. The session cookie is SameSite=Lax
(config), so another site cannot post with it anyway; the token is checked as before, and a Referer or Origin
that names another site is still refused here. Browsers send `Origin: null` from privacy contexts: not evidence.
"""

from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.wrappers import Response

# Sent back by a form that was re-rendered after a refusal: a second refusal for the same reason is not transient.
RETRY_FIELD = "csrf_retry"
TOKEN_HEADER = "X-CSRF-Token"  # the fresh token, for the page's script to put in its forms
OTHER_ORIGIN = "The request came from another site."
R = TypeVar("R", bound=Response)
_SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_port(scheme: str, netloc: str) -> tuple[str, int | None]:
    parts = urlsplit(f"{scheme}://{netloc}")
    try:
        port = parts.port
    except ValueError:
        return "", None
    return (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def same_site(url: str) -> bool:
    """Whether an Origin or Referer names this host; the scheme is compared only when both sides are known to
    agree (behind a TLS proxy without X-Forwarded-Proto the app sees http while the browser says https)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return False
    theirs = _host_port(parts.scheme, parts.netloc)
    ours = _host_port(request.scheme, request.host)
    if parts.scheme != request.scheme:
        return bool(theirs[0]) and theirs[0] == ours[0]
    return bool(theirs[0]) and theirs == ours


def check_origin() -> None:
    """Raises CSRFError when an unsafe request names another site as its Origin (or, without one, Referer)."""
    if request.method in _SAFE:
        return
    origin = request.headers.get("Origin", "")
    source = origin if origin and origin != "null" else request.headers.get("Referer", "")
    if source and not same_site(source):
        raise CSRFError(OTHER_ORIGIN)


def retried() -> bool:
    return request.form.get(RETRY_FIELD) == "1" or request.headers.get("X-CSRF-Retry") == "1"


def refusal(error: CSRFError) -> str:
    """What went wrong, in words: one sentence per cause (Flask-WTF's reasons, and the origin check's)."""
    reason = error.description or ""
    if reason == OTHER_ORIGIN:
        return _("该请求来自其他网站，已拒绝。如果您是在本站页面上操作的，请直接打开本站重新操作。")
    if "session token is missing" in reason and not current_user.is_authenticated:  # logged in: a page from
        # before this login (the session was renewed at login), as below
        if retried():
            return _("您的浏览器没有保存本站的 Cookie，提交无法通过安全校验。请在浏览器设置中允许本站使用 Cookie"
                     "（或关闭无痕/隐私模式）后再提交。")
        return _("浏览器中的会话已不存在（已过期，或浏览器没有保存本站的 Cookie）。")
    if "has expired" in reason:
        return _("页面打开时间过长，安全校验码已过期。")
    if reason == "The CSRF token is missing.":
        return _("提交中缺少安全校验码（页面可能没有完整加载）。")
    return _("页面的安全校验码已失效（可能您在其他窗口重新登录或退出过）。")


def final(error: CSRFError) -> bool:
    """A refusal that trying again will not cure."""
    return error.description == OTHER_ORIGIN or ("session token is missing" in (error.description or "")
                                                  and retried() and not current_user.is_authenticated)


def with_fresh_token(response: R) -> R:
    """The page's script puts this token in the page's forms, so that the next try passes."""
    response.headers[TOKEN_HEADER] = generate_csrf()
    return response


def register(app: Flask) -> None:
    """After CSRFProtect: its hook checks the token, this one where the request came from (exempt views too)."""
    app.before_request(check_origin)
