"""Pure account rules: what a password must be, one-time passwords, the kinds of recorded change."""

import secrets
from enum import StrEnum

MIN_PASSWORD = 8
MAX_PASSWORD = 200
# No 0/O, 1/l/I: a one-time password is read off a screen and typed on a phone.
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
OTP_LENGTH = 10


class EventKind(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DISABLED = "disabled"
    ENABLED = "enabled"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"


def password_problem(password: str, *, username: str) -> str | None:
    """Why a new password is refused (a key of PASSWORD_PROBLEMS), or None when it will do."""
    if len(password) < MIN_PASSWORD:
        return "too_short"
    if len(password) > MAX_PASSWORD:
        return "too_long"
    if password.strip().casefold() == username.strip().casefold():
        return "is_username"
    return None


def one_time_password() -> str:
    """A random password for an administrator to hand over once; the account must change it at first login."""
    return "".join(secrets.choice(_OTP_ALPHABET) for _ in range(OTP_LENGTH))


def changes(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """field → [before, after] for the fields whose value differs: what an edit records."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
