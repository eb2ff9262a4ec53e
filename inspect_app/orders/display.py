"""How an order's state reads on pages; the orders blueprint makes it a template global."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspect_app.orders.forms import DUE, OVERDUE, TO_CLOSE
from inspect_app.orders.rules import OrderState


def order_state_names() -> dict[str, str]:
    return {OrderState.DRAFT: _l("草稿"), OrderState.ISSUED: _l("已签发"), OrderState.ACKNOWLEDGED: _l("已签收"),
            OrderState.REPORTED: _l("已反馈"), OrderState.VERIFIED: _l("已销号"), OrderState.VOIDED: _l("已作废")}


def order_filter_names() -> dict[str, str]:
    """The order list's filter and the home tiles that link to it: one name for each list."""
    names = order_state_names()
    return {OrderState.ISSUED: _l("待签收"), OrderState.ACKNOWLEDGED: names[OrderState.ACKNOWLEDGED],
            OrderState.REPORTED: names[OrderState.REPORTED], TO_CLOSE: _l("待销号"), DUE: _l("到期待复查"),
            OVERDUE: _l("逾期"), OrderState.VERIFIED: names[OrderState.VERIFIED],
            OrderState.VOIDED: names[OrderState.VOIDED], OrderState.DRAFT: names[OrderState.DRAFT]}


def register(bp: Blueprint) -> None:
    bp.add_app_template_global(order_state_names)
    bp.add_app_template_global(order_filter_names)
