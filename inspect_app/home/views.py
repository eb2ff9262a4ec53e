"""Role-aware home page, language choice and /healthz."""

from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from inspect_app.auth.views import safe_next
from inspect_app.committees import pages as committee_pages
from inspect_app.core.db import db
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import PATROL_ROLES, Role
from inspect_app.core.time import local_today
from inspect_app.findings import services as findings
from inspect_app.findings.ledger import LedgerFilters
from inspect_app.home import services
from inspect_app.orders import queries as order_queries
from inspect_app.orders.rules import OrderState
from inspect_app.planning import queries as planning

bp = Blueprint("home", __name__)


@bp.get("/")
@require()
def index():
    today = local_today()
    context: dict = {"today": today}
    if current_user.role == Role.ADMIN:
        context |= {"overview": services.admin_overview(), "users": services.users()}
    elif current_user.role == Role.COMMITTEE:
        context |= committee_pages.home(current_user, today=today)
    elif current_user.role == Role.COMPANY:
        context |= {"queue": services.company_queue(current_user, today=today),
                    "findings": findings.findings_to_report(current_user),
                    "orders": order_queries.order_list(current_user, today=today, show=OrderState.ISSUED, limit=20)}
    else:
        context |= _patrol_list_context(today)
    return render(f"home/{current_user.role}.html", **context)


def _patrol_list_context(today) -> dict:
    query = request.args.get("q", "")[:50]
    community_id = request.args.get("community", type=int)
    queue = services.supervisor_queue(current_user, today=today) if current_user.role == Role.SUPERVISOR \
        else services.ledger_tiles(current_user, today=today)
    week = planning.this_week(current_user, today) if current_user.role == Role.INSPECTOR else []
    return {"week": week, "q": query, "community_id": community_id,
            "communities": services.communities(current_user), "queue": queue,
            "filters": LedgerFilters(), "neighborhoods": services.neighborhoods(current_user, today=today, query=query,
                                                                                community_id=community_id)}


@bp.get("/neighborhoods/search")
@require(*PATROL_ROLES)
def search_neighborhoods():
    today = local_today()
    return render(f"home/{current_user.role}.html", "home/_neighborhoods.html", today=today,
                  **_patrol_list_context(today))


@bp.post("/lang/<code>")
def set_language(code: str):
    if code in ("zh", "en"):
        session["lang"] = code
    response = redirect(_same_site_referrer(), 303)
    if code in ("zh", "en"):
        response.set_cookie("lang", code, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


def _same_site_referrer() -> str:
    """The page the language was chosen on, as a path on this host; anything else (another site, javascript:) home."""
    parts = urlsplit(request.referrer or "")
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return url_for("home.index")
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links; the same icon as the pages' <link rel=icon>.

    Read whole (it is tiny), so that no file handle outlives a request the browser drops."""
    icon = Path(current_app.static_folder or "static") / "img" / "favicon.svg"
    response = current_app.response_class(icon.read_bytes(), mimetype="image/svg+xml")
    response.cache_control.public, response.cache_control.max_age = True, 7 * 86400
    return response


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
