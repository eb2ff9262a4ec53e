"""`flask notifications …`: an account's inbox on the terminal, and running what the queue holds."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core import queue
from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ
from inspect_app.notifications import services


def register(app: Flask) -> None:
    app.cli.add_command(notifications_group)


notifications_group = AppGroup("notifications", help="消息 Notifications.")


@notifications_group.command("list")
@click.option("--user", "username", required=True, help="The account's username.")
@click.option("--unread", is_flag=True, help="Only the unread ones.")
def list_command(username: str, unread: bool) -> None:
    """One entry a line, newest first: time, read mark, kind, title, link."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no such user: {username}")
    entries, _ = services.inbox(user)
    for entry in entries:
        if unread and entry.read_at:
            continue
        when = entry.created_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
        mark = " " if entry.read_at else "*"
        click.echo(f"{when} {mark} {entry.kind:<18} {entry.title}  {entry.link}")
    click.echo(f"{services.unread_count(user)} unread")


@notifications_group.command("drain")
def drain_command() -> None:
    """Run the queued tasks now, in this process (when no worker runs)."""
    click.echo(f"{queue.drain()} tasks run")
