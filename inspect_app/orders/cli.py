"""`flask orders …`: list rectification orders and write an issued order's PDF."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from inspect_app.core.db import db
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.tasks import daily_deadline_jobs


def register(app: Flask) -> None:
    app.cli.add_command(orders_group)


orders_group = AppGroup("orders", help="整改通知书 Rectification orders.")


@orders_group.command("list")
@click.option("--state", help="Only orders in this state (draft, issued, …).")
def list_command(state: str | None) -> None:
    """One order a line: number (or 草稿#id), company, neighbourhood, state, deadline."""
    stmt = (select(RectificationOrder)
            .options(joinedload(RectificationOrder.company), joinedload(RectificationOrder.neighborhood))
            .order_by(RectificationOrder.year.is_(None), RectificationOrder.year, RectificationOrder.sequence,
                      RectificationOrder.id))
    if state:
        stmt = stmt.where(RectificationOrder.state == state)
    orders = db.session.scalars(stmt).all()
    for order in orders:
        label = order.number or f"草稿#{order.id}"
        deadline = order.deadline.isoformat() if order.deadline else "—"
        click.echo("\t".join((label, order.company.name, order.neighborhood.name, order.state, deadline)))
    if not orders:
        click.echo("没有整改通知书。 No orders.", err=True)


@orders_group.command("pdf")
@click.argument("number")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="Where to write the PDF.")
def pdf_command(number: str, output: Path) -> None:
    """Write the PDF of the order numbered NUMBER (e.g. 经开整改〔2026〕第0042号), stored once per revision."""
    from inspect_app.orders.pdf import ensure_order_pdf  # WeasyPrint loads only when a PDF is made
    from inspect_app.pdf.service import PdfError

    order = db.session.scalar(select(RectificationOrder).where(RectificationOrder.number == number.strip()))
    if order is None:
        raise click.ClickException(f"未找到编号为 {number} 的整改通知书 / no order numbered {number}")
    try:
        data = ensure_order_pdf(order)
    except PdfError as error:
        raise click.ClickException(str(error)) from error
    output.write_bytes(data)
    click.echo(f"{output} ({len(data)} bytes)")


@orders_group.command("daily")
def daily_command() -> None:
    """Run the daily deadline jobs now (reminders, overdue sweep, 督办): what the worker runs at 8; harmless twice."""
    result = daily_deadline_jobs.call_local()
    click.echo(f"reminded {result['reminded']}, overdue {result['overdue']}, escalated {result['escalated']}")
