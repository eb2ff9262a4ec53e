"""`flask ledger export`: the district-level ledger as an xlsx or CSV file, with the page's filters."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.findings import export, ledger
from inspect_app.findings.models import FindingState
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict

ledger_cli = AppGroup("ledger", help="整改台账 Rectification ledger.")


@ledger_cli.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write: .xlsx or .csv.")
@click.option("--subdistrict", help="街道 name.")
@click.option("--community", help="社区 name.")
@click.option("--neighborhood", help="小区 name.")
@click.option("--company", help="物业公司 name.")
@click.option("--category", help="Category code (H, Q, F, G, S).")
@click.option("--state", type=click.Choice([s.value for s in FindingState]))
@click.option("--overdue", is_flag=True, help="Only overdue findings.")
@click.option("--since", help="Found on or after YYYY-MM-DD.")
@click.option("--until", help="Found on or before YYYY-MM-DD.")
def export_command(output: Path, subdistrict: str | None, community: str | None, neighborhood: str | None,
                   company: str | None, category: str | None, state: str | None, overdue: bool,
                   since: str | None, until: str | None) -> None:
    """Export the whole district's ledger (no company scoping)."""
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter("must end in .xlsx or .csv", param_hint="--output")
    try:
        args = filter_args_from_names(subdistrict=subdistrict, community=community,
                                             neighborhood=neighborhood, company=company)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    args |= {k: v for k, v in {"category": category, "state": state, "since": since, "until": until}.items() if v}
    filters, errors = ledger.parse_filters(args | ({"overdue": "1"} if overdue else {}), ledger.category_names())
    if errors:
        raise click.ClickException(" ".join(errors))
    count = export.write_file(output, filters, user=None, today=local_today())
    click.echo(f"已导出 {count} 条问题到 {output} / {count} findings written to {output}")


def filter_args_from_names(**names: str | None) -> dict[str, str]:
    """Place and company names (as typed on the command line) → filter arguments; unknown or ambiguous refused."""
    models: dict[str, type[Subdistrict | Community | Neighborhood | PropertyCompany]] = {
        "subdistrict": Subdistrict, "community": Community, "neighborhood": Neighborhood, "company": PropertyCompany}
    args = {}
    for field, name in names.items():
        if not name:
            continue
        ids = db.session.scalars(select(models[field].id).where(models[field].name == name)).all()
        if not ids:
            raise DomainError(_("找不到%(label)s“%(name)s”", label=ledger.label(field), name=name), field=field)
        if len(ids) > 1:
            raise DomainError(_("%(label)s“%(name)s”不唯一", label=ledger.label(field), name=name), field=field)
        args[field] = str(ids[0])
    return args


def register(app: Flask) -> None:
    app.cli.add_command(ledger_cli)
