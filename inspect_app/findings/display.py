"""How a finding's state reads on pages, exports and PDFs; the findings blueprint makes it a template global."""

from flask import Blueprint, g, has_app_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from inspect_app.findings.ledger import TO_CLOSE, UNCLOSED
from inspect_app.findings.rules import FindingState


def finding_state_names() -> dict[str, str]:
    """Translated once per request and language: a page of hundreds of rows would otherwise look each name up
    again for every row (a lazy string translates itself each time it is printed)."""
    if not has_app_context():
        return _state_names()
    key = ("finding_state_names", str(get_locale()))
    cached = g.get("display_names", {})
    if key not in cached:
        cached[key] = {state: str(name) for state, name in _state_names().items()}
        g.display_names = cached
    return cached[key]


def _state_names() -> dict[str, str]:
    return {FindingState.OPEN: _l("挂账"), FindingState.ORDERED: _l("已下发整改"),
            FindingState.REPORTED: _l("已反馈待复查"), FindingState.TRANSFERRED: _l("已转办"),
            FindingState.CLOSED: _l("已销号")}


def ledger_state_names() -> dict[str, str]:
    """The ledger's state filter, in its order, and the tiles that link to it: one name for each list."""
    return {UNCLOSED: _l("未销号"), **finding_state_names(), TO_CLOSE: _l("待销号")}


def register(bp: Blueprint) -> None:
    bp.add_app_template_global(finding_state_names)
    bp.add_app_template_global(ledger_state_names)
