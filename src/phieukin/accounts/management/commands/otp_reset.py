"""``phieukin otp_reset USERNAME``: remove a user's second-factor devices (lost phone)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phieukin.accounts.models import User
from phieukin.accounts.services import do_reset_otp


class Command(BaseCommand):
    help = "Reset a user's two-step verification; they enrol a new device at next login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        removed = do_reset_otp(user, actor=None)
        self.stdout.write(f"removed {removed} device(s) of {user.username}; enrol at next login")
