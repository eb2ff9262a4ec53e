"""Refuse to start in production with settings that would be unsafe there."""

import os
from collections.abc import Mapping

from flask import Flask

WEAK_KEYS = {"dev", "secret", "changeme", "test", "development", "secret-key", "please-change-me"}


class UnsafeProductionConfig(RuntimeError):
    """Production start refused; the message lists every problem and how to fix it."""


def problems(app: Flask, *, env: Mapping[str, str] | None = None) -> list[str]:
    env = os.environ if env is None else env
    config = app.config
    found = []
    if app.debug or config.get("DEBUG"):
        found.append("debug is on: unset FLASK_DEBUG / INSPECT_APP_DEBUG")
    key = config.get("SECRET_KEY") or ""
    if not config.get("SECRET_KEY_FROM_CONFIG") or len(key) < 32 or key.lower() in WEAK_KEYS:
        found.append("SECRET_KEY missing or weak: set INSPECT_APP_SECRET_KEY to 32+ random characters "
                     "(python -c 'import secrets; print(secrets.token_hex(32))')")
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if not config.get(name):
            found.append(f"{name} is off: set INSPECT_APP_{name}=true (the app is served over HTTPS)")
    workers = int(env.get("WEB_CONCURRENCY", "1") or 1)
    if workers > 1 and str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        found.append("rate limits kept in memory with several workers: set "
                     "INSPECT_APP_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite") and workers > 4:
        found.append("SQLite with more than 4 workers: use PostgreSQL (INSPECT_APP_DATABASE_URL)")
    return found


def check(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    found = problems(app)
    if found:
        raise UnsafeProductionConfig("refusing to start in production:\n  - " + "\n  - ".join(found))
