# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the council meeting pages (see matrix.py).

A council of 甲社区 with five members; reading takes Perm.VIEW over the community (the
subdistrict reads, a grid worker's grid holds no council of the community: 404), running the
meeting Perm.CONSULT (admin, community secretary; the subdistrict officer gets 403).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _council(w: Any, community: Any = None) -> Any:
    from tongxin.council.consultation.tests.support import council

    return council(community or w.community)


def _topic(w: Any, c: Any) -> Any:
    from tongxin.council.consultation import services
    from tongxin.council.consultation.tests.support import staff, topic

    t = topic(c.area)
    services.topic_accept(topic=t, actor=staff(), council=c)
    return t


def _meeting(w: Any, community: Any = None, *, attendance: bool = False) -> Any:
    from tongxin.council.consultation import services
    from tongxin.council.consultation.tests.support import at, staff

    c = _council(w, community)
    m = services.meeting_create(
        council=c, actor=staff(), title="三月议事会", starts_at=at(_day()), topics=[_topic(w, c)]
    )
    if attendance:
        m = services.attendance_open(meeting=m, actor=staff())
        services.attendance_mark(meeting=m, actor=staff(), present=list(m.attendance.values_list("pk", flat=True))[:4])
    return m


def _item(w: Any) -> Any:
    return _meeting(w, attendance=True).items.get()


def _vote(w: Any, method: str = "hands") -> Any:
    from tongxin.council.consultation import services
    from tongxin.council.consultation.tests.support import staff

    return services.vote_open(item=_item(w), actor=staff(), method=method, question="同意方案")


def _day() -> Any:
    import datetime

    return datetime.date(2026, 3, 5)


def _create_data() -> dict[str, Any]:
    return {"title": "四月议事会", "starts_at": "2026-04-02T19:00", "place": "党群服务中心"}


# fmt: off
#            name                                   method url                                                                                         adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("consultation:meetings",                "GET",  lambda w: R("consultation:meetings"),                                                        "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("consultation:meetings",                "GET",  lambda w: R("consultation:meetings") + f"?council={_council(w).pk}",                        "200 200 200 404 404 404 404 403 403 403 302")
ROWS.row("consultation:meetings",                "GET",  lambda w: R("consultation:meetings") + f"?community={w.other_community.pk}&council=x",       "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("consultation:meeting_create",          "GET",  lambda w: R("consultation:meeting_create", args=[_council(w).pk]),                           "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_create",          "GET",  lambda w: R("consultation:meeting_create", args=[_council(w, w.other_community).pk]),        "200 403 404 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_create",          "POST", lambda w: R("consultation:meeting_create", args=[_council(w).pk]),                           "302 403 302 404 404 404 404 404 404 404 302", _create_data())
ROWS.row("consultation:meeting",                 "GET",  lambda w: R("consultation:meeting", args=[_meeting(w).pk]),                                  "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting",                 "GET",  lambda w: R("consultation:meeting", args=[_meeting(w, attendance=True).pk]),                 "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting",                 "GET",  lambda w: R("consultation:meeting", args=[_meeting(w, w.other_community).pk]),               "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_agenda_add",      "POST", lambda w: R("consultation:meeting_agenda_add", args=[_meeting(w).pk]),                       "302 403 302 404 404 404 404 404 404 404 302", {"topic": "x"})
ROWS.row("consultation:meeting_agenda_remove",   "POST", lambda w: R("consultation:meeting_agenda_remove", args=[_item(w).pk]),                       "302 403 302 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_item_discussion", "POST", lambda w: R("consultation:meeting_item_discussion", args=[_item(w).pk]),                     "302 403 302 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_attendance_open", "POST", lambda w: R("consultation:meeting_attendance_open", args=[_meeting(w).pk]),                  "302 403 302 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_attendance",      "GET",  lambda w: R("consultation:meeting_attendance", args=[_meeting(w, attendance=True).pk]),      "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_attendance",      "POST", lambda w: R("consultation:meeting_attendance", args=[_meeting(w, attendance=True).pk]),      "302 403 302 404 404 404 404 404 404 404 302", {"present": ["x", "99999999"]})
ROWS.row("consultation:meeting_vote_open",       "POST", lambda w: R("consultation:meeting_vote_open", args=[_item(w).pk]),                           "302 403 302 404 404 404 404 404 404 404 302", {"method": "nonsense"})
ROWS.row("consultation:meeting_vote",            "GET",  lambda w: R("consultation:meeting_vote", args=[_vote(w).pk]),                                "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_vote",            "GET",  lambda w: R("consultation:meeting_vote", args=[_vote(w, "named").pk]),                       "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:meeting_vote",            "POST", lambda w: R("consultation:meeting_vote", args=[_vote(w).pk]),                                "302 403 302 404 404 404 404 404 404 404 302", {"yes": "3", "no": "1", "abstain": "0", "close": "1"})
ROWS.row("consultation:meeting_vote",            "POST", lambda w: R("consultation:meeting_vote", args=[_vote(w).pk]),                                "200 403 200 404 404 404 404 404 404 404 302", {"yes": "-1", "no": "99", "abstain": "x"})
ROWS.row("consultation:meeting_vote_close",      "POST", lambda w: R("consultation:meeting_vote_close", args=[_vote(w).pk]),                          "302 403 302 404 404 404 404 404 404 404 302")
ROWS.row("consultation:minutes",                 "GET",  lambda w: R("consultation:minutes", args=[_meeting(w, attendance=True).pk]),                 "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:minutes",                 "POST", lambda w: R("consultation:minutes", args=[_meeting(w).pk]),                                  "302 403 302 404 404 404 404 404 404 404 302", {"text": "会议记录"})
# The exports: whoever reads the meeting (audited); out of scope 404.
ROWS.row("consultation:minutes_docx",            "GET",  lambda w: R("consultation:minutes_docx", args=[_meeting(w, attendance=True).pk]),            "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:minutes_docx",            "GET",  lambda w: R("consultation:minutes_docx", args=[_meeting(w, w.other_community).pk]),          "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("consultation:minutes_pdf",             "GET",  lambda w: R("consultation:minutes_pdf", args=[_meeting(w, attendance=True).pk]),             "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:minutes_pdf",             "POST", lambda w: R("consultation:minutes_pdf", args=[_meeting(w).pk]),                              "405 405 405 405 405 405 405 405 405 405 302")
# fmt: on
