"""Rate limits on the public report form and receipt lookups; each can be overridden in the configuration."""

import hashlib
import time

from flask import current_app, request
from flask_babel import gettext as _
from flask_limiter import RequestLimit

PER_ADDRESS = "5 per minute;30 per day"
PER_NEIGHBORHOOD = "60 per hour"
STATUS_LOOKUPS = "30 per minute"


def per_address() -> str:
    return current_app.config.get("RESIDENT_REPORT_RATE_LIMIT", PER_ADDRESS)


def per_neighborhood() -> str:
    return current_app.config.get("RESIDENT_REPORT_NEIGHBORHOOD_LIMIT", PER_NEIGHBORHOOD)


def status_lookups() -> str:
    return current_app.config.get("RESIDENT_STATUS_RATE_LIMIT", STATUS_LOOKUPS)


def neighborhood_key() -> str:
    """All reports to one neighbourhood share a budget, whatever address they come from.

    Hashed: Flask-Limiter logs the key of a breached limit, and the link's token stays out of the logs.
    """
    token = str((request.view_args or {}).get("token", ""))[:16]
    return "resident-neighborhood:" + hashlib.sha256(token.encode()).hexdigest()[:20]


def wait_message(limit: RequestLimit | None) -> str:
    """When to try again, in words a resident understands."""
    seconds = max(0, int(limit.reset_at - time.time())) if limit is not None else 60
    if seconds <= 90:
        return _("提交过于频繁，请 1 分钟后再试。")
    if seconds < 2 * 3600:
        return _("提交过于频繁，请 %(n)s 分钟后再试。", n=(seconds + 59) // 60)
    return _("今天从这里提交的次数已达上限，请明天再试，或直接联系社区工作人员。")
