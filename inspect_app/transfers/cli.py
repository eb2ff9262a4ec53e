"""`flask --app inspect_app transfers daily`: the transfers' daily job, now."""

import click
from flask import Flask
from flask.cli import AppGroup

from inspect_app.transfers.tasks import daily_transfer_reminders


def register(app: Flask) -> None:
    app.cli.add_command(transfers_group)


transfers_group = AppGroup("transfers", help="转办 Transfers to departments.")


@transfers_group.command("daily")
def daily_command() -> None:
    """Remind departments of deadlines near and passed, tell staff of the overdue: what the worker runs at 8:05."""
    result = daily_transfer_reminders.call_local()
    click.echo(f"reminded {result['reminded']}, overdue {result['overdue']}, staff told {result['staff']}")
