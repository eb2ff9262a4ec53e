"""Form helpers shared by every area."""

import re
import unicodedata
from collections.abc import Mapping

# What the pages and the phone's outbox send: a random hex string (32 characters); anything else is no key.
_CLIENT_KEY = re.compile(r"[0-9A-Za-z_-]{1,40}")


def client_key(form: Mapping[str, str], name: str = "client_key") -> str | None:
    """The double-submit key of a form: a replayed or double-tapped request carrying it changes nothing twice."""
    key = (form.get(name) or "").strip()
    return key if _CLIENT_KEY.fullmatch(key) else None


# Kept in text echoed back: tab and newline. Dropped: other controls (Cc), format characters (Cf: the bidi
# overrides and isolates U+202A–U+202E, U+2066–U+2069, the marks U+200E/U+200F/U+061C, zero-width ones) and lone
# surrogates (Cs, from badly decoded names: PostgreSQL cannot store them).
_KEPT_CONTROLS = {"\t", "\n"}


def plain_text(value: str) -> str:
    """Text fit to show back to a user: a file name with a right-to-left override cannot reorder the message."""
    return "".join(ch for ch in value if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
