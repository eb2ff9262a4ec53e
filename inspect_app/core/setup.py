"""Configuration loading and extension/blueprint registration for the app factory."""

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
from inspect_app.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


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


def register(app: Flask) -> None:
    from inspect_app import models  # noqa: F401  (every table known to metadata and Alembic)
    from inspect_app.core import audit, errors, headers, templating, uploads

    uploads.register(app)
    audit.register(app)  # before CSRFProtect, so that CSRF failures are logged with the user
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    htmx.init_app(app)
    limiter.init_app(app)
    errors.register(app)
    headers.register(app)
    templating.register(app)
    _register_blueprints(app)
    from inspect_app import cli

    cli.register(app)


def _register_blueprints(app: Flask) -> None:
    from inspect_app.assessment.public_views import bp as ranking_bp
    from inspect_app.assessment.views import bp as assessment_bp
    from inspect_app.auth.views import bp as auth_bp
    from inspect_app.checklists.views import bp as checklists_bp
    from inspect_app.findings.views import bp as findings_bp
    from inspect_app.home.views import bp as home_bp
    from inspect_app.inspections.views import bp as inspections_bp
    from inspect_app.offline.views import bp as offline_bp
    from inspect_app.orders import followup_views  # noqa: F401  (its routes live on the orders blueprint)
    from inspect_app.orders.views import bp as orders_bp
    from inspect_app.photos.views import bp as photos_bp
    from inspect_app.reports import staff_views  # noqa: F401  (its routes live on the reports blueprint)
    from inspect_app.reports.views import bp as reports_bp

    for bp in (auth_bp, home_bp, findings_bp, inspections_bp, photos_bp, checklists_bp, orders_bp, reports_bp):
        app.register_blueprint(bp)
    app.register_blueprint(assessment_bp)
    app.register_blueprint(ranking_bp)
    app.register_blueprint(offline_bp)
