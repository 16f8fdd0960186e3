"""Helpers for mediation tests: a committee with mediators, a case with parties."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.council.mediation import services
from tongxin.council.mediation.models import Committee, MediationCase, Mediator

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_mediation_staff", defaults={"is_superuser": True})[0]


def committee(area: Any, mediators: int = 3) -> Committee:
    c = services.committee_create(actor=staff(), area=area, name=f"{area.name}人民调解委员会")
    for n in range(mediators):
        services.mediator_add(
            actor=staff(),
            committee=c,
            name=f"调解员{n + 1}",
            speciality="neighbours",
            term_start=datetime.date(2024, 1, 1),
        )
    return c


def case(
    c: Committee, area: Any = None, *, accepted_on: datetime.date | None = None, kind: str = "neighbours", **extra: Any
) -> MediationCase:
    return services.case_open(
        actor=staff(),
        committee=c,
        area=area or c.area,
        kind=kind,
        title=extra.pop("title", "楼上漏水赔偿纠纷"),
        facts=extra.pop("facts", "楼上卫生间漏水，泡坏楼下吊顶，双方对赔偿金额有争议。"),
        accepted_on=accepted_on or datetime.date(2026, 3, 2),
        mediators=list(c.mediators.all()[:2]),
        **extra,
    )


def with_party(m: MediationCase) -> Any:
    return services.party_add(
        actor=staff(), case=m, name="张申请", role="applicant", phone=PHONE, id_number=ID_NUMBER, address="1号楼101"
    )


def agreed(m: MediationCase, day: datetime.date, *, settled_at: str = "community") -> MediationCase:
    """A session, an agreement signed on `day`, and the outcome recorded the same day."""
    services.session_record(
        actor=staff(), case=m, held_on=day, mediators=list(m.committee.mediators.all()[:1]), notes="双方陈述。"
    )
    services.agreement_save(
        actor=staff(),
        case=m,
        made_on=day,
        facts="漏水纠纷",
        obligations="楼上赔偿2000元",
        performance="现金一次付清",
        perform_by=day + datetime.timedelta(days=10),
    )
    m.refresh_from_db()
    return services.case_settle(actor=staff(), case=m, outcome="agreement", settled_on=day, settled_at=settled_at)


def mediator_of(c: Committee) -> Mediator:
    return c.mediators.order_by("id").first()  # type: ignore[return-value]
