"""Template globals: permission predicates, locale and formatting helpers."""

from datetime import UTC, datetime
from decimal import Decimal

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

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
    return {"inspector": _l("巡查员"), "supervisor": _l("督查"), "company": _l("物业公司"), "admin": _l("管理员")}


def finding_state_names() -> dict[str, str]:
    return {"open": _l("挂账"), "ordered": _l("已下发整改"), "reported": _l("已反馈待复查"), "closed": _l("已销号")}


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=permissions.can, Role=permissions.Role, current_locale=lambda: str(get_locale()),
        languages=app.config["LANGUAGES"], role_names=role_names,
        finding_state_names=finding_state_names,
    )
    app.jinja_env.filters.update(points=format_points, local_time=local_time)
