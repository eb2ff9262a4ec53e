"""Command-line entry points; each calls services only."""

import click
from flask import Flask

from inspect_app.auth import services as auth
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.findings import cli as findings_cli
from inspect_app.notifications import cli as notifications_cli
from inspect_app.ops import cli as ops_cli
from inspect_app.orders import cli as orders_cli
from inspect_app.places import cli as places_cli
from inspect_app.transfers import cli as transfers_cli
from inspect_app.workdays import cli as workdays_cli

AREA_COMMANDS = (ops_cli, orders_cli, findings_cli, workdays_cli, notifications_cli, places_cli, transfers_cli)


def register(app: Flask) -> None:
    for area in AREA_COMMANDS:
        area.register(app)

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
    def seed_demo_command(if_empty: bool) -> None:
        """Load the demo data from the seed article (safe to run twice)."""
        from inspect_app import demo

        if if_empty and not demo.is_empty():
            click.echo("数据库已有数据，跳过演示数据。 Database not empty: demo data skipped.")
            return
        users = demo.seed_demo()
        click.echo(f"演示账号 Demo logins (password / 密码: {demo.DEMO_PASSWORD}):")
        for user in users:
            company = f"  [{user.company.name}]" if user.company else ""
            click.echo(f"  {user.role:<11} {user.username:<12}{company}")

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
    @click.option("--company", "company_name", help="Property company name (role company only).")
    @click.option("--area", "area_name",
                  help="Staff area: the district, a subdistrict or a community (by name; 街道/社区 if ambiguous).")
    @click.option("--neighborhood", "neighborhood_name", help="An owners' committee's neighbourhood (role committee).")
    @click.option("--display-name")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    def create_user_command(username: str, role: str, company_name: str | None, area_name: str | None,
                            neighborhood_name: str | None, display_name: str | None, password: str) -> None:
        """Create an account (password prompted unless --password is given)."""
        try:
            user = auth.create_user(username, role=role, password=password, display_name=display_name,
                                    company_name=company_name, area_name=area_name,
                                    neighborhood_name=neighborhood_name)
        except DomainError as error:
            raise click.ClickException(error.message) from error
        area = f", {user.area_name}" if user.area_name else ""
        click.echo(f"created {user.username} ({user.role}{area})")
