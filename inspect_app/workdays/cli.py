"""`flask workdays …`: working-day arithmetic and the years the calendar knows."""

import click
from flask import Flask
from flask.cli import AppGroup

from inspect_app.core.errors import DomainError
from inspect_app.workdays import forms, services


def register(app: Flask) -> None:
    app.cli.add_command(workdays_group)


workdays_group = AppGroup("workdays", help="工作日 Working days (statutory holidays and make-up days).")


@workdays_group.command("add")
@click.argument("start", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("count", type=int)
def add_command(start, count: int) -> None:
    """Print the date COUNT working days after START (YYYY-MM-DD)."""
    try:
        click.echo(services.add_workdays(start.date(), count).isoformat())
    except DomainError as error:
        raise click.ClickException(error.message) from error


@workdays_group.command("years")
def years_command() -> None:
    """Which years' holiday arrangements are loaded (package and admin table)."""
    click.echo(services.years_label())


@workdays_group.command("enter")
@click.argument("year", type=int)
@click.option("--holidays", default="", help="Days off: 2027-01-01..2027-01-03, 2027-02-06 …")
@click.option("--workdays", "make_up", default="", help="Make-up working days (weekends): 2027-02-20 …")
@click.option("--note", default="", help="The notice it comes from.")
def enter_command(year: int, holidays: str, make_up: str, note: str) -> None:
    """Enter a year the calendar package does not know yet, from the State Council's notice."""
    try:
        entry = services.enter_year(year, holidays=forms.parse_days(holidays, year=year, field="holidays"),
                                    workdays=forms.parse_days(make_up, year=year, field="workdays"),
                                    actor_id=None, note=note)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{entry.year}: {services.years_label()}")
