"""The department's link to its transfer, as e-mailed: `/t/<id>/<token>`, the token an HMAC of the id."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

TOKEN_LENGTH = 32  # hex characters of the HMAC: 128 bits, not guessable from the transfer's id


def reply_token(transfer_id: int) -> str:
    """HMAC-SHA256 of the transfer's id with the app's secret key (nothing stored; a rotated key voids links)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"transfer-reply:{transfer_id}".encode(), hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def token_matches(transfer_id: int, token: str) -> bool:
    return len(token) == TOKEN_LENGTH and hmac.compare_digest(reply_token(transfer_id), token)


def reply_path(transfer_id: int) -> str:
    return f"/t/{transfer_id}/{reply_token(transfer_id)}"
