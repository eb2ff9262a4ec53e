"""The app assembled: extensions, the core hooks, every domain area's blueprint and the commands."""

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


def _register_blueprints(app: Flask) -> None:
    from inspect_app.appeals.views import bp as appeals_bp
    from inspect_app.assessment.public_views import bp as ranking_bp
    from inspect_app.assessment.views import bp as assessment_bp
    from inspect_app.auth.account_views import bp as accounts_bp
    from inspect_app.auth.views import bp as auth_bp
    from inspect_app.checklists.views import bp as checklists_bp
    from inspect_app.committees.views import bp as committees_bp
    from inspect_app.disclosure.public_views import bp as board_bp
    from inspect_app.disclosure.views import bp as disclosure_bp
    from inspect_app.escalations.views import bp as escalations_bp
    from inspect_app.findings import level_views  # noqa: F401  (its routes live on the findings blueprint)
    from inspect_app.findings.views import bp as findings_bp
    from inspect_app.home.views import bp as home_bp
    from inspect_app.inspections.views import bp as inspections_bp
    from inspect_app.maps.views import bp as maps_bp
    from inspect_app.notifications.views import bp as notifications_bp
    from inspect_app.offline.views import bp as offline_bp
    from inspect_app.open311.views import bp as open311_bp
    from inspect_app.orders import followup_views  # noqa: F401  (its routes live on the orders blueprint)
    from inspect_app.orders.public_views import bp as order_verify_bp
    from inspect_app.orders.views import bp as orders_bp
    from inspect_app.photos.views import bp as photos_bp
    from inspect_app.places import import_views  # noqa: F401  (its routes live on the places blueprint)
    from inspect_app.places.views import bp as places_bp
    from inspect_app.planning.views import bp as planning_bp
    from inspect_app.resident_reports import followup_views as verdict_views  # noqa: F401  (回访, on reports_bp)
    from inspect_app.resident_reports import views as resident_report_views  # noqa: F401  (routes on reports_bp)
    from inspect_app.resident_reports.public_views import bp as reports_bp
    from inspect_app.survey.public_views import bp as survey_public_bp
    from inspect_app.survey.views import bp as survey_bp
    from inspect_app.transfers import admin_views  # noqa: F401  (its routes live on the transfers blueprint)
    from inspect_app.transfers.public_views import bp as department_bp
    from inspect_app.transfers.views import bp as transfers_bp
    from inspect_app.workdays.views import bp as workdays_bp

    for bp in (auth_bp, home_bp, findings_bp, inspections_bp, photos_bp, checklists_bp, orders_bp, reports_bp,
               assessment_bp, escalations_bp, ranking_bp, offline_bp, workdays_bp, notifications_bp, places_bp,
               accounts_bp, maps_bp, appeals_bp, planning_bp, open311_bp, order_verify_bp, disclosure_bp, board_bp,
               survey_bp, survey_public_bp, transfers_bp, department_bp,
               committees_bp):
        app.register_blueprint(bp)
