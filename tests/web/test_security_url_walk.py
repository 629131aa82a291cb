"""Every URL pattern × every persona gets the status its access rule promises.

How a view states its rule (so that a new view without a check fails here):

- ``@declare_access(public=True)``: anyone, anonymous included.
- ``@declare_access(login=True)``: any logged-in user; anonymous is sent to the login page.
- ``@declare_access(role=R | (R, ...) | None, kwarg="pk", model="app.Model", org_field=...)``:
  the object ``model`` with pk ``kwargs[kwarg]`` belongs to an organization (``org_field``,
  default ``"organization"``, or the model itself for Organization); not visible -> 404,
  visible without ``role`` -> 403 (``phieukin.accounts.permissions`` semantics).
  ``org_role_required`` sets this for you.
- ``@declare_access(roles=(R, ...))``: a page with no object: 403 unless the user holds one of
  ``roles`` somewhere.
- ``@declare_access(owner="user", kwarg=..., model=...)``: the object belongs to one user
  (its ``user`` field); anyone else gets 404.
- any of the above plus ``expect={"persona": "ok" | "forbidden" | "not_found" | "denied"}``:
  per-persona overrides for rules the permission layer cannot know (a trustee's seat on one
  ballot, an attendee's access to a conference).

Views of third-party code are listed in ``THIRD_PARTY``. Views that only accept POST are
POSTed (empty body) by the personas that must be refused — never by those that may act.
Hostile names (``<script>``) are planted in the demo first, and no page may echo them raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.accounts.permissions import has_role, organizations_for_user
from phieukin.accounts.services import do_create_api_token
from phieukin.organizations.models import Organization, OrganizationKind
from tests.clock import NOW

PERSONAS = {
    "anonymous": None,
    "member": "uyvien1",  # plain member linked to a party member of a cell
    "outsider_staff": "ngoai",  # Ban Tổ chức staff of an unrelated organization
    "staff": "bantochuc",
    "chair": "chutri",
    "trustee": "kiemphieu1",
    "superior": "captren",
    "inspector": "kiemtra",
    "admin": "admin",
}
THIRD_PARTY: dict[str, dict[str, Any]] = {
    "set_language": {"public": True},  # Django's language switch (POST, CSRF-protected)
}
BALLOT = {
    "kwarg": "pk",
    "model": "voting.Ballot",
    "org_field": "agenda_item__conference__organization",
}
# Rules stated here for views that do not carry ``declare_access`` yet (their owners may move
# them onto the views; a view's own declaration is merged over these). They mirror the view
# code: ``access_ballot(user, pk, role=...)``, ``access_trustee`` (the user's seat), or a
# public page of the bulletin board.
DECLARED_HERE: dict[str, dict[str, Any]] = {
    "voting:ballot_new": {
        "role": Role.ORG_STAFF,
        "kwarg": "agenda_item_id",
        "model": "meetings.AgendaItem",
        "org_field": "conference__organization",
    },
    "voting:ballot_detail": {**BALLOT, "role": (Role.ORG_STAFF, Role.CHAIR)},
    "voting:question_add": {**BALLOT, "role": Role.ORG_STAFF},
    "voting:rating_list_add": {**BALLOT, "role": Role.ORG_STAFF},
    "voting:trustees_set": {**BALLOT, "role": Role.ORG_STAFF},
    "voting:ceremony_start": {**BALLOT, "role": Role.ORG_STAFF},
    "voting:ceremony": {**BALLOT, "role": (Role.ORG_STAFF, Role.CHAIR, Role.TRUSTEE)},
    "voting:trustee_message": {
        **BALLOT,
        "role": Role.TRUSTEE,
        # Only a seat on this ballot's counting board counts (not the role, not superuser).
        "expect": dict.fromkeys(
            ("member", "outsider_staff", "staff", "chair", "superior", "inspector", "admin"),
            "not_found",
        ),
    },
    "voting:chair": {**BALLOT, "role": (Role.CHAIR, Role.ORG_STAFF)},
    "voting:chair_open": {**BALLOT, "role": (Role.CHAIR, Role.ORG_STAFF)},
    "voting:chair_close": {**BALLOT, "role": (Role.CHAIR, Role.ORG_STAFF)},
    # The public bulletin board: anyone, by design (docs/architecture.md §3.5).
    **{
        f"voting:{name}": {"public": True, "kwarg": "pk", "model": "voting.Ballot"}
        for name in (
            "ceremony_json",
            "live",
            "projector",
            "result",
            "booth",
            "board",
            "record",
            "verify",
        )
    },
    **{
        f"voting:{name}": {"public": True, "kwarg": "ballot_id", "model": "voting.Ballot"}
        for name in ("api_election", "api_cast", "api_audit")
    },
    # An import job id that does not exist: refused (403) without the role, 404 with it.
    **{
        f"organizations:{name}": {
            "expect": {"staff": "not_found", "outsider_staff": "not_found", "admin": "not_found"}
        }
        for name in ("import_job", "import_progress")
    },
}
PARAM_VALUES = {
    "job_id": "00000000-0000-4000-8000-000000000000",
    "weight": "regular",
    "kind": "members",
    "fmt": "csv",
}
KWARG_MODELS = {
    "org_id": "organizations.Organization",
    "organization_id": "organizations.Organization",
    "member_id": "organizations.Member",
    "conference_id": "meetings.Conference",
    "agenda_item_id": "meetings.AgendaItem",
    "ballot_id": "voting.Ballot",
    "token_id": "accounts.ApiToken",
}
HOSTILE = '<script>alert("pk-xss")</script>'
OK, FORBIDDEN, NOT_FOUND, DENIED = "ok", "forbidden", "not_found", "denied"
MISSING = object()  # the demo holds no object of the declared model
MISSING_PK = 2_000_000_000


@dataclass
class Route:
    path: str  # the pattern, e.g. "voting/ballots/<int:pk>/"
    name: str
    callback: Any
    kwargs: tuple[str, ...]


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, ns: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                sub = f"{ns}:{p.namespace}".strip(":") if p.namespace else ns
                walk(p, prefix + str(p.pattern), sub)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                names = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
                found.append(Route(route, f"{ns}:{p.name}".strip(":"), p.callback, names))

    walk(get_resolver(), "", "")
    return [r for r in found if not r.path.startswith(("admin/", "static/"))]


def access_of(route: Route) -> dict[str, Any] | None:
    if route.name in THIRD_PARTY:
        return THIRD_PARTY[route.name]
    declared = _declared_on_view(route)
    here = DECLARED_HERE.get(route.name)
    if declared is None:
        return here
    return {**(here or {}), **declared}


def _declared_on_view(route: Route) -> dict[str, Any] | None:
    callback = route.callback
    for _ in range(5):  # through functools.wraps / as_view wrappers
        access = getattr(callback, "phieukin_access", None)
        if access is not None:
            return access
        callback = getattr(callback, "__wrapped__", None) or getattr(callback, "view_class", None)
        if callback is None:
            return None
        if isinstance(callback, type):
            return getattr(getattr(callback, "dispatch", None), "phieukin_access", None)
    return None


def org_of(obj: Any, org_field: str | None) -> Organization:
    if isinstance(obj, Organization):
        return obj
    for part in (org_field or "organization").split("__"):
        obj = getattr(obj, part)
    return obj


def expected(access: dict[str, Any], persona: str, user: User | None, obj: Any) -> str:
    if persona in access.get("expect", {}):
        return access["expect"][persona]
    if access.get("public"):
        return OK
    if user is None:
        return DENIED
    if obj is MISSING:
        return NOT_FOUND
    if access.get("login"):
        return OK
    if "owner" in access:  # the object belongs to one user: everyone else gets 404
        return OK if getattr(obj, f"{access['owner']}_id") == user.pk else NOT_FOUND
    anywhere = access.get("roles") or (access.get("role") if not access.get("kwarg") else None)
    if anywhere is not None and obj is None:  # a page about no one object: role held anywhere
        return OK if organizations_for_user(user, role=anywhere).exists() else FORBIDDEN
    if obj is None:
        return f"unusable declaration {access}"
    org = org_of(obj, access.get("org_field"))
    if not has_role(user, org, None):
        return NOT_FOUND
    if access.get("role") is not None and not has_role(user, org, access["role"]):
        return FORBIDDEN
    return OK


def classify(response: Any, access: dict[str, Any]) -> str:
    status = response.status_code
    login = reverse("accounts:login")
    if status in (301, 302) and response.get("Location", "").startswith(login):
        return DENIED
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    if status == 401:
        return DENIED
    if status >= 500:
        return f"error {status}"
    return OK


def classify_for(response: Any, access: dict[str, Any]) -> str:
    got = classify(response, access)
    # A public page may still send someone elsewhere (the two-step pages without a pending
    # login go back to the login page): any answer but an error is fine there.
    return OK if access.get("public") and not got.startswith("error") else got


def matches(want: str, got: str) -> bool:
    if want == DENIED:  # anonymous: any refusal will do (login page, 401, 403, 404)
        return got in (DENIED, FORBIDDEN, NOT_FOUND)
    return want == got


def attach_document_file(settings: Any, media_root: Any) -> None:
    """The demo's agenda documents carry no file: give the first one a file to download."""
    settings.MEDIA_ROOT = str(media_root)
    document = apps.get_model("meetings.AgendaDocument").objects.order_by("pk").first()
    if document is not None:
        document.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7\n"), save=True)


def plant_hostile_names() -> None:
    """Put markup into names that most pages show."""
    for label, field in [
        ("organizations.Organization", "name"),
        ("organizations.Member", "full_name"),
        ("meetings.Conference", "title"),
        ("meetings.AgendaItem", "title"),
        ("meetings.AgendaDocument", "title"),
        ("voting.Ballot", "title"),
        ("accounts.User", "full_name"),
    ]:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for obj in model.objects.order_by("pk")[:3]:
            setattr(obj, field, f"{HOSTILE} {getattr(obj, field)}"[:200])
            obj.save(update_fields=[field])


def clients() -> dict[str, tuple[Client, User | None]]:
    outsider_org = Organization.objects.create(
        code="NGOAI", name="Đảng bộ tỉnh khác", kind=OrganizationKind.PROVINCIAL
    )
    outsider_org.path = f"/{outsider_org.pk}/"
    outsider_org.save(update_fields=["path"])
    outsider = User.objects.create(username="ngoai", password="!")
    RoleAssignment.objects.create(
        user=outsider, organization=outsider_org, role=Role.ORG_STAFF, granted_at=NOW
    )
    result: dict[str, tuple[Client, User | None]] = {}
    for persona, username in PERSONAS.items():
        client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="vi")
        user = User.objects.get(username=username) if username else None
        if user is not None:
            client.force_login(user)
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, defaults={"name": "walk", "confirmed": True}
            )
            session = client.session
            session["otp_device_id"] = device.persistent_id  # a verified second factor
            session.save()
        result[persona] = (client, user)
    return result


def instance_for(route: Route, access: dict[str, Any]) -> tuple[dict[str, Any], Any, str]:
    """Real ids for the route's converters, and the object the access rule is about."""
    kwargs: dict[str, Any] = {}
    subject = None
    for name in route.kwargs:
        if name in PARAM_VALUES:
            kwargs[name] = PARAM_VALUES[name]
            continue
        declared = access.get("model") if name == access.get("kwarg") else None
        label = declared or KWARG_MODELS.get(name)
        if label is None:
            return {}, None, f"{route.path}: no model for <{name}> (declare model=...)"
        obj = apps.get_model(label).objects.order_by("pk").first()
        if obj is None:  # the demo has none: use an id that does not exist (everyone: 404)
            kwargs[name] = MISSING_PK
            subject = MISSING
            continue
        kwargs[name] = obj.pk
        if (name == access.get("kwarg") or subject is None) and subject is not MISSING:
            subject = obj
    return kwargs, subject, ""


def body_of(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


def request(client: Client, url: str, *, post: bool) -> Any:
    return client.post(url) if post else client.get(url)


@pytest.mark.slow
@pytest.mark.django_db
def test_it_gives_every_persona_the_promised_status_on_every_url(settings, tmp_path):
    from phieukin.web.demo import load_demo

    load_demo()
    attach_document_file(settings, tmp_path)
    plant_hostile_names()
    personas = clients()
    do_create_api_token(User.objects.get(username="bantochuc"), "walk", actor=None)
    problems: list[str] = []
    checked = 0
    for route in routes():
        access = access_of(route)
        if route.path.startswith("api/"):
            checked += check_api(route, personas["anonymous"][0], problems)
            continue
        if access is None:
            problems.append(f"{route.path} ({route.name}): no access rule declared")
            continue
        kwargs, subject, missing = instance_for(route, access)
        if missing:
            problems.append(missing)
            continue
        url = reverse(route.name, kwargs=kwargs) if route.name else "/" + route.path
        post_only = personas["admin"][0].get(url).status_code == 405
        for persona, (client, user) in personas.items():
            want = expected(access, persona, user, subject)
            if post_only and want == OK:
                continue  # never let an authorized persona POST an empty form
            response = request(client, url, post=post_only)
            got = classify_for(response, access)
            checked += 1
            if not matches(want, got):
                problems.append(f"{url} ({route.name}) as {persona}: expected {want}, got {got}")
            elif got == OK and HOSTILE in body_of(response):
                problems.append(f"{url} as {persona}: hostile name rendered unescaped")
    print(f"URL walk: {checked} (persona, url) checks over {len(routes())} patterns")
    assert problems == [], "\n".join(problems)


API_PUBLIC = {"api:health", "api:openapi-json", "api:openapi-view", "api:api-root"}


def check_api(route: Route, anonymous: Client, problems: list[str]) -> int:
    """Without a token every API operation but the public ones answers 401."""
    if route.name in API_PUBLIC:
        return 0
    url = "/" + re.sub(r"<[^>]+>", "1", route.path)
    response = anonymous.get(url)
    if response.status_code not in (401, 405):
        problems.append(f"{url} ({route.name}): {response.status_code} without a token")
    return 1
