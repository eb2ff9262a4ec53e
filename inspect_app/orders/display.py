"""How an order's state reads on pages; the orders blueprint makes it a template global."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspect_app.orders.rules import OrderState


def order_state_names() -> dict[str, str]:
    return {OrderState.DRAFT: _l("草稿"), OrderState.ISSUED: _l("已签发"), OrderState.ACKNOWLEDGED: _l("已签收"),
            OrderState.REPORTED: _l("已反馈"), OrderState.VERIFIED: _l("已销号"), OrderState.VOIDED: _l("已作废")}


def register(bp: Blueprint) -> None:
    bp.add_app_template_global(order_state_names)
