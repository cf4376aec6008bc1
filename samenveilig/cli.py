"""Command-line tasks: flask --app app create-user / seed-demo / purge-expired / backup /
pdf-worker."""

import logging
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from . import live
from .auth.forms import MIN_PASSWORD
from .extensions import db
from .inputs import one_line
from .models import ROLE_LABELS, Case, User


def register(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(purge_expired)
    app.cli.add_command(backup)
    app.cli.add_command(pdf_worker)


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="Volledige naam.")
@click.option("--role", type=click.Choice([role.value for role in ROLE_LABELS]), default="consultant", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer.")
@with_appcontext
def create_user(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create a staff account, with any role at once: the way to make the first administrators
    and team leads (in the app, those roles wait for a second person; docs/deployment.md)."""
    from .auth import services

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Nog eens")
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"Kies een wachtwoord van minstens {MIN_PASSWORD} tekens.")
    email = services.normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise click.ClickException(f"Er bestaat al een gebruiker met e-mailadres {email}.")
    name = one_line(name).strip()
    if not name:
        raise click.ClickException("Vul een naam in.")
    user = User(email=email, name=name, role=role)
    user.set_password(password)
    with live.write():
        db.session.add(user)
    click.echo(f"Gebruiker {email} ({ROLE_LABELS[role]}) aangemaakt.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Alleen als er nog geen dossiers en gebruikers zijn.")
@click.option("--base-url", default="", help="Het adres van de app, om de gezinslink volledig te tonen.")
@with_appcontext
def seed_demo(if_empty: bool, base_url: str) -> None:
    """Create a demo team with three demo cases and print the demo logins (and, the one
    time it can be shown, the demo family link and Yasmine's own link)."""
    from .demo import DEMO_PASSWORD, Demo, demo_users, seed

    empty = not db.session.scalar(select(func.count()).select_from(User)) and not db.session.scalar(
        select(func.count()).select_from(Case)
    )
    if if_empty and not empty:
        demo = Demo(demo_users())
        click.echo("De databank bevat al gegevens; geen demogegevens toegevoegd.")
    else:
        demo = seed()
        click.echo("Demogegevens aangemaakt.")
    if demo.users:
        click.echo("Aanmelden kan met:")
    for user in demo.users:
        click.echo(f"  {user.email:<36} {DEMO_PASSWORD}   ({user.role_label})")
    if demo.family_link:
        link = f"{base_url.rstrip('/')}/gezin/{demo.family_link}"
        click.echo(f"Gezinslink van gezin El Amrani (wordt maar één keer getoond): {link}")
    if demo.child_link:
        link = f"{base_url.rstrip('/')}/kind/{demo.child_link}"
        click.echo(f"Eigen link van Yasmine (14) (wordt maar één keer getoond): {link}")


@click.command("purge-expired")
@click.option("--dry-run", is_flag=True, help="Toon alleen welke dossiers vernietigd zouden worden.")
@with_appcontext
def purge_expired(dry_run: bool) -> None:
    """Destroy the closed cases whose retention period has ended (run daily)."""
    from .cases import retention
    from .dates import date_nl, today

    on = today()
    due = retention.due_cases(on)
    if not due:
        click.echo("Geen dossiers waarvan de bewaartermijn verstreken is.")
        return
    for entry in due:
        if dry_run:
            click.echo(f"{entry.case.reference}: bewaartermijn verstreken op {date_nl(entry.destroy_on)}")
        else:
            click.echo(retention.destroy(entry.case, on))
    if dry_run:
        click.echo(f"Proefdraai: {len(due)} dossier(s) zou(den) vernietigd worden; niets gewijzigd.")


@click.command("backup")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the SQLite database (online, while the app runs) and the instance files to PATH."""
    from .backup import BackupRefused, make_backup

    try:
        made = make_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(current_app.instance_path), path)
    except BackupRefused as refused:
        raise click.ClickException(str(refused)) from refused
    if made.database:
        click.echo(f"Databank gekopieerd naar {made.database}.")
    else:
        click.echo("De databank is PostgreSQL: maak er een kopie van met pg_dump (zie docs/deployment.md).")
    for file in made.files:
        click.echo(f"Gekopieerd: {file}")


@click.command("pdf-worker")
@click.option("--concurrency", type=click.IntRange(min=1), help="Hoeveel PDF's tegelijk (standaard PDF_CONCURRENCY).")
@with_appcontext
def pdf_worker(concurrency: int | None) -> None:
    """Make the queued PDFs, beside the web server, until stopped (SIGTERM or Ctrl+C)."""
    from .review import worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(processName)s %(levelname)s %(message)s")
    app = current_app._get_current_object()
    if concurrency:
        app.config["PDF_CONCURRENCY"] = concurrency
    click.echo(f"PDF-maker gestart: {app.config['PDF_CONCURRENCY']} PDF('s) tegelijk.")
    worker.serve(app)
