"""Operations commands: storage check, backup, restore (thin: the work is in ops/storage_check and ops/backup)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from inspect_app.ops import backup as backups
from inspect_app.ops import storage_check


def _print_check(report: storage_check.Report, *, fixed: bool) -> None:
    click.echo(f"上传目录 upload folder: {report.root}")
    click.echo(f"  {report.files} files, {len(report.referenced)} referenced by rows")
    for relative in report.unreferenced:
        verb = "removed" if relative in report.removed else "unreferenced"
        click.echo(f"  {verb} file: {relative}")
    for ref in report.missing:
        click.echo(f"  missing file: {ref.table} {ref.row_id} {ref.column} = {ref.path}")
    if report.recent:
        click.echo(f"  {len(report.recent)} unreferenced file(s) younger than the minimum age left alone")
    if report.missing:
        click.echo("  rows with missing files are never changed here: restore the files from a backup")
    elif report.unreferenced and not fixed:
        click.echo("  run again with --fix to remove the unreferenced files")


def _print_manifest(manifest: dict, where: Path) -> None:
    uploads = manifest["uploads"]
    click.echo(f"{where}: {manifest['database']} database ({manifest['database_file']}), "
               f"{uploads['files']} files ({uploads['bytes']} bytes), made {manifest['created_at']}")


def register(app: Flask) -> None:
    _register_storage(app)
    _register_backup(app)


def _register_storage(app: Flask) -> None:
    @app.cli.group("storage")
    def storage() -> None:
        """Stored files (UPLOAD_FOLDER) against database rows."""

    @storage.command("check")
    @click.option("--fix", is_flag=True, help="Remove files no row references (rows are never changed).")
    @click.option("--min-age", type=click.IntRange(min=0), default=storage_check.DEFAULT_MIN_AGE_SECONDS // 60,
                  show_default=True, help="Minutes: younger files may belong to an upload in progress.")
    def check_command(fix: bool, min_age: int) -> None:
        """Report unreferenced files and rows whose file is missing; exit status 1 when any remain."""
        report = storage_check.check(min_age_seconds=min_age * 60)
        if fix:
            storage_check.fix(report)
        _print_check(report, fixed=fix)
        remaining = not report.is_clean if fix else bool(report.missing or report.unreferenced)
        if remaining:
            raise SystemExit(1)


def _register_backup(app: Flask) -> None:
    @app.cli.command("backup")
    @click.argument("dest", type=click.Path(path_type=Path))
    def backup_command(dest: Path) -> None:
        """Write a consistent copy of the database and the uploads, with manifest.json, to DEST (a new folder)."""
        try:
            manifest = backups.backup(dest)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from error
        _print_manifest(manifest, dest)

    @app.cli.command("restore")
    @click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore_command(src: Path, yes: bool) -> None:
        """Replace the database with the backup in SRC and bring back its files. Stop the app servers first."""
        try:
            manifest = backups.read_manifest(src)
            _print_manifest(manifest, src)
            if not yes:
                click.confirm("这会覆盖当前数据库 This replaces the current database. Continue?", abort=True)
            backups.restore(src)
            differences = backups.verify(manifest)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from error
        for line in differences:
            click.echo(f"  differs: {line}")
        click.echo("restored" if not differences else "restored, but row counts differ from the backup")
        _print_check(storage_check.check(), fixed=False)
