# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of needs and projects (collected by tests/test_permission_matrix.py).

The lists and staff pages are read by those who run co-building (admin, the community) and the
subdistrict above them (403 for anyone else); writing takes Perm.COBUILD over the community (the
subdistrict reads but may not act: 403). A grid worker or building leader raises needs at their
places. The unit contact opens the needs open to its unit's community and its unit's projects, and
reports and completes them; everything else is a 404 for them. The public rating page needs no
sign-in and shows completed projects only.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _need(w: Any, area: Any = None) -> Any:
    from tongxin.cobuilding.projects.tests.support import need

    return need(area or w.community)


def _project(w: Any) -> Any:
    from tongxin.cobuilding.projects.tests.support import project

    return project(_need(w), w.unit)


def _milestone(w: Any) -> tuple[int, int]:
    from tongxin.cobuilding.projects.services import milestone_add
    from tongxin.cobuilding.projects.tests.support import staff

    p = _project(w)
    return p.pk, milestone_add(actor=staff(), project=p, title="采购灯具").pk


def _completed(w: Any) -> Any:
    from tongxin.cobuilding.projects.tests.support import completed

    return completed(_project(w))


def _evidence(w: Any) -> tuple[int, int]:
    from tongxin.cobuilding.projects.tests.support import with_photo

    p = with_photo(_project(w))
    return p.pk, p.evidence.get().pk


def _public_photo(w: Any) -> tuple[str, int]:
    p = _completed(w)
    return p.rating_token, p.evidence.get().pk


def _visit(w: Any) -> Any:
    import datetime

    from tongxin.fieldwork.visits.tests.support import visit

    return visit(w.household1, datetime.date(2026, 3, 2), "李网格员")


# Building 1 is grid 1's: the grid-2 worker is told it is not one of their places (the form, 200).
NEED_POST = {
    "title": "独居老人助餐",
    "category": "elderly",
    "place": lambda w: w.building1.pk,
    "people_affected": "12",
    "open_to_claim": "on",
}

# fmt: off
#                                                                                                                                  adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("projects:needs", "GET", lambda w: (_need(w), R("projects:needs"))[1],                                                     "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("projects:needs", "GET", lambda w: R("projects:needs") + "?status=open&category=elderly&source=visit&q=%00x&waiting=old&page=x", "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("projects:needs", "GET", lambda w: R("projects:needs") + f"?node={w.other_community.pk}&status=nonsense",                   "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("projects:need_new", "GET", lambda w: R("projects:need_new"),                                                             "200 403 200 200 200 200 403 403 403 403 302")
ROWS.row("projects:need_new", "GET", lambda w: R("projects:need_new") + f"?source=visit&source_id={_visit(w).pk}",                  "200 403 200 200 200 200 403 403 403 403 302")
ROWS.row("projects:need_new", "GET", lambda w: R("projects:need_new") + "?source=case&source_id=99999999999999999999&community=x",  "404 403 404 404 404 404 403 403 403 403 302")
ROWS.row("projects:need_new", "POST", lambda w: R("projects:need_new") + f"?community={w.community.pk}",                             "302 403 302 302 200 302 403 403 403 403 302", NEED_POST)
ROWS.row("projects:need_new", "POST", lambda w: R("projects:need_new") + f"?community={w.community.pk}",                             "200 403 200 200 200 200 403 403 403 403 302", {"title": "", "category": "nope", "people_affected": "-1", "wanted_by": "2026-13-40"})
ROWS.row("projects:need", "GET", lambda w: R("projects:need", args=[_need(w).pk]),                                                  "200 200 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:need", "GET", lambda w: R("projects:need", args=[_need(w, w.other_community).pk]),                               "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("projects:need_claim", "GET", lambda w: R("projects:need_claim", args=[_need(w).pk]),                                      "403 403 403 404 404 404 404 404 200 404 302")
ROWS.row("projects:need_claim", "POST", lambda w: R("projects:need_claim", args=[_need(w).pk]),                                     "403 403 403 404 404 404 404 404 302 404 302", {"description": "派6名医生", "budget": "800", "due_on": "2026-05-01"})
ROWS.row("projects:need_claim", "POST", lambda w: R("projects:need_claim", args=[_need(w).pk]),                                     "403 403 403 404 404 404 404 404 200 404 302", {"budget": "-5x", "due_on": "never"})
ROWS.row("projects:need_claim", "GET", lambda w: R("projects:need_claim", args=[_need(w, w.other_community).pk]),                   "403 403 404 404 404 404 404 404 404 404 302")
ROWS.row("projects:need_match", "GET", lambda w: R("projects:need_match", args=[_need(w).pk]),                                      "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("projects:need_match", "POST", lambda w: R("projects:need_match", args=[_need(w).pk]),                                     "302 403 302 404 404 404 404 404 404 404 302", {"unit": lambda w: w.unit.pk})
ROWS.row("projects:need_match", "POST", lambda w: R("projects:need_match", args=[_need(w).pk]),                                     "200 403 200 404 404 404 404 404 404 404 302", {"unit": lambda w: w.other_unit.pk})
ROWS.row("projects:projects", "GET", lambda w: (_project(w), R("projects:projects"))[1],                                             "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("projects:projects", "GET", lambda w: R("projects:projects") + "?state=bogus&waiting=overdue&q=%00",                        "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("projects:project", "GET", lambda w: R("projects:project", args=[_project(w).pk]),                                         "200 200 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:project", "GET", lambda w: R("projects:project", args=[_completed(w).pk]),                                       "200 200 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:project_start", "POST", lambda w: R("projects:project_start", args=[_project(w).pk]),                            "302 403 302 404 404 404 404 404 302 404 302")
ROWS.row("projects:project_complete", "GET", lambda w: R("projects:project_complete", args=[_project(w).pk]),                      "200 403 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:project_complete", "POST", lambda w: R("projects:project_complete", args=[_project(w).pk]),                     "200 403 200 404 404 404 404 404 200 404 302", {"summary": "完成", "people_served": "5", "completed_on": "2026-03-02", "volunteer_hours": "0"})
ROWS.row("projects:project_cancel", "GET", lambda w: R("projects:project_cancel", args=[_project(w).pk]),                          "200 403 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:project_cancel", "POST", lambda w: R("projects:project_cancel", args=[_project(w).pk]),                         "302 403 302 404 404 404 404 404 302 404 302", {"reason": "预算调整"})
ROWS.row("projects:milestone_new", "GET", lambda w: R("projects:milestone_new", args=[_project(w).pk]),                            "200 403 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:milestone_new", "POST", lambda w: R("projects:milestone_new", args=[_project(w).pk]),                           "302 403 302 404 404 404 404 404 302 404 302", {"title": "采购灯具", "due_on": "2026-04-01"})
ROWS.row("projects:milestone_report", "GET", lambda w: R("projects:milestone_report", args=[*_milestone(w)]),                       "200 403 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:milestone_report", "POST", lambda w: R("projects:milestone_report", args=[*_milestone(w)]),                      "302 403 302 404 404 404 404 404 302 404 302", {"report": "已采购12盏", "done_on": "2026-03-01"})
ROWS.row("projects:rating_new", "GET", lambda w: R("projects:rating_new", args=[_completed(w).pk]),                                 "200 403 200 404 404 404 404 404 403 404 302")
ROWS.row("projects:rating_new", "POST", lambda w: R("projects:rating_new", args=[_completed(w).pk]),                                "302 403 302 404 404 404 404 404 403 404 302", {"score": "4", "household": "1号楼 101", "comment": ""})
ROWS.row("projects:evidence", "GET", lambda w: R("projects:evidence", args=[*_evidence(w)]),                                       "200 200 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:evidence", "GET", lambda w: R("projects:evidence", args=[*_evidence(w)]) + "?thumb=1",                          "200 200 200 404 404 404 404 404 200 404 302")
ROWS.row("projects:public_rating", "GET", lambda w: R("projects:public_rating", args=[_completed(w).rating_token]),                "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("projects:public_rating", "GET", lambda w: R("projects:public_rating", args=[_project(w).rating_token]),                  "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("projects:public_rating", "POST", lambda w: R("projects:public_rating", args=[_completed(w).rating_token]),               "200 200 200 200 200 200 200 200 200 200 200", {"score": "5", "comment": "灯亮了"})
ROWS.row("projects:public_rating", "POST", lambda w: R("projects:public_rating", args=[_completed(w).rating_token]),               "200 200 200 200 200 200 200 200 200 200 200", {"score": "9"})
ROWS.row("projects:public_photo", "GET", lambda w: R("projects:public_photo", args=[*_public_photo(w)]),                           "200 200 200 200 200 200 200 200 200 200 200")
# fmt: on
