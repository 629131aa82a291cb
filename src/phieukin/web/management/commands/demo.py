"""``phieukin demo [--reset] [--serve] [--port N] [--lan] [--seed N]``: the realistic demo.

``--scale national [--fraction F]`` loads the synthetic national data set instead (PostgreSQL).

Migrates, then loads the demo (``phieukin.web.demo``) into an empty database. A database that
already holds data is left alone unless ``--reset`` asks to wipe it, so running ``make demo``
twice keeps whatever was done in the first session. ``--serve`` then prints the URL and the
demo logins and serves on http://127.0.0.1:8000.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phieukin.web.demo import (
    DEFAULT_SEED,
    database_is_empty,
    load_demo,
    wipe_database,
)
from phieukin.web.demo.users import LOGINS
from phieukin.web.management.commands.serve import run_server


class Command(BaseCommand):
    help = "Load the realistic demo (a fictitious city Party organization) and optionally serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="wipe the database first")
        parser.add_argument("--serve", action="store_true", help="then run the web server")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--lan", action="store_true", help="serve on the local network")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help="national: synthetic country-wide data set on PostgreSQL (see demo/national.py)",
        )
        parser.add_argument("--fraction", type=float, default=1.0, help="of the national size")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if options["scale"] == "national":
            self._national(options["fraction"])
            return
        if options["reset"]:
            wipe_database()
            self.stdout.write("Database wiped.")
        if database_is_empty():
            summary = load_demo(seed=options["seed"])
            self.stdout.write(
                f"Demo loaded in {summary.seconds:.1f} s: {summary.organizations} organizations, "
                f"{summary.members} party members, {summary.conference.title} "
                f"({summary.conference.held_on:%d/%m/%Y})."
            )
        elif not options["serve"]:
            self.stderr.write("The database already holds data: nothing loaded (--reset wipes it).")
            return
        else:
            self.stdout.write("The database already holds data: serving it as it is.")
        self._print_logins()
        if options["serve"]:
            run_server(port=options["port"], lan=options["lan"], out=self.stdout)

    def _national(self, fraction: float) -> None:
        from phieukin.web.demo.national import NationalScaleError, generate_national

        try:
            summary = generate_national(fraction=fraction, say=self.stdout.write)
        except NationalScaleError as exc:
            raise CommandError(str(exc)) from exc
        seconds = sum(summary.seconds.values())
        self.stdout.write(
            f"National data set loaded: {summary.total_rows:,} rows in {seconds:.1f} s "
            f"(period id {summary.period_id})."
        )

    def _print_logins(self) -> None:
        names = dict(get_user_model().objects.values_list("username", "full_name"))
        self.stdout.write("\nDemo logins (local toy database — public passwords):")
        for login in LOGINS:
            who = names.get(login.username, "")
            if login.member_position and login.member_position not in login.description:
                who = f"{who}, {login.member_position}"
            self.stdout.write(
                f"  {login.username:<12} {login.password:<17} {login.description}"
                + (f" — {who}" if who and who not in login.description else "")
            )
        self.stdout.write(
            "\nStaff, chair, counting-board and admin logins need a second factor (TOTP). In the"
            "\ndemo, print the current code with:  phieukin otp_code USERNAME"
        )
        self.stdout.write("")
