"""How transfers read on pages; the transfers blueprint makes these template globals (the finding page asks)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspect_app.findings.models import Finding
from inspect_app.transfers import queries
from inspect_app.transfers.models import Transfer
from inspect_app.transfers.rules import TransferState


def transfer_state_names() -> dict[str, str]:
    return {TransferState.PENDING: _l("办理中"), TransferState.DONE: _l("已办结"), TransferState.RETURNED: _l("已退回")}


def finding_transfers(finding: Finding) -> list[Transfer]:
    return queries.finding_transfers(finding)


def register(bp: Blueprint) -> None:
    for function in (transfer_state_names, finding_transfers):
        bp.add_app_template_global(function)
