"""The app assembled: extensions, the core hooks, every domain area's blueprint and the commands."""

from importlib import import_module
from pathlib import Path
from types import ModuleType

from flask import Flask

from inspect_app import cli, models  # noqa: F401  (models: every table known to metadata and Alembic)
from inspect_app.core import audit, csrf_origin, errors, headers, permissions, queue, request_input, templating, uploads
from inspect_app.core.setup import select_locale
from inspect_app.extensions import babel, csrf, db, htmx, limiter, login_manager, mail, migrate
from inspect_app.notifications import sms

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def register(app: Flask) -> None:
    """Extensions first, then the core hooks, the blueprints and the commands."""
    request_input.register_converters(app)
    uploads.register(app)
    audit.register(app)  # before CSRFProtect, so that CSRF failures are logged with the user
    csrf_origin.register(app)  # before CSRFProtect: a foreign origin is named as such, whatever the token
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    htmx.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    sms.init_app(app)
    queue.configure(app)
    request_input.register(app)
    errors.register(app)
    headers.register(app)
    templating.register(app)
    permissions.register_predicates(*predicate_modules())
    _register_blueprints(app)
    _register_integrations(app)
    cli.register(app)


def predicate_modules() -> tuple[ModuleType, ...]:
    """Each area's pure permissions module: its `can_<action>` predicates are the templates' `can("<action>", obj)`."""
    from inspect_app.appeals import permissions as appeals
    from inspect_app.assessment import permissions as assessment
    from inspect_app.auth import permissions as auth
    from inspect_app.committees import permissions as committees
    from inspect_app.disclosure import permissions as disclosure
    from inspect_app.escalations import permissions as escalations
    from inspect_app.findings import permissions as findings
    from inspect_app.inspections import permissions as inspections
    from inspect_app.orders import permissions as orders
    from inspect_app.places import permissions as places
    from inspect_app.planning import permissions as planning
    from inspect_app.resident_reports import permissions as resident_reports
    from inspect_app.survey import permissions as survey
    from inspect_app.transfers import permissions as transfers

    return (appeals, assessment, auth, disclosure, escalations, findings, inspections, orders, places, resident_reports,
            planning, survey, transfers,
            committees)


def _register_integrations(app: Flask) -> None:
    """The JSON API (its own OpenAPI document), the integrations' admin pages, and the webhooks' event listeners."""
    from inspect_app.api import views as api
    from inspect_app.integrations import services as integrations
    from inspect_app.integrations.views import bp as integrations_bp

    api.register(app)
    app.register_blueprint(integrations_bp)
    integrations.register()


# Each module's `bp`, registered in this order; the route modules add routes to one of them, so they are imported first.
BLUEPRINT_MODULES = (
    "auth.views", "home.views", "findings.views", "inspections.views", "photos.views", "checklists.views",
    "orders.views", "resident_reports.public_views", "assessment.views", "escalations.views",
    "assessment.public_views", "offline.views", "workdays.views", "notifications.views", "places.views",
    "auth.account_views", "maps.views", "appeals.views", "planning.views", "open311.views", "orders.public_views",
    "disclosure.views", "disclosure.public_views", "survey.views", "survey.public_views", "transfers.views",
    "transfers.public_views", "committees.views",
)
ROUTE_MODULES = (
    "findings.level_views", "orders.followup_views", "places.import_views", "resident_reports.followup_views",
    "resident_reports.views", "transfers.admin_views",
)


def _register_blueprints(app: Flask) -> None:
    for name in ROUTE_MODULES:
        import_module(f"inspect_app.{name}")
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(f"inspect_app.{name}").bp)
