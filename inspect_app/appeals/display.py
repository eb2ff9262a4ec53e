"""How appeals read on pages, and the template globals other pages ask: the order line's 申诉 button, the
supervisor's count, the ranking's note of changes."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.appeals import rescore, services
from inspect_app.appeals.models import AppealScoreChange
from inspect_app.appeals.permissions import can_file_appeal
from inspect_app.appeals.rules import AppealState, AppealTarget
from inspect_app.core.time import local_today
from inspect_app.orders.models import RectificationOrder


def appeal_state_names() -> dict[str, str]:
    return {AppealState.OPEN: _l("待裁决"), AppealState.UPHELD: _l("维持"), AppealState.OVERTURNED: _l("予以撤销")}


def appeal_target_names() -> dict[str, str]:
    return {AppealTarget.DEDUCTION: _l("扣分"), AppealTarget.FINDING: _l("问题")}


def appeal_open(order: RectificationOrder) -> bool:
    """Whether this account may still appeal on the order (the 申诉 button shows)."""
    return can_file_appeal(current_user, order) and services.can_still_appeal(order, local_today())


def open_appeal_count() -> int:
    return services.open_count(current_user) if current_user.is_authenticated else 0


def appeal_changes(period_id: int) -> list[AppealScoreChange]:
    return rescore.changes_in(period_id)


def register(bp: Blueprint) -> None:
    for function in (appeal_state_names, appeal_target_names, appeal_open, open_appeal_count, appeal_changes):
        bp.add_app_template_global(function)
