"""`flask places import FILE.xlsx [--dry-run]`: places, companies and accounts from a workbook."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from inspect_app.places import importing, workbook


def register(app: Flask) -> None:
    app.cli.add_command(places_group)


places_group = AppGroup("places", help="小区、社区、街道与物业公司 Places and property companies.")


@places_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and list the changes; write nothing.")
def import_command(path: Path, dry_run: bool) -> None:
    """Import the sheets 物业公司, 小区 and 账号 (all rows valid, or nothing is written)."""
    result = importing.import_workbook(path.read_bytes(), dry_run=dry_run)
    plan = result.plan
    for error in plan.errors:
        where = f"{error.sheet} 第 {error.row} 行" if error.row else error.sheet or "文件"
        click.echo(f"错误 {where}: {error.message}", err=True)
    if not plan.is_valid:
        raise click.ClickException(f"{len(plan.errors)} 处错误，未写入任何数据。 Nothing written.")
    for (sheet, action), n in plan.counts().items():
        click.echo(f"{sheet} {action}: {n}")
    if not plan.changes:
        click.echo("没有变化。 Nothing to change.")
    elif dry_run:
        click.echo("试运行，未写入。 Dry run: nothing written.")
    else:
        click.echo(f"已导入 {len(plan.changes)} 项变更。 Imported.")
    for account in result.created_accounts:
        click.echo(f"账号 {account.username} 一次性密码 {account.one_time_password}")


@places_group.command("template")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def template_command(path: Path) -> None:
    """Write the empty import workbook (its header rows and notes)."""
    path.write_bytes(workbook.template())
    click.echo(f"written {path}")
