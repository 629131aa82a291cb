"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live server.

Why the in-process live server and not a subprocess: the ballot test needs the personas and the
conference created by the test itself (fast, no demo load of ~70 members and a national tree),
and asserting on the rows afterwards; a subprocess would need its own file database prepared
and migrated per run. The live server is a real threaded WSGI server on a real port, so the
browsers speak plain HTTP to it exactly as to gunicorn; only Django's async-safety check must be
relaxed because Playwright's sync API keeps an event loop running in the test's thread.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from tests.clock import NOW

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Login:
    """A user who logs in through the real pages: password, then a TOTP code when needed."""

    username: str
    password: str
    totp_key: str | None

    def totp(self) -> str:
        """A code the device accepts: django-otp refuses a time step already used, so a second
        login within the same 30 s uses the next step (inside the device's tolerance of one)."""
        from django_otp.oath import TOTP

        assert self.totp_key is not None
        otp = TOTP(bytes.fromhex(self.totp_key))
        step = max(otp.t(), _USED_STEPS.get(self.totp_key, -1) + 1)
        _USED_STEPS[self.totp_key] = step
        otp.drift = step - otp.t()
        return f"{otp.token():06d}"


_USED_STEPS: dict[str, int] = {}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module; each persona gets its own context.

    Module scope, not session: while Playwright's sync API is alive it holds an event loop in
    this thread (so no other test in the process may start its own Playwright) and the
    DJANGO_ALLOW_ASYNC_UNSAFE it needs must not leak into unrelated tests or their
    subprocesses (``check --deploy`` rightly refuses it). Both end with the module.
    """
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} missing (run `python -m tests.setup_browser`)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    # Playwright's sync API keeps an event loop in this thread from now on; the ORM calls of
    # the tests and of pytest-django's teardown (flush) are still plain synchronous calls.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def close_connections() -> Iterator[None]:
    """ORM calls made under Playwright's loop use a context-local connection: close it, or
    PostgreSQL keeps the test database busy at teardown."""
    yield
    connections.close_all()


def make_login(username: str, org: Any, role: str | None) -> Login:
    """A user with a password, ``role`` on ``org`` and a confirmed TOTP device when required."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from phieukin.accounts.models import RoleAssignment, User
    from phieukin.accounts.services import needs_otp

    password = f"{username}-{secrets.token_hex(4)}"
    user = User.objects.create_user(
        username=username, password=password, full_name=username.title()
    )
    if role:
        RoleAssignment.objects.create(user=user, organization=org, role=role, granted_at=NOW)
    key = None
    if needs_otp(user):
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="test", key=key, confirmed=True)
    return Login(username, password, key)


# The questions the pages asked before an irreversible action (data-confirm, window.confirm),
# in order; the persona agrees to each, as the person at the keyboard would.
CONFIRMATIONS: list[str] = []


def _agree(dialog: Any) -> None:
    CONFIRMATIONS.append(dialog.message)
    dialog.accept()


def login(context: Any, base_url: str, who: Login) -> Any:
    """Log in through the login page (and the second-factor page); returns the page.

    The page agrees to every confirmation it is asked (recorded in CONFIRMATIONS)."""
    page = context.new_page()
    page.on("dialog", _agree)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", who.username)
    page.fill("input[name=password]", who.password)
    page.click("form button[type=submit]")
    if who.totp_key:
        page.wait_for_selector("input[name=token]")
        page.fill("input[name=token]", who.totp())
        page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login" not in page.url, f"{who.username} not logged in: {page.url}"
    return page


def import_file(page: Any, base_url: str, path: Path) -> str:
    """Upload ``path`` on the import page and wait for the job's result; returns its text."""
    page.goto(f"{base_url}/organizations/import/")
    page.set_input_files("input[type=file][name=file]", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#import-progress")  # the job page: progress, then the result
    page.wait_for_selector("#import-progress:not([hx-get])", timeout=30_000)
    return page.text_content("#import-progress") or ""


@pytest.fixture
def org(transactional_db: None) -> Any:
    from phieukin.organizations.models import OrganizationKind
    from phieukin.organizations.services.tree import do_create_organization

    return do_create_organization(
        code="HN",
        name="Đảng bộ Thành phố Hà Nội",
        kind=OrganizationKind.PROVINCIAL,
        parent=None,
        actor=None,
    )


@pytest.fixture
def agenda_item(org: Any) -> Any:
    """Conference No. 16: nine official members convened, eight present, one guest."""
    from phieukin.meetings.models import (
        AgendaItem,
        AgendaKind,
        Attendance,
        AttendeeRole,
        Conference,
    )
    from phieukin.organizations.models import Member, MemberStatus

    conf = Conference.objects.create(
        organization=org, title="Hội nghị lần thứ 16 BCH", held_on=dt.date(2025, 12, 20)
    )
    for i in range(9):
        member = Member.objects.create(
            card_number=f"0100{i:04d}",
            full_name=f"Nguyễn Văn {chr(65 + i)}",
            birth_date=dt.date(1970, 1, 1),
            sex="male",
            admitted_on=dt.date(1995, 1, 1),
            official_on=dt.date(1996, 1, 1),
            status=MemberStatus.OFFICIAL,
            organization=org,
        )
        Attendance.objects.create(
            conference=conf, member=member, role=AttendeeRole.MEMBER, present=i < 8
        )
    Attendance.objects.create(
        conference=conf, guest_name="Khách mời", role=AttendeeRole.GUEST, present=True
    )
    return AgendaItem.objects.create(
        conference=conf, order=1, title="Xếp loại chất lượng", kind=AgendaKind.RATING
    )


@pytest.fixture
def admin_login(transactional_db: None) -> Login:
    """A superuser (second factor required), as the demo's ``admin``."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from phieukin.accounts.models import User

    password = f"admin-{secrets.token_hex(4)}"
    user = User.objects.create_superuser("admin", "admin@example.org", password)
    key = secrets.token_hex(20)
    TOTPDevice.objects.create(user=user, name="test", key=key, confirmed=True)
    return Login("admin", password, key)
