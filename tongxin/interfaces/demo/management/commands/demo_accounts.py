"""`manage.py demo_accounts`: who to sign in as, and where each account looks."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from tongxin.interfaces.demo.seed.accounts import ACCOUNTS
from tongxin.interfaces.demo.seed.config import DEMO_URL, PASSWORD
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import ROLE_TREE, Role
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.registry.party.models import Organization


def width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def where(role: str, node_id: int | None) -> str:
    if node_id is None:
        return "全部 everywhere"
    if ROLE_TREE[role] == AREA:
        area = Area.objects.filter(pk=node_id).first()
        if area is None:
            return "?"
        names = dict(Area.objects.filter(pk__in=area.ancestor_ids()).values_list("pk", "name"))
        # Skip the district: every demo account lives in the same one.
        chain = [names[pk] for pk in area.ancestor_ids()[1:] if pk in names] + [area.name]
        return " / ".join(chain)
    org = Organization.objects.filter(pk=node_id).first()
    if org is None:
        return "?"
    names = dict(Organization.objects.filter(pk__in=org.ancestor_ids()).values_list("pk", "name"))
    # Skip the subdistrict's working committee at the top, as for areas the district.
    chain = [names[pk] for pk in org.ancestor_ids()[1:] if pk in names] + [org.name]
    return " / ".join(chain)


class Command(BaseCommand):
    help = "Print the demo accounts, their roles and places, and the shared password."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
        if not users:
            self.stdout.write("演示数据未加载 / The demo data is not loaded: run `python manage.py seed_demo` first.")
            return
        header = ("用户名 user", "姓名 name", "角色 role", "位置 where")
        rows = []
        for spec in ACCOUNTS:
            user = users.get(spec.username)
            if user is None:
                continue
            assignment = RoleAssignment.objects.filter(user=user, role=spec.role).first()
            with translation.override("en"):
                role_en = str(Role(spec.role).label)
            rows.append(
                (
                    spec.username,
                    user.display_name,
                    f"{spec.role_zh} / {role_en}",
                    where(spec.role, assignment.node_id if assignment else None),
                )
            )
        widths = [max(width(row[i]) for row in (header, *rows)) + 2 for i in range(len(header))]
        self.stdout.write("演示账号 Demo accounts")
        self.stdout.write("".join(pad(cell, w) for cell, w in zip(header, widths, strict=True)).rstrip())
        self.stdout.write("-" * (sum(widths) - 2))
        for row in rows:
            self.stdout.write("".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write("")
        self.stdout.write(f"密码 Password (all accounts): {PASSWORD}")
        self.stdout.write(f"地址 Open: {DEMO_URL}")
