"""Tokens, signatures and back-off of integrations (pure)."""

import hashlib
import hmac
import secrets
from enum import StrEnum

TOKEN_PREFIX = "ia_"
SIGNATURE_HEADER = "X-Inspect-Signature"
MAX_ATTEMPTS = 6


class Access(StrEnum):
    READ = "read"
    WRITE = "write"  # read and write


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    RETRYING = "retrying"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after MAX_ATTEMPTS: listed for the admin


def new_token() -> str:
    """A bearer token: shown once, never stored (only its hash)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_hex(24)


def signature(body: bytes, secret: str) -> str:
    """The header value: `sha256=` and the hex HMAC-SHA256 of the exact body with the subscription's secret."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signature_matches(body: bytes, secret: str, header: str) -> bool:
    return hmac.compare_digest(signature(body, secret), header or "")


def retry_delay(attempt: int, base_seconds: float = 30.0) -> float:
    """Back-off after the attempt-th failure: 30 s, 1 min, 2 min … at most an hour."""
    return float(min(base_seconds * 2 ** (attempt - 1), 3600.0))


def is_web_url(url: str) -> bool:
    return url.startswith(("http://", "https://")) and len(url) <= 500 and " " not in url
