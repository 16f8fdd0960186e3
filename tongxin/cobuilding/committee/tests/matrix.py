# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the big committee and joint meetings (collected by
tests/test_permission_matrix.py).

Reading takes the units' view over the area tree: the community's staff and the subdistrict
above it (admin everywhere); anyone else is refused (403), a committee of another community is a
404 for its neighbour's secretary. Writing takes Perm.COBUILD (admin, the community secretary):
the subdistrict reads but may not act (403). Proposing an agenda item is open to staff, to the
committee's seat holders with an account and to contacts of units in the community (the unit
contact persona); for anyone else the meeting does not exist (404), except readers who may not
propose (403).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _committee(w: Any, area: Any = None) -> Any:
    from tongxin.cobuilding.committee.tests.support import committee

    return committee(area or w.community, seats=2, unit=w.unit if area is None else None)


def _seat(w: Any) -> int:
    return _committee(w).seats.order_by("id").first().pk


def _meeting(w: Any, area: Any = None) -> Any:
    from tongxin.cobuilding.committee.tests.support import meeting

    return meeting(_committee(w, area), days=30)


def _proposed(w: Any) -> int:
    from tongxin.cobuilding.committee import services
    from tongxin.cobuilding.committee.tests.support import staff

    return services.agenda_propose(actor=staff(), meeting=_meeting(w), title="停车难").pk


def _held(w: Any, area: Any = None) -> Any:
    from tongxin.cobuilding.committee.tests.support import held

    return held(_committee(w, area))


def _decided(w: Any) -> int:
    return _held(w).agenda.get().pk


def _with_branch(w: Any) -> int:
    import datetime

    from tongxin.cobuilding.committee import services
    from tongxin.cobuilding.committee.tests.support import staff

    c = _committee(w)
    services.branch_add(actor=staff(), committee=c, org=w.unit_branch, joined_on=datetime.date(2026, 1, 1))
    return c.pk


# fmt: off
#                                                                                                                                  adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("committee:committees", "GET", lambda w: (_committee(w), R("committee:committees"))[1],                                     "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:committees", "GET", lambda w: (_committee(w), R("committee:committees") + "?terms=ending&page=x")[1],            "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:committee_new", "GET", lambda w: R("committee:committee_new"),                                                 "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:committee_new", "POST", lambda w: R("committee:committee_new"),                                                "302 403 302 403 403 403 403 403 403 403 302", {"community": lambda w: w.community.pk, "name": "甲社区大党委", "kind": "big", "term_starts_on": "2026-01-01", "term_ends_on": "2031-01-01", "meeting_frequency": "quarterly", "agenda_days": "15"})
ROWS.row("committee:committee_new", "POST", lambda w: R("committee:committee_new"),                                                "200 403 200 403 403 403 403 403 403 403 302", {"community": lambda w: w.community.pk, "name": "", "kind": "big", "term_starts_on": "2026-01-01", "term_ends_on": "2025-01-01"})
ROWS.row("committee:behind", "GET", lambda w: R("committee:behind"),                                                               "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:committee", "GET", lambda w: R("committee:committee", args=[_with_branch(w)]),                                 "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:committee", "GET", lambda w: R("committee:committee", args=[_committee(w, w.other_community).pk]),             "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("committee:committee_edit", "GET", lambda w: R("committee:committee_edit", args=[_committee(w).pk]),                      "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:committee_edit", "POST", lambda w: R("committee:committee_edit", args=[_committee(w).pk]),                     "302 403 302 403 403 403 403 403 403 403 302", {"name": "新一届大党委", "kind": "big", "term_starts_on": "2026-01-01", "term_ends_on": "2031-01-01", "meeting_frequency": "half_yearly", "agenda_days": "10"})
ROWS.row("committee:seat_new", "GET", lambda w: R("committee:seat_new", args=[_committee(w).pk]),                                  "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:seat_new", "POST", lambda w: R("committee:seat_new", args=[_committee(w).pk]),                                 "302 403 302 403 403 403 403 403 403 403 302", {"name": "周所长", "post": "member", "unit": lambda w: w.unit.pk, "unit_title": "派出所副所长", "phone": "13900001111", "starts_on": "2026-01-01", "ends_on": "2029-01-01"})
ROWS.row("committee:seat_new", "POST", lambda w: R("committee:seat_new", args=[_committee(w).pk]),                                 "200 403 200 403 403 403 403 403 403 403 302", {"name": "周所长", "post": "member", "phone": "123", "starts_on": "2026-01-01", "ends_on": "2025-01-01", "username": "nobody"})
ROWS.row("committee:seat_edit", "GET", lambda w: R("committee:seat_edit", args=[_seat(w)]),                                        "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:seat_edit", "POST", lambda w: R("committee:seat_edit", args=[_seat(w)]),                                       "302 403 302 403 403 403 403 403 403 403 302", {"name": "委员1", "post": "deputy", "starts_on": "2024-01-01", "ends_on": "2028-01-01"})
ROWS.row("committee:seat_leave", "POST", lambda w: R("committee:seat_leave", args=[_seat(w)]),                                     "302 403 302 403 403 403 403 403 403 403 302", {"left_on": "2026-03-01"})
ROWS.row("committee:seat_reveal", "POST", lambda w: R("committee:seat_reveal", args=[_seat(w)]),                                   "200 200 200 403 403 403 403 403 403 403 302", {"field": "phone"})
ROWS.row("committee:branch_new", "GET", lambda w: R("committee:branch_new", args=[_committee(w).pk]),                              "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:branch_new", "POST", lambda w: R("committee:branch_new", args=[_committee(w).pk]),                             "302 403 302 403 403 403 403 403 403 403 302", {"org": lambda w: w.unit_branch.pk, "joined_on": "2026-01-01"})
ROWS.row("committee:members", "GET", lambda w: R("committee:members", args=[_with_branch(w)]) + "?q=zs&page=2",                     "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:members_export", "GET", lambda w: R("committee:members_export", args=[_with_branch(w)]),                      "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:meeting_new", "GET", lambda w: R("committee:meeting_new", args=[_committee(w).pk]),                            "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:meeting_new", "POST", lambda w: R("committee:meeting_new", args=[_committee(w).pk]),                           "302 403 302 403 403 403 403 403 403 403 302", {"title": "第二季度联席会", "starts_at": "2030-06-30T09:00", "place": "社区会议室", "chair": "委员1", "clerk": "记录员"})
ROWS.row("committee:meetings", "GET", lambda w: (_meeting(w), R("committee:meetings") + "?status=planned")[1],                      "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:meeting", "GET", lambda w: R("committee:meeting", args=[_meeting(w).pk]),                                      "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:meeting", "GET", lambda w: R("committee:meeting", args=[_meeting(w, w.other_community).pk]),                  "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("committee:propose", "GET", lambda w: R("committee:propose", args=[_meeting(w).pk]),                                      "200 403 200 404 404 404 404 404 200 404 302")
ROWS.row("committee:propose", "POST", lambda w: R("committee:propose", args=[_meeting(w).pk]),                                     "302 403 302 404 404 404 404 404 302 404 302", {"title": "医院门口停车", "description": "早高峰拥堵", "unit": lambda w: w.unit.pk})
ROWS.row("committee:propose", "GET", lambda w: R("committee:propose", args=[_meeting(w, w.other_community).pk]),                   "200 403 404 404 404 404 404 404 404 404 302")
ROWS.row("committee:item_review", "POST", lambda w: R("committee:item_review", args=[_proposed(w)]),                               "302 403 302 403 403 403 403 403 403 403 302", {"decision": "accept"})
ROWS.row("committee:attendance", "GET", lambda w: R("committee:attendance", args=[_meeting(w).pk]),                                "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:attendance", "POST", lambda w: R("committee:attendance", args=[_meeting(w).pk]),                               "302 403 302 403 403 403 403 403 403 403 302", {"present": ["x"], "guests": "嘉宾乙\n嘉宾丙"})
ROWS.row("committee:record", "GET", lambda w: R("committee:record", args=[_held(w).pk]),                                           "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:record", "POST", lambda w: R("committee:record", args=[_meeting(w).pk]),                                       "200 403 200 403 403 403 403 403 403 403 302", {"chair": "委员1", "clerk": "记录员", "summary": "未开始"})
ROWS.row("committee:minutes_docx", "GET", lambda w: R("committee:minutes_docx", args=[_held(w).pk]),                               "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:minutes_docx", "GET", lambda w: R("committee:minutes_docx", args=[_held(w, w.other_community).pk]),           "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("committee:minutes_pdf", "GET", lambda w: R("committee:minutes_pdf", args=[_meeting(w).pk]),                              "404 404 404 403 403 403 403 403 403 403 302")
ROWS.row("committee:item_project", "GET", lambda w: R("committee:item_project", args=[_decided(w)]),                               "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("committee:item_project", "POST", lambda w: R("committee:item_project", args=[_decided(w)]),                              "302 403 302 403 403 403 403 403 403 403 302", {"unit": lambda w: w.unit.pk, "category": "health", "title": "每月义诊"})
# fmt: on
