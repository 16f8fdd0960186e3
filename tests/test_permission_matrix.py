"""Every URL × every persona → the status a user gets (pretix-style permission matrix).

Codes per row are in PERSONAS order: admin, street, secretary, grid worker, neighbour grid
worker, building leader, org secretary, party member, unit contact, outsider, anonymous.
A meta-test fails when a URL pattern has no row here (or, for the API, in API_MATRIX).
"""

from __future__ import annotations

import importlib
import pathlib
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_MAKERS, PERSONAS, World, world_copy
from tests.matrix_rows import PerPersona
from tongxin.grid.cases.tests.photo_files import case_photo
from tongxin.partylife.meetings.tests.support import matrix_file, matrix_meeting
from tongxin.platform.calendar.tests.support import TEST_2027_FORM

W = Any  # the world fixture

ROWS: list[tuple[str, str, Callable[[W], str], dict[str, str], str]] = []


def row(name: str, method: str, url: Callable[[W], str], codes: str, data: dict[str, str] | None = None) -> None:
    ROWS.append((name, method, url, data or {}, codes))


R = reverse


def _copy(w: W) -> Any:
    """Another report of the world's case (same category, same building)."""
    from tongxin.grid.cases.services import case_report

    return case_report(actor=None, category=w.case.category, description="又吵了", area=w.building1, source="public")


def _accepted(w: W) -> Any:
    from tongxin.grid.cases.models import Case

    case = _copy(w)
    Case.objects.filter(pk=case.pk).update(state="accepted")
    case.refresh_from_db()
    return case


def _handed(w: W) -> tuple[int, int]:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from tongxin.grid.cases.models import CaseHandover

    case = _accepted(w)
    now = timezone.now()
    h = CaseHandover.objects.create(
        case=case,
        kind="unit",
        target_type=ContentType.objects.get_for_model(w.unit),
        target_id=w.unit.pk,
        target_name=w.unit.name,
        sent_at=now,
        send_back_due=now,
        note="请处理",
    )
    return case.pk, h.pk


def _unplaced(w: W) -> Any:
    """An Open311 request located by an address alone, waiting at community 甲's office (位置待核实)."""
    from tongxin.grid.cases.services import case_report

    return case_report(
        actor=None,
        category=w.case.category,
        description="井盖松动",
        area=w.community,
        address="东门外",
        unplaced=True,
    )


def _dues_payment(w: W) -> int:
    """A base and one payment of 赵党员 (member1, branch 1), for the remove row."""
    import datetime
    from decimal import Decimal

    from tongxin.partylife.dues.models import DuesBase, DuesPayment

    DuesBase.objects.create(member=w.member1, month=202401, kind="employed", amount=Decimal("45.00"))
    return DuesPayment.objects.create(
        member=w.member1, month=202401, amount=Decimal("45.00"), paid_on=datetime.date(2024, 1, 5)
    ).pk


# fmt: off
#            name                     method  url                                                         adm str sec grd nbr ldr ors mem unt out anon
row("healthz",              "GET",  lambda w: R("healthz"),                                        "200 200 200 200 200 200 200 200 200 200 200")
row("manifest",             "GET",  lambda w: R("manifest"),                                       "200 200 200 200 200 200 200 200 200 200 200")
row("service_worker",       "GET",  lambda w: R("service_worker"),                                 "200 200 200 200 200 200 200 200 200 200 200")
row("offline",              "GET",  lambda w: R("offline"),                                        "200 200 200 200 200 200 200 200 200 200 200")
row("login",                "GET",  lambda w: R("login"),                                          "302 302 302 302 302 302 302 302 302 302 200")
row("logout",               "POST", lambda w: R("logout"),                                         "302 302 302 302 302 302 302 302 302 302 302")
row("password_change",      "GET",  lambda w: R("password_change"),                                "200 200 200 200 200 200 200 200 200 200 302")
row("me",                   "GET",  lambda w: R("me"),                                             "200 200 200 200 200 200 200 200 200 200 302")
row("elder_mode",           "POST", lambda w: R("elder_mode"),                                     "302 302 302 302 302 302 302 302 302 302 302")
row("set_language",         "POST", lambda w: R("set_language"),                                   "302 302 302 302 302 302 302 302 302 302 302", {"language": "en", "next": "/"})
row("home",                 "GET",  lambda w: R("home"),                                           "200 200 200 200 200 200 200 200 200 200 302")
row("audit",                "GET",  lambda w: R("audit"),                                          "200 403 403 403 403 403 403 403 403 403 302")
row("categories",           "GET",  lambda w: R("categories"),                                     "200 403 403 403 403 403 403 403 403 403 302")
row("users:list",           "GET",  lambda w: R("users:list"),                                     "200 403 403 403 403 403 403 403 403 403 302")
row("users:create",         "GET",  lambda w: R("users:create"),                                   "200 403 403 403 403 403 403 403 403 403 302")
row("users:detail",         "GET",  lambda w: R("users:detail", args=[w.subject.pk]),              "200 403 403 403 403 403 403 403 403 403 302")
row("users:unlock",         "POST", lambda w: R("users:unlock", args=[w.subject.pk]),              "302 403 403 403 403 403 403 403 403 403 302")
row("users:active",         "POST", lambda w: R("users:active", args=[w.subject.pk]),              "302 403 403 403 403 403 403 403 403 403 302", {"active": "1"})
row("users:revoke",         "POST", lambda w: R("users:revoke", args=[w.subject_role.pk]),         "302 403 403 403 403 403 403 403 403 403 302")
# The official calendar: one for the whole site, so only the platform admin keeps it (403 for every other role).
row("calendar:years",       "GET",  lambda w: R("calendar:years"),                                 "200 403 403 403 403 403 403 403 403 403 302")
row("calendar:year",        "GET",  lambda w: R("calendar:year", args=[2026]),                     "200 403 403 403 403 403 403 403 403 403 302")
row("calendar:year",        "GET",  lambda w: R("calendar:year", args=[2027]),                     "200 403 403 403 403 403 403 403 403 403 302")
row("calendar:year",        "GET",  lambda w: R("calendar:year", args=[1066]),                     "404 403 403 403 403 403 403 403 403 403 302")
row("calendar:enter",       "GET",  lambda w: R("calendar:enter") + "?year=2027",                  "200 403 403 403 403 403 403 403 403 403 302")
row("calendar:enter",       "POST", lambda w: R("calendar:enter"),                                 "302 403 403 403 403 403 403 403 403 403 302", TEST_2027_FORM)
row("inbox:list",           "GET",  lambda w: R("inbox:list"),                                     "200 200 200 200 200 200 200 200 200 200 302")
row("inbox:list",           "GET",  lambda w: R("inbox:list") + "?kind=escalation&topic=x",        "200 200 200 200 200 200 200 200 200 200 302")
row("inbox:read_all",       "POST", lambda w: R("inbox:read_all"),                                 "302 302 302 302 302 302 302 302 302 302 302")
row("inbox:read_all",       "POST", lambda w: R("inbox:read_all"), "302 302 302 302 302 302 302 302 302 302 302", {"kind": "escalation", "topic": "x"})
row("inbox:read",           "POST", lambda w: R("inbox:read", args=[w.subject.notifications.create(title="x").pk]), "404 404 404 404 404 404 404 404 404 404 302")
row("cases:list",           "GET",  lambda w: R("cases:list"),                                     "200 200 200 200 200 200 200 403 403 403 302")
row("cases:list",           "GET",  lambda w: R("cases:list") + f"?queue=overdue&carded=on&node={w.community.pk}", "200 200 200 404 404 404 404 403 403 403 302")
row("cases:report",         "GET",  lambda w: R("cases:report"),                                   "200 200 200 200 200 200 200 403 403 403 302")
row("cases:detail",         "GET",  lambda w: R("cases:detail", args=[w.case.pk]),                 "200 200 200 200 404 200 404 404 404 404 302")
row("cases:transition",     "POST", lambda w: R("cases:transition", args=[w.case.pk]),             "302 302 302 302 404 403 404 404 404 404 302", {"to": "accepted", "version": "1"})
row("cases:households",     "GET",  lambda w: R("cases:households") + f"?area={w.building1.pk}",  "200 200 200 200 404 200 404 403 403 403 302")
row("cases:households",     "GET",  lambda w: R("cases:households"),                               "200 200 200 200 200 200 200 403 403 403 302")
row("cases:places",         "GET",  lambda w: R("cases:places") + "?q=1",                          "200 200 200 200 200 200 200 403 403 403 302")
row("cases:photo",          "GET",  lambda w: R("cases:photo", args=[w.case.pk, case_photo(w.case).pk]), "200 200 200 200 404 200 404 404 404 404 302")
row("cases:photo_thumb",    "GET",  lambda w: R("cases:photo_thumb", args=[w.case.pk, case_photo(w.case).pk]), "200 200 200 200 404 200 404 404 404 404 302")
row("public:index",         "GET",  lambda w: R("public:index"),                                   "200 200 200 200 200 200 200 200 200 200 200")
row("public:community",     "GET",  lambda w: R("public:community", args=[w.community.pk]),        "200 200 200 200 200 200 200 200 200 200 200")
row("public:community",     "GET",  lambda w: R("public:community", args=[w.grid1.pk]),            "404 404 404 404 404 404 404 404 404 404 404")
row("public:reported",      "GET",  lambda w: R("public:reported", args=[w.case.tracking_code]),   "404 404 404 404 404 404 404 404 404 404 404")
row("public:report",        "GET",  lambda w: R("public:report"),                                  "200 200 200 200 200 200 200 200 200 200 200")
row("public:places",        "GET",  lambda w: R("public:places") + f"?community={w.community.pk}", "200 200 200 200 200 200 200 200 200 200 200")
row("public:places",        "GET",  lambda w: R("public:places") + f"?community={w.community.pk}&q=1", "200 200 200 200 200 200 200 200 200 200 200")
row("public:track",         "GET",  lambda w: R("public:track"),                                   "200 200 200 200 200 200 200 200 200 200 200")
row("public:case",          "GET",  lambda w: R("public:case", args=[w.case.tracking_code]),       "404 404 404 404 404 404 404 404 404 404 404")
row("public:rate",          "POST", lambda w: R("public:rate", args=[w.case.tracking_code]),       "404 404 404 404 404 404 404 404 404 404 404", {"rating": "satisfied"})
row("cases:figures",        "GET",  lambda w: R("cases:figures"),                                  "200 200 200 200 200 200 200 403 403 403 302")
row("cases:figures",        "GET",  lambda w: R("cases:figures") + f"?node={w.grid1.pk}&level=grid", "200 200 200 200 200 200 200 403 403 403 302")
row("cases:figures",        "GET",  lambda w: R("cases:figures") + "?node=x&start=2026-13-40&level=planet", "200 200 200 200 200 200 200 403 403 403 302")
# The case map: a node outside the user's subtree is a 404, like any record.
row("cases:map",            "GET",  lambda w: R("cases:map"),                                      "200 200 200 200 200 200 200 403 403 403 302")
row("cases:map",            "GET",  lambda w: R("cases:map") + f"?node={w.grid1.pk}",              "200 200 200 200 404 404 404 403 403 403 302")
row("cases:map_data",       "GET",  lambda w: R("cases:map_data"),                                 "200 200 200 200 200 200 200 403 403 403 302")
row("cases:map_data",       "GET",  lambda w: R("cases:map_data") + f"?node={w.grid1.pk}",         "200 200 200 200 404 404 404 403 403 403 302")
row("cases:map_data",       "GET",  lambda w: R("cases:map_data") + f"?node={w.building1.pk}",     "200 200 200 200 404 200 404 403 403 403 302")
row("cases:map_data",       "POST", lambda w: R("cases:map_data"),                                 "405 405 405 405 405 405 405 405 405 405 302")
# Open311 GeoReport: the same answer whoever is signed in (reads are public, writes need an api_key).
row("open311:discovery",    "GET",  lambda w: R("open311:discovery"),                              "200 200 200 200 200 200 200 200 200 200 200")
row("open311:services",     "GET",  lambda w: R("open311:services"),                               "200 200 200 200 200 200 200 200 200 200 200")
row("open311:service_definition", "GET", lambda w: R("open311:service_definition", args=[w.case.category.code]), "200 200 200 200 200 200 200 200 200 200 200")
row("open311:requests",     "GET",  lambda w: R("open311:requests"),                               "200 200 200 200 200 200 200 200 200 200 200")
row("open311:requests",     "POST", lambda w: R("open311:requests"),                               "403 403 403 403 403 403 403 403 403 403 403", {"service_code": "t_noise", "description": "x"})
# A resident's case (source public) is not in the civic view: 404 even for the admin.
row("open311:request_detail", "GET", lambda w: R("open311:request_detail", args=[w.case.tracking_code]), "404 404 404 404 404 404 404 404 404 404 404")
row("open311:token",        "GET",  lambda w: R("open311:token", args=["abc"]),                    "404 404 404 404 404 404 404 404 404 404 404")
row("open311:not_found",    "GET",  lambda w: "/open311/v2/services.xml",                          "404 404 404 404 404 404 404 404 404 404 404")
# Placing a case that waits at the office (定位): those who dispatch there; below the office it is out of sight.
row("cases:place",          "POST", lambda w: R("cases:place", args=[_unplaced(w).pk]),          "302 302 302 404 404 404 404 404 404 404 302", {"area": lambda w: w.grid1.pk, "version": "1"})
row("cases:detail",         "GET",  lambda w: R("cases:detail", args=[_unplaced(w).pk]),         "200 200 200 404 404 404 404 404 404 404 302")
row("cases:supervision",    "POST", lambda w: R("cases:supervision", args=[w.case.pk]),            "302 302 302 403 404 403 404 404 404 404 302", {"action": "supervise", "text": "请尽快处理"})
# Duplicates and handovers: a copy of the world's case to merge; an accepted case to hand over.
row("cases:merge",          "POST", lambda w: R("cases:merge", args=[_copy(w).pk]),              "302 302 302 302 404 403 404 404 404 404 302", {"into": lambda w: w.case.pk})
row("cases:handover",       "POST", lambda w: R("cases:handover", args=[_accepted(w).pk]),       "302 302 302 302 404 403 404 404 404 404 302", {"kind": "unit", "target": lambda w: w.unit.pk, "text": "请医院处理"})
# The unit's contact answers a handover to their unit; the grid worker who sent it cannot.
row("cases:handover_answer", "POST", lambda w: R("cases:handover_answer", args=[*_handed(w)]),   "302 302 302 403 404 403 404 404 302 404 302", {"action": "take"})
row("cases:handovers",      "GET",  lambda w: R("cases:handovers"),                               "200 200 200 200 200 200 200 200 200 200 302")
row("areas:tree",           "GET",  lambda w: R("areas:tree"),                                     "200 200 200 200 200 200 200 403 403 403 302")
row("areas:create",         "GET",  lambda w: R("areas:create"),                                   "200 404 404 404 404 404 404 404 404 404 302")
row("areas:create",         "GET",  lambda w: R("areas:create") + f"?parent={w.grid1.pk}",         "200 200 200 403 404 404 404 404 404 404 302")
row("areas:detail",         "GET",  lambda w: R("areas:detail", args=[w.grid1.pk]),                "200 200 200 200 404 404 404 404 404 404 302")
row("areas:detail",         "GET",  lambda w: R("areas:detail", args=[w.building1.pk]),            "200 200 200 200 404 200 404 404 404 404 302")
row("areas:detail",         "GET",  lambda w: R("areas:detail", args=[999999]),                    "404 404 404 404 404 404 404 404 404 404 302")
row("areas:children",       "GET",  lambda w: R("areas:children", args=[w.grid1.pk]),              "200 200 200 200 404 404 404 404 404 404 302")
row("areas:edit",           "GET",  lambda w: R("areas:edit", args=[w.grid1.pk]),                  "200 200 200 403 404 404 404 404 404 404 302")
row("areas:move",           "GET",  lambda w: R("areas:move", args=[w.building1.pk]),              "200 200 200 403 404 403 404 404 404 404 302")
row("areas:estate_create",  "POST", lambda w: R("areas:estate_create", args=[w.community.pk]),     "302 302 302 404 404 404 404 404 404 404 302", {"name": "新小区"})
row("households:list",      "GET",  lambda w: R("households:list"),                                "200 200 200 200 200 200 200 403 403 403 302")
row("households:detail",    "GET",  lambda w: R("households:detail", args=[w.household1.pk]),      "200 200 200 200 404 200 404 404 404 404 302")
row("households:create",    "GET",  lambda w: R("households:create") + f"?area={w.building1.pk}",  "200 403 200 200 404 403 404 404 404 404 302")
row("households:edit",      "GET",  lambda w: R("households:edit", args=[w.household1.pk]),        "200 403 200 200 404 403 404 404 404 404 302")
row("households:delete",    "POST", lambda w: R("households:delete", args=[w.household1.pk]),      "302 403 302 302 404 403 404 404 404 404 302")
row("residents:list",       "GET",  lambda w: R("residents:list"),                                 "200 200 200 200 200 200 200 403 403 403 302")
row("residents:detail",     "GET",  lambda w: R("residents:detail", args=[w.zhangsan.pk]),         "200 200 200 200 404 200 404 404 404 404 302")
row("residents:detail",     "GET",  lambda w: R("residents:detail", args=[w.wangwu.pk]),           "200 200 404 404 404 404 404 404 404 404 302")
row("residents:export",     "GET",  lambda w: R("residents:export"),                               "200 200 200 403 403 403 403 403 403 403 302")
row("residents:create",     "GET",  lambda w: R("residents:create") + f"?household={w.household1.pk}", "200 403 200 200 404 403 404 404 404 404 302")
row("residents:edit",       "GET",  lambda w: R("residents:edit", args=[w.zhangsan.pk]),           "200 403 200 200 404 403 404 404 404 404 302")
row("residents:delete",     "POST", lambda w: R("residents:delete", args=[w.zhangsan.pk]),         "302 403 302 302 404 403 404 404 404 404 302")
row("residents:reveal",     "POST", lambda w: R("residents:reveal", args=[w.zhangsan.pk]),         "200 200 200 200 404 403 404 404 404 404 302", {"field": "phone"})
row("orgs:tree",            "GET",  lambda w: R("orgs:tree"),                                      "200 200 200 200 200 200 200 403 403 403 302")
row("orgs:create",          "GET",  lambda w: R("orgs:create") + f"?parent={w.branch1.pk}",        "200 200 200 403 404 404 403 404 404 404 302")
row("orgs:detail",          "GET",  lambda w: R("orgs:detail", args=[w.branch1.pk]),               "200 200 200 200 404 404 200 404 404 404 302")
row("orgs:children",        "GET",  lambda w: R("orgs:children", args=[w.branch1.pk]),             "200 200 200 200 404 404 200 404 404 404 302")
row("orgs:edit",            "GET",  lambda w: R("orgs:edit", args=[w.branch1.pk]),                 "200 200 200 403 404 404 403 404 404 404 302")
row("orgs:move",            "GET",  lambda w: R("orgs:move", args=[w.branch1.pk]),                 "200 200 200 403 404 404 403 404 404 404 302")
row("members:list",         "GET",  lambda w: R("members:list"),                                   "200 200 200 200 200 200 200 403 403 403 302")
row("members:create",       "GET",  lambda w: R("members:create"),                                 "200 403 200 200 200 403 200 403 403 403 302")
row("members:detail",       "GET",  lambda w: R("members:detail", args=[w.member1.pk]),            "200 200 200 200 404 404 200 200 404 404 302")
row("members:edit",         "GET",  lambda w: R("members:edit", args=[w.member1.pk]),              "200 403 200 200 404 404 200 403 404 404 302")
row("members:delete",       "POST", lambda w: R("members:delete", args=[w.member1.pk]),            "302 403 302 302 404 404 302 403 404 404 302")
row("members:reveal",       "POST", lambda w: R("members:reveal", args=[w.member1.pk]),            "200 200 200 200 404 404 200 403 404 404 302", {"field": "phone"})
# Party dues: readers hold VIEW_DUES (not grid workers or building leaders); a member reads their own.
row("dues:overview",        "GET",  lambda w: R("dues:overview"),                                  "200 200 200 403 403 403 200 302 403 403 302")
row("dues:overview",        "GET",  lambda w: R("dues:overview") + f"?node={w.branch2.pk}",        "200 200 200 403 403 403 404 302 403 403 302")
row("dues:mine",            "GET",  lambda w: R("dues:mine"),                                      "404 404 404 404 404 404 404 302 404 404 302")
row("dues:org",             "GET",  lambda w: R("dues:org", args=[w.branch1.pk]),                  "200 200 200 403 404 404 200 404 404 404 302")
row("dues:org",             "GET",  lambda w: R("dues:org", args=[w.branch2.pk]),                  "200 200 200 404 403 404 404 404 404 404 302")
row("dues:member",          "GET",  lambda w: R("dues:member", args=[w.member1.pk]),               "200 200 200 403 404 404 200 200 404 404 302")
row("dues:member",          "GET",  lambda w: R("dues:member", args=[w.member2.pk]),               "200 200 200 404 403 404 404 404 404 404 302")
row("dues:statement",       "GET",  lambda w: R("dues:statement", args=[w.member1.pk]),            "200 200 200 403 404 404 200 200 404 404 302")
row("dues:pay",             "GET",  lambda w: R("dues:pay", args=[w.member1.pk]),                  "200 403 200 403 404 404 200 403 404 404 302")
row("dues:base",            "GET",  lambda w: R("dues:base", args=[w.member1.pk]),                 "200 403 200 403 404 404 200 403 404 404 302")
row("dues:payment_remove",  "POST", lambda w: R("dues:payment_remove", args=[w.member1.pk, _dues_payment(w)]), "302 403 302 403 404 404 302 403 404 404 302", {"reason": "记错"})
row("units:list",           "GET",  lambda w: R("units:list"),                                     "200 200 200 403 403 403 403 403 200 403 302")
row("units:create",         "GET",  lambda w: R("units:create"),                                   "200 403 200 403 403 403 403 403 403 403 302")
row("units:detail",         "GET",  lambda w: R("units:detail", args=[w.unit.pk]),                 "200 200 200 404 404 404 404 404 200 404 302")
row("units:detail",         "GET",  lambda w: R("units:detail", args=[w.other_unit.pk]),           "200 200 404 404 404 404 404 404 404 404 302")
row("units:edit",           "GET",  lambda w: R("units:edit", args=[w.unit.pk]),                   "200 403 200 404 404 404 404 404 403 404 302")
row("units:delete",         "POST", lambda w: R("units:delete", args=[w.unit.pk]),                 "302 403 302 404 404 404 404 404 403 404 302")
row("units:contact_create", "POST", lambda w: R("units:contact_create", args=[w.unit.pk]),         "400 403 400 404 404 404 404 404 403 404 302")
row("units:contact_delete", "POST", lambda w: R("units:contact_delete", args=[w.contact.pk]),      "302 403 302 404 404 404 404 404 403 404 302")
row("units:contact_reveal", "POST", lambda w: R("units:contact_reveal", args=[w.contact.pk]),      "200 200 200 404 404 404 404 404 403 404 302", {"field": "phone"})
# Organizational life: a general meeting of branch 1 a week ago with 赵党员 present. Recording
# takes Perm.MEETINGS (org secretary, community, admin); the member reads their own meeting.
row("meetings:list",        "GET",  lambda w: R("meetings:list"),                                  "200 200 200 200 200 200 200 403 403 403 302")
row("meetings:list",        "GET",  lambda w: R("meetings:list") + f"?node={w.branch1.pk}&kind=x&year=y", "200 200 200 200 404 404 200 403 403 403 302")
row("meetings:create",      "GET",  lambda w: R("meetings:create"),                                "200 403 200 403 403 403 200 403 403 403 302")
row("meetings:create",      "GET",  lambda w: R("meetings:create") + f"?org={w.branch2.pk}",       "200 403 200 403 403 403 404 403 403 403 302")
row("meetings:mine",        "GET",  lambda w: R("meetings:mine"),                                  "200 200 200 200 200 200 200 200 200 200 302")
row("meetings:mine",        "GET",  lambda w: R("meetings:mine") + "?unread=1",                      "200 200 200 200 200 200 200 200 200 200 302")
row("meetings:compliance",  "GET",  lambda w: R("meetings:compliance"),                            "200 200 200 200 200 200 200 403 403 403 302")
row("meetings:compliance",  "GET",  lambda w: R("meetings:compliance") + f"?node={w.branch1.pk}&year=2026", "200 200 200 200 404 404 200 403 403 403 302")
row("meetings:requirements", "GET", lambda w: R("meetings:requirements"),                          "200 403 403 403 403 403 403 403 403 403 302")
row("meetings:detail",      "GET",  lambda w: R("meetings:detail", args=[matrix_meeting(w).pk]),   "200 200 200 200 404 404 200 200 404 404 302")
row("meetings:edit",        "GET",  lambda w: R("meetings:edit", args=[matrix_meeting(w).pk]),     "200 403 200 403 404 404 200 403 404 404 302")
row("meetings:delete",      "POST", lambda w: R("meetings:delete", args=[matrix_meeting(w).pk]),   "302 403 302 403 404 404 302 403 404 404 302")
row("meetings:note",        "POST", lambda w: R("meetings:note", args=[matrix_meeting(w).pk]),     "404 404 404 404 404 404 404 302 404 404 302", {"note": "学习心得"})
row("meetings:file",        "GET",  lambda w: R("meetings:file", args=[*matrix_file(w)]),          "200 200 200 200 404 404 200 200 404 404 302")
row("meetings:file_delete", "POST", lambda w: R("meetings:file_delete", args=[*matrix_file(w)]),   "302 403 302 403 404 404 302 403 404 404 302")
# fmt: on

# Apps keep their own rows beside their code: tongxin/<layer>/<app>/tests/matrix.py defines ROWS.
for _matrix in sorted(pathlib.Path(__file__).resolve().parent.parent.glob("tongxin/*/*/tests/matrix.py")):
    ROWS.extend(
        importlib.import_module(
            f"tongxin.{_matrix.parent.parent.parent.name}.{_matrix.parent.parent.name}.tests.matrix"
        ).ROWS
    )

CASES = [
    pytest.param(name, method, url, data, codes, id=f"{name}-{i}")
    for i, (name, method, url, data, codes) in enumerate(ROWS)
]


@pytest.fixture(scope="module")
def matrix_world(world_once: World, django_db_blocker: Any) -> World:
    """The world, with what the rows act on, built once per module (and so once per xdist worker).

    Each row still runs in a savepoint of its own, rolled back after its request (`db`), with
    its persona signed up inside it: a row that writes leaves nothing for the next
    (`nothing_left_behind` checks)."""
    from tongxin.grid.cases.models import CaseCategory
    from tongxin.grid.cases.services import case_report
    from tongxin.platform.access.models import RoleAssignment, User
    from tongxin.platform.core.personal import protect_phone
    from tongxin.registry.cobuild.models import UnitContact

    world = world_once
    with django_db_blocker.unblock():
        c = UnitContact(unit=world.unit, name="孙联络", title="办公室主任")
        c.set_phone(protect_phone("13611112222"))
        c.save()
        world.contact = c
        # An account for the user-management rows to act on.
        world.subject = User.objects.create_user("t_subject", password="x")
        world.subject_role = RoleAssignment.objects.create(
            user=world.subject, role="grid_worker", node_id=world.grid2.pk
        )
        # A case in grid 1, building 1, reported by a resident through the public page.
        category = CaseCategory.objects.create(code="t_noise", name_zh="噪音扰民")
        world.case = case_report(
            actor=None, category=category, description="夜间噪音", area=world.building1, source="public"
        )
    return world


@pytest.fixture
def world(matrix_world: World, db: None) -> World:
    return world_copy(matrix_world)


@pytest.mark.usefixtures("nothing_left_behind")
@pytest.mark.parametrize("name,method,url,data,codes", CASES)
def test_permission_matrix(world, name, method, url, data, codes):
    """One URL as every persona: each signed up in a savepoint of its own, rolled back after its
    request, so what one persona's request writes (or deletes) is gone before the next. What the
    row's URL needs is made once, before the first persona, unless the row is about the signed-in
    person's own record (PerPersona)."""
    target = "" if isinstance(url, PerPersona) else url(world)
    got = []
    for persona in PERSONAS:
        # Each persona acts on a copy of the world, signed up in a savepoint of its own: signing up
        # the party member links 赵党员 to the account in memory too, and the savepoint's rollback
        # would leave that link dangling for the next persona. The payload is made after signing
        # in, as a form is filled in by the signed-in user (and an uploaded file is read once).
        w = world_copy(world)
        with transaction.atomic():
            client = Client()
            if persona != "anonymous":
                client.force_login(PERSONA_MAKERS[persona](w))
            if isinstance(url, PerPersona):
                target = url(w)
            payload = {key: value(w) if callable(value) else value for key, value in data.items()}
            response = client.post(target, payload) if method == "POST" else client.get(target)
            got.append(str(response.status_code))
            transaction.set_rollback(True)
    wrong = [f"{p}: {g} (expected {e})" for p, g, e in zip(PERSONAS, got, codes.split(), strict=True) if g != e]
    assert not wrong, f"{method} {target}: " + "; ".join(wrong)


def _named_patterns(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_has_rows_in_the_matrix():
    from tongxin.interfaces.api.tests.test_permissions import API_MATRIX

    covered = {name for name, *_ in ROWS}
    api_covered = {str(entry[0]) for entry in API_MATRIX}
    missing = []
    for name in sorted(_named_patterns(get_resolver())):
        if name.startswith("api:"):
            if not any(name == c or name.split(":", 1)[1] in c for c in api_covered):
                missing.append(name)
        elif name not in covered:
            missing.append(name)
    assert not missing, f"URL patterns without permission-matrix rows: {missing}"
