"""Form helpers shared by every area."""

import re
from collections.abc import Mapping

# What the pages and the phone's outbox send: a random hex string (32 characters); anything else is no key.
_CLIENT_KEY = re.compile(r"[0-9A-Za-z_-]{1,40}")


def client_key(form: Mapping[str, str], name: str = "client_key") -> str | None:
    """The double-submit key of a form: a replayed or double-tapped request carrying it changes nothing twice."""
    key = (form.get(name) or "").strip()
    return key if _CLIENT_KEY.fullmatch(key) else None
