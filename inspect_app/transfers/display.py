"""How transfers read on pages; the transfers blueprint makes these template globals (the finding page asks)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.findings.models import Finding
from inspect_app.transfers import queries, services
from inspect_app.transfers.models import Transfer
from inspect_app.transfers.rules import TransferState


def transfer_state_names() -> dict[str, str]:
    return {TransferState.PENDING: _l("办理中"), TransferState.DONE: _l("已办结"), TransferState.RETURNED: _l("已退回")}


def finding_transfers(finding: Finding) -> list[Transfer]:
    return queries.finding_transfers(finding)


def pending_transfer_count() -> int:
    """The area's transfers still with a department (the staff's home links to them)."""
    return services.pending_count(current_user) if current_user.is_authenticated else 0


def register(bp: Blueprint) -> None:
    for function in (transfer_state_names, finding_transfers, pending_transfer_count):
        bp.add_app_template_global(function)
