"""Helpers for pairing tests: beneficiaries, pairings and visits made directly (no audit, no checks)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tongxin.volunteering.pairing.models import Beneficiary, BeneficiaryKind, Pairing, PairingHelper, PairingVisit
from tongxin.volunteering.service.models import TeamMembership, Volunteer, VolunteerTeam

D = datetime.date


def beneficiary(
    w: Any,
    *,
    resident: Any = None,
    member: Any = None,
    household: Any = None,
    community: Any = None,
    kind: str = BeneficiaryKind.EMPTY_NEST,
    since: datetime.date = datetime.date(2025, 1, 1),  # noqa: B008
    closed_on: datetime.date | None = None,
    name: str = "",
) -> Beneficiary:
    if resident is None and member is None and household is None:
        resident = w.zhangsan
    place = household or (resident.household if resident is not None else None)
    area = place.area if place is not None else (community or w.community)
    return Beneficiary.objects.create(
        community=community or w.community,
        area=area,
        resident=resident,
        member=member,
        household=household if household is not None else (resident.household if resident is not None else None),
        name=name or (resident.name if resident is not None else member.name if member is not None else "户"),
        kind=kind,
        since=since,
        closed_on=closed_on,
    )


def paired(
    b: Beneficiary,
    *helpers: Any,
    started_on: datetime.date = datetime.date(2025, 2, 1),  # noqa: B008
    closed_on: datetime.date | None = None,
    outcome: str = "",
    interval: int = 30,
) -> Pairing:
    p = Pairing.objects.create(
        beneficiary=b,
        goal="每月走访",
        started_on=started_on,
        closed_on=closed_on,
        outcome=outcome or ("achieved" if closed_on else ""),
        visit_interval_days=interval,
    )
    for h in helpers:
        field = {
            "PartyMember": "member",
            "Volunteer": "volunteer",
            "VolunteerTeam": "team",
            "ResidentUnit": "unit",
        }[type(h).__name__]
        PairingHelper.objects.create(pairing=p, name=h.name, **{field: h})
    return p


def visited(p: Pairing, on: datetime.date, kind: str = "visit", amount: str | None = None) -> PairingVisit:
    return PairingVisit.objects.create(
        pairing=p,
        visited_on=on,
        by_name="赵党员",
        help_kind=kind,
        amount=Decimal(amount) if amount else None,
    )


def volunteer(area: Any, name: str, *, user: Any = None, member: Any = None) -> Volunteer:
    v = Volunteer(area=area, registered_on=D(2025, 1, 1), user=user, member=member)
    v.set_name(name)
    v.save()
    return v


def team(area: Any, name: str, *members: Volunteer) -> VolunteerTeam:
    t = VolunteerTeam.objects.create(area=area, name=name, speciality="elderly")
    for v in members:
        TeamMembership.objects.create(team=t, volunteer=v, joined_on=D(2025, 1, 1))
    return t


def png(name: str = "visit.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 16, 46)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
