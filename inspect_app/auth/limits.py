"""Login limits: per account (whatever the address) and per address with a much higher ceiling.

Behind an office or carrier NAT many people share one address: one account's wrong passwords must lock only that
account, not everyone there. Only failed attempts count (a successful login answers 303).
"""

import hashlib
import time

from flask import current_app, request
from flask_babel import gettext as _
from flask_limiter import RequestLimit

PER_ACCOUNT = "10 per 15 minutes"
PER_ADDRESS = "100 per 15 minutes"


def per_account() -> str:
    return current_app.config.get("LOGIN_ACCOUNT_RATE_LIMIT", PER_ACCOUNT)


def per_address() -> str:
    return current_app.config.get("LOGIN_ADDRESS_RATE_LIMIT", PER_ADDRESS)


def account_key() -> str:
    """The user name as typed (trimmed, case folded), hashed: Flask-Limiter logs the key of a breached limit."""
    username = (request.form.get("username") or "").strip().casefold()[:50]
    return "login-account:" + hashlib.sha256(username.encode()).hexdigest()[:24]


def failed(response) -> bool:
    """What counts against the limits: every answer but the redirect of a successful login."""
    return response.status_code != 303


def retry_minutes(limit: RequestLimit | None) -> int:
    seconds = max(0.0, limit.reset_at - time.time()) if limit is not None else 60.0
    return max(1, int(seconds + 59) // 60)


def wait_message(limit: RequestLimit | None, *, account: bool) -> str:
    minutes = retry_minutes(limit)
    if account:
        return _("该账号登录失败次数过多，已暂时锁定，请 %(n)s 分钟后再试。", n=minutes)
    return _("从您的网络登录失败次数过多，请 %(n)s 分钟后再试。", n=minutes)
