# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the residents' public pages and of making a handed-over case a topic
(see matrix.py). The public pages answer everyone alike, signed in or not."""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R
from django.utils import timezone

from tests.matrix_rows import Rows

ROWS = Rows()


def _topic(w: Any) -> Any:
    from tongxin.council.consultation.tests.support import topic

    return topic(w.building1, phone="13912345678")


def _published(w: Any) -> Any:
    """A topic of 甲社区 decided at a meeting today and published now: in publicity for a week."""
    from tongxin.council.consultation import services
    from tongxin.council.consultation.tests.support import council, meeting_with_vote, staff

    c = council(w.community, members=3)
    t = _topic(w)
    services.topic_accept(topic=t, actor=staff(), council=c)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    meeting_with_vote(c, t, timezone.localdate(), present=3, yes=3)
    services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    return t


def _council_handover(w: Any, *, withdrawn: bool = False) -> int:
    """The world's case accepted and handed to 甲社区's council (withdrawn again if asked)."""
    from tongxin.council.consultation.tests.support import council
    from tongxin.grid.cases import handover
    from tongxin.grid.cases.models import Case
    from tongxin.platform.access.models import User

    Case.objects.filter(pk=w.case.pk).update(state="accepted")
    w.case.refresh_from_db()
    sender = User.objects.get_or_create(username="t_matrix_sender", defaults={"is_superuser": True})[0]
    h = handover.case_hand_over(
        case=w.case, actor=sender, kind="council", target_id=council(w.community, members=1).pk, note="请议"
    )
    if withdrawn:
        handover.handover_withdraw(handover=h, actor=sender, reason="另行处理")
    return h.pk


def _unit_handover(w: Any) -> int:
    from tongxin.grid.cases import handover
    from tongxin.grid.cases.models import Case
    from tongxin.platform.access.models import User

    Case.objects.filter(pk=w.case.pk).update(state="accepted")
    w.case.refresh_from_db()
    sender = User.objects.get_or_create(username="t_matrix_sender", defaults={"is_superuser": True})[0]
    return handover.case_hand_over(case=w.case, actor=sender, kind="unit", target_id=w.unit.pk, note="请处理").pk


TOPIC = {"community": lambda w: w.community.pk, "title": "楼道加装扶手", "description": "老人上下楼不方便"}

# fmt: off
#                                                                                                                                      adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("consultation:public_decisions",        "GET",  lambda w: R("consultation:public_decisions"),                                  "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("consultation:public_decisions",        "GET",  lambda w: R("consultation:public_decisions") + f"?community={w.community.pk}", "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("consultation:public_decisions",        "GET",  lambda w: R("consultation:public_decisions") + f"?community={w.grid1.pk}",     "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("consultation:public_objection",        "GET",  lambda w: R("consultation:public_objection", args=[_published(w).pk]),        "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("consultation:public_objection",        "POST", lambda w: R("consultation:public_objection", args=[_published(w).pk]),        "302 302 302 302 302 302 302 302 302 302 302", {"text": "车位划在消防通道旁"})
# A topic still under review has no decision to object to.
ROWS.row("consultation:public_objection",        "POST", lambda w: R("consultation:public_objection", args=[_topic(w).pk]),            "404 404 404 404 404 404 404 404 404 404 404", {"text": "反对"})
ROWS.row("consultation:public_topic_new",        "GET",  lambda w: R("consultation:public_topic_new"),                                  "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("consultation:public_topic_new",        "GET",  lambda w: R("consultation:public_topic_new") + f"?community={w.community.pk}", "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("consultation:public_topic_new",        "GET",  lambda w: R("consultation:public_topic_new") + f"?community={w.building1.pk}", "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("consultation:public_topic_new",        "POST", lambda w: R("consultation:public_topic_new"),                                  "302 302 302 302 302 302 302 302 302 302 302", TOPIC)
ROWS.row("consultation:public_topic_lookup",     "GET",  lambda w: R("consultation:public_topic_lookup"),                               "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("consultation:public_topic_lookup",     "POST", lambda w: R("consultation:public_topic_lookup"),                               "200 200 200 200 200 200 200 200 200 200 200", {"code": "ZZZZ2222"})
# The code opens a topic's page for anyone who holds it; the received page only in the browser that raised it.
ROWS.row("consultation:public_topic",            "GET",  lambda w: R("consultation:public_topic", args=[_topic(w).tracking_code]),      "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("consultation:public_topic",            "GET",  lambda w: R("consultation:public_topic", args=["ZZZZ2222"]),                   "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("consultation:public_topic_received",   "GET",  lambda w: R("consultation:public_topic_received", args=[_topic(w).tracking_code]), "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("consultation:public_topic_rate",       "POST", lambda w: R("consultation:public_topic_rate", args=[_topic(w).tracking_code]), "302 302 302 302 302 302 302 302 302 302 302", {"rating": "5"})
ROWS.row("consultation:public_topic_rate",       "POST", lambda w: R("consultation:public_topic_rate", args=["ZZZZ2222"]),              "404 404 404 404 404 404 404 404 404 404 404", {"rating": "5"})
# Making a case handed to a council a topic: those who run the councils there (Perm.CONSULT: admin,
# the community's secretary), sent on to the new topic's page; anyone else is not told the handover exists.
ROWS.row("consultation:handover_topic",          "POST", lambda w: R("consultation:handover_topic", args=[_council_handover(w)]),                "302 404 302 404 404 404 404 404 404 404 302")
ROWS.row("consultation:handover_topic",          "GET",  lambda w: R("consultation:handover_topic", args=[_council_handover(w)]),       "405 405 405 405 405 405 405 405 405 405 302")
ROWS.row("consultation:handover_topic",          "POST", lambda w: R("consultation:handover_topic", args=[_unit_handover(w)]),          "404 404 404 404 404 404 404 404 404 404 302")
# fmt: on
