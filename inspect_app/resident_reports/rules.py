"""Pure rules for residents' reports: receipt codes, phone numbers, titles, categories and public progress."""

import re
import secrets
import unicodedata
from enum import StrEnum

from inspect_app.findings.rules import FindingState


class ReportStatus(StrEnum):
    """A report waits for triage, then is accepted (a new finding), declined (with a reason) or merged."""

    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    MERGED = "merged"


# No 0/O, 1/I: a code read aloud or copied from a screenshot cannot be mistyped into another one.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 8
OTHER_CATEGORY = "X"  # 其他: not a checklist category
# Where "其他" lands on the ledger unless the inspector picks another category at triage.
OTHER_FINDING_CATEGORY = "S"
TITLE_LENGTH = 40

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_CODE = re.compile(rf"[{RECEIPT_ALPHABET}]{{{RECEIPT_LENGTH}}}")


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalize_receipt_code(raw: str) -> str | None:
    """What a resident typed (any case, spaces or dashes, full-width) as a stored code; None if it cannot be one."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    code = "".join(ch for ch in text if ch.isalnum())
    return code if _CODE.fullmatch(code) else None


def normalize_phone(raw: str) -> str | None:
    """A mainland mobile (13800138000, +86 allowed) or landline (0313-1234567, extension allowed); else None."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = re.sub(r"[\s()（）]", "", text).replace("—", "-").replace("－", "-")
    text = re.sub(r"^(\+|00)?86-?(?=1)", "", text)
    if _MOBILE.fullmatch(text.replace("-", "")):
        return text.replace("-", "")
    return text if _LANDLINE.fullmatch(text) else None


def title_from(description: str) -> str:
    """The finding's title: the description's first words on one line."""
    text = " ".join(description.split())
    return text if len(text) <= TITLE_LENGTH else text[:TITLE_LENGTH] + "…"


def finding_category(report_category: str) -> str:
    return OTHER_FINDING_CATEGORY if report_category == OTHER_CATEGORY else report_category


STEPS = ("received", "accepted", "in_progress", "closed")


def progress_steps(status: str, finding_state: str | None) -> list[tuple[str, bool]]:
    """The steps a resident sees, each with whether it is reached; a declined report stops after receipt."""
    if status == ReportStatus.DECLINED:
        return [("received", True), ("declined", True)]
    reached = 1
    if status in (ReportStatus.ACCEPTED, ReportStatus.MERGED):
        on_ledger: dict[str, int] = {FindingState.ORDERED: 3, FindingState.REPORTED: 3, FindingState.TRANSFERRED: 3,
                                     FindingState.CLOSED: 4}
        reached = on_ledger.get(finding_state or "", 2)
    return [(step, index < reached) for index, step in enumerate(STEPS)]
