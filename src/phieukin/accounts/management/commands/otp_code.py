"""``phieukin otp_code USERNAME``: print the current code of a DEMO second-factor device.

Only devices created by the demo (``accounts.demo.DEMO_DEVICE_NAME``, whose keys are public)
are accepted; a real user's device is refused, so this is never a way around the second factor.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.demo import DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the current two-step code of a demo login (demo devices only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__username=options["username"], name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{options['username']!r} has no demo device (only demo logins do)")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        remaining = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}  (valid for {remaining} s)")
