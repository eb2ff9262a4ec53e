"""Public links to orders, as printed in the order PDF's QR code."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from inspect_app.orders.models import RectificationOrder

VERIFY_TOKEN_LENGTH = 24  # hex characters of the HMAC: 96 bits, not guessable from the order's id


def order_url(order: RectificationOrder) -> str:
    """The order page (where the follow-up is done) under PUBLIC_BASE_URL; needs an app context."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/orders/{order.id}"


def verify_token(order_id: int) -> str:
    """HMAC-SHA256 of the order's id with the app's secret key: nothing stored, changes if the key is rotated."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"order-verify:{order_id}".encode(), hashlib.sha256).hexdigest()[:VERIFY_TOKEN_LENGTH]


def token_matches(order_id: int, token: str) -> bool:
    return len(token) == VERIFY_TOKEN_LENGTH and hmac.compare_digest(verify_token(order_id), token)


def verify_path(order: RectificationOrder) -> str:
    return f"/v/{order.id}/{verify_token(order.id)}"


def verify_url(order: RectificationOrder) -> str:
    """The public verification page printed as the order PDF's QR code (anyone may open it, no login)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + verify_path(order)
