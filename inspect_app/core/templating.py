"""Template globals: the one permission helper `can`, locale and formatting helpers."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.core import permissions


def format_points(value: Decimal | float | int | None) -> str:
    if value is None:
        return "—"
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    from flask_babel import to_user_timezone

    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return to_user_timezone(value).strftime(fmt)


def role_names() -> dict[str, str]:
    return {"inspector": _l("巡查员"), "supervisor": _l("督查"), "company": _l("物业公司"), "admin": _l("管理员"),
            "committee": _l("业委会")}


NAV = {
    "inspector": [("home.index", _l("巡查")), ("findings.index", _l("台账")), ("maps.index", _l("地图")),
                  ("orders.index", _l("通知书")), ("resident_reports.triage", _l("百姓说事"))],
    "supervisor": [("home.index", _l("巡查")), ("findings.index", _l("台账")), ("maps.index", _l("地图")),
                   ("orders.index", _l("通知书")), ("planning.index", _l("计划")),
                   ("resident_reports.triage", _l("百姓说事")), ("assessment.index", _l("考核"))],
    "company": [("home.index", _l("首页")), ("orders.index", _l("通知书")), ("findings.index", _l("台账")),
                ("appeals.index", _l("申诉"))],
    "committee": [("home.index", _l("首页")), ("findings.index", _l("台账")), ("orders.index", _l("通知书"))],
    "admin": [("home.index", _l("管理")), ("checklists.index", _l("检查表")), ("findings.index", _l("台账")),
              ("assessment.index", _l("考核"))],
}


def nav_links() -> list[tuple[str, str, bool]]:
    """(label, url, is_current) for the logged-in user's role; endpoints not (yet) registered are skipped."""
    if not current_user.is_authenticated:
        return []
    return [(label, url_for(endpoint), request.endpoint == endpoint)
            for endpoint, label in NAV.get(current_user.role, []) if endpoint in current_app.view_functions]


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=permissions.can, current_locale=lambda: str(get_locale()),
        languages=app.config["LANGUAGES"], role_names=role_names,
        new_key=lambda: uuid.uuid4().hex, timedelta=timedelta, nav_links=nav_links,
    )
    app.jinja_env.filters.update(points=format_points, local_time=local_time)
