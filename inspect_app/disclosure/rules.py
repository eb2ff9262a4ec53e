"""A disclosure's fields, what a new version changes, and which uploads count as published accounts (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

MAX_NAME = 50
MAX_TEXT = 2000
MAX_TITLE = 100
PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")  # a mobile, a landline with area code, a 400 line
DOCUMENT_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class DisclosureInput:
    project_manager: str
    service_phone: str
    service_standard: str
    fee_standard: str


def changed(before: DisclosureInput | None, after: DisclosureInput) -> list[str]:
    """The fields a new version changes (all of them for the first one); none: nothing to record."""
    return [f.name for f in fields(DisclosureInput)
            if before is None or getattr(before, f.name) != getattr(after, f.name)]


def document_type(head: bytes) -> str | None:
    """A PDF, JPEG or PNG by its first bytes (never by its name or declared type); None for anything else."""
    return next((mimetype for magic, mimetype in DOCUMENT_TYPES.items() if head.startswith(magic)), None)
