"""Audit logging: a request id per request, request id and user on every app log line, refusals logged once."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler
from flask_login import current_user

REQUEST_ID_HEADER = "X-Request-ID"
LOG_FORMAT = "[%(asctime)s] %(levelname)s %(name)s [req=%(request_id)s user=%(user_id)s] %(message)s"
LOG_DEFAULTS = {"request_id": "-", "user_id": "-"}
# What a proxy or client may hand us as a request id: short, printable, nothing a log reader could misparse.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")
# Mainland mobile numbers and landlines with area code: residents' phones never reach a log line.
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
# Refusals worth a line: denied, not found, too large, rate limited.
_REFUSED = {401: "login required", 403: "access denied", 404: "not found", 413: "request too large",
            429: "rate limited"}

logger = logging.getLogger("inspect_app")


def redact(text: str) -> str:
    return _PHONE.sub("[phone]", text)


def current_request_id() -> str:
    if has_request_context():
        return g.get("request_id") or "-"
    return "-"


def _current_user_id() -> str:
    # Only a user already loaded this request: a log call must never query the database.
    if not has_request_context() or "_login_user" not in g:
        return "-"
    user = g._login_user
    return str(user.id) if getattr(user, "is_authenticated", False) else "-"


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id to a record and removes phone numbers from its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        record.user_id = _current_user_id()
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is the handler's to report, not the caller's
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def formatter() -> logging.Formatter:
    return logging.Formatter(LOG_FORMAT, defaults=LOG_DEFAULTS)


def upload_refused(error: Exception, *, kind: str) -> None:
    """One line per refused photo: its kind and the reason, never the file name (it may hold a phone number)."""
    status = getattr(error, "status", "-")
    logger.warning("upload refused kind=%s status=%s reason=%s", kind, status, getattr(error, "message", error))


def _incoming_request_id() -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex


def _view_ids() -> str:
    """Numeric route arguments only: string arguments can be secrets (a resident link's token)."""
    args = request.view_args or {}
    return " ".join(f"{k}={v}" for k, v in sorted(args.items()) if isinstance(v, int))


def _log_refusal(response: Response) -> None:
    reason = _REFUSED.get(response.status_code)
    if reason is None or request.endpoint in (None, "static"):
        return  # unrouted 404s are scanners' noise
    logger.info("%s status=%s method=%s endpoint=%s %s", reason, response.status_code, request.method,
                request.endpoint, _view_ids())


def _install_logging(app: Flask) -> None:
    app.logger  # noqa: B018  (creating it attaches Flask's default handler when nothing else logs)
    if not app.debug:
        logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    for target in (logger, default_handler):
        if not any(isinstance(f, RequestContextFilter) for f in target.filters):
            target.addFilter(RequestContextFilter())
    default_handler.setFormatter(formatter())


def register(app: Flask) -> None:
    """Must be registered before CSRFProtect: its failures are logged with the user already known."""
    _install_logging(app)

    @app.before_request
    def assign_request_id() -> None:
        g.request_id = _incoming_request_id()
        current_user._get_current_object()  # load the session's user now, so every log line can name it

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = current_request_id()
        _log_refusal(response)
        return response
