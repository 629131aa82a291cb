"""Demo logins, one or more per role of docs/architecture.md §4, with passwords from a fixed demo
list.

This is the one module that creates users, so that the accounts app can attach its
organization-scoped roles here (``DemoLogin.role`` and ``organization_code`` say which) without
touching the rest of the demo. The passwords are public on purpose: the demo is a local toy
database, and the command prints them.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from phieukin.accounts.demo import attach_demo_access
from phieukin.organizations.models import Member
from phieukin.web.demo.people import DemoPeople
from phieukin.web.demo.tree import DemoTree


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str  # accounts.Role value the accounts app grants
    description: str  # printed beside the login (Vietnamese)
    organization_code: str = "HT"
    member_position: str | None = None  # the Executive Committee seat this login belongs to


LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "bantochuc",
        "bantochuc-2024",
        "org_staff",
        "Chuyên viên Ban Tổ chức Thành ủy (chuẩn bị đợt, đối tượng, hội nghị)",
    ),
    DemoLogin(
        "chutri",
        "chutri-2024",
        "chair",
        "Chủ trì hội nghị — Bí thư Thành ủy",
        member_position="Bí thư Thành ủy",
    ),
    DemoLogin(
        "kiemphieu1",
        "kiemphieu1-2024",
        "trustee",
        "Trưởng Ban Kiểm phiếu",
        member_position="Giám đốc Sở Tư pháp",
    ),
    DemoLogin(
        "kiemphieu2",
        "kiemphieu2-2024",
        "trustee",
        "Thành viên Ban Kiểm phiếu",
        member_position="Chánh Thanh tra Thành phố",
    ),
    DemoLogin(
        "kiemphieu3",
        "kiemphieu3-2024",
        "trustee",
        "Thành viên Ban Kiểm phiếu",
        member_position="Bí thư Thành đoàn",
    ),
    DemoLogin(
        "uyvien1",
        "uyvien1-2024",
        "member",
        "Ủy viên Ban Chấp hành",
        member_position="Giám đốc Sở Y tế",
    ),
    DemoLogin(
        "uyvien2",
        "uyvien2-2024",
        "member",
        "Ủy viên Ban Chấp hành",
        member_position="Chủ tịch Ủy ban nhân dân quận Đông Sơn",
    ),
    DemoLogin(
        "uyvien3",
        "uyvien3-2024",
        "member",
        "Ủy viên Ban Chấp hành",
        member_position="Hiệu trưởng Trường Đại học Hà Thành",
    ),
    DemoLogin(
        "uyvien4",
        "uyvien4-2024",
        "member",
        "Ủy viên Ban Thường vụ",
        member_position="Trưởng Ban Tổ chức Thành ủy",
    ),
    DemoLogin(
        "captren",
        "captren-2024",
        "superior",
        "Cấp trên — chuyên viên Ban Tổ chức Trung ương (chỉ xem)",
    ),
    DemoLogin("kiemtra", "kiemtra-2024", "inspector", "Kiểm tra viên Ủy ban Kiểm tra (chỉ xem)"),
    DemoLogin("admin", "admin-2024", "admin", "Quản trị hệ thống (Django admin)"),
)
STAFF_ROLES = frozenset({"org_staff", "admin"})
FULL_NAMES = {
    "bantochuc": "Lưu Thị Ngọc Ánh",
    "captren": "Đoàn Văn Khiêm",
    "kiemtra": "Tô Thị Hải Yến",
    "admin": "Quản trị viên",
}


def build_users(tree: DemoTree, people: DemoPeople) -> list[DemoLogin]:
    """Create one user per demo login, linked to its party member when it has one.

    Password hashing (Argon2, ~0.3 s each by design) dominates the demo's load time, so the
    hashes are computed in parallel threads (argon2-cffi releases the GIL).
    """
    user_model = get_user_model()
    links_member = any(f.name == "member" for f in user_model._meta.get_fields())
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        hashes = list(pool.map(make_password, [login.password for login in LOGINS]))
    for login, password_hash in zip(LOGINS, hashes, strict=True):
        member: Member | None = None
        if login.member_position:
            member = people.leader(login.member_position).member
        user = user_model(
            username=login.username,
            password=password_hash,
            full_name=member.full_name if member else FULL_NAMES[login.username],
            is_staff=login.role in STAFF_ROLES,
            is_superuser=login.role == "admin",
        )
        if links_member and member is not None:
            user.member = member
        user.save()
        attach_demo_access(user, login.role, tree.by_code[login.organization_code])
    return list(LOGINS)
