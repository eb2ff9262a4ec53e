"""Configuration loading for the app factory: defaults, instance file, environment, SQLite pragmas, locale."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from inspect_app.config import DefaultConfig
from inspect_app.core import production


def configure(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Defaults, then instance/config.py, then INSPECT_APP_* variables, then the caller's overrides."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("INSPECT_APP")
    if os.environ.get("INSPECT_APP_ENV"):
        app.config["ENV_NAME"] = os.environ["INSPECT_APP_ENV"]
    if overrides:
        app.config.update(overrides)
    app.config["SECRET_KEY_FROM_CONFIG"] = bool(app.config.get("SECRET_KEY"))
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config.get("DATABASE_URL") or (
        f"sqlite:///{instance / 'inspect_app.db'}"
    )
    app.config["UPLOAD_FOLDER"] = str(app.config.get("UPLOAD_FOLDER") or instance / "uploads")
    if not app.config.get("SECRET_KEY") and app.config["ENV_NAME"] != "production":
        app.config["SECRET_KEY"] = _instance_secret_key(instance)
    production.check(app)
    _trust_proxy(app)


def _trust_proxy(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their X-Forwarded-For/-Proto."""
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops < 0:
        raise ValueError("PROXY_FIX_HOPS must be 0 or more")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _instance_secret_key(instance: Path) -> str:
    """Never a literal in the repository: generated once into instance/ on first run."""
    path = instance / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL + busy_timeout: concurrent gunicorn workers wait instead of failing with "database is locked".
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def select_locale() -> str:
    """Chinese first; English when chosen. Outside a request (CLI, services in tests) Chinese."""
    if not has_request_context():
        return "zh"
    chosen = request.cookies.get("lang") or session.get("lang")
    return chosen if chosen in ("zh", "en") else "zh"
