"""Public links to orders, as printed in the order PDF's QR code."""

from __future__ import annotations

from flask import current_app

from inspect_app.orders.models import RectificationOrder


def order_url(order: RectificationOrder) -> str:
    """The order page (where the follow-up is done) under PUBLIC_BASE_URL; needs an app context."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/orders/{order.id}"
