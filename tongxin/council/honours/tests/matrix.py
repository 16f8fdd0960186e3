# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of honours and the good-deeds wall.

Reading is the office's: Perm.RECOGNISE over the place (admin, community secretary) and the
subdistrict officers below it; others get 403 on the lists (the menu hides them) and 404 on a
row. Changing takes Perm.RECOGNISE (the subdistrict sees but may not act: 403). A branch's
secretary nominates the branch's members for a members' award. The public pages answer everyone
alike; a wall photo without consent only the office over it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _award(w: Any, **extra: Any) -> Any:
    from tongxin.council.honours.tests.support import award

    return award(w, **extra)


def _members_award(w: Any) -> Any:
    from tongxin.council.honours.models import NomineeKind

    return _award(w, kind=NomineeKind.PARTY_MEMBER, public_nominations=False)


def _nomination(w: Any) -> Any:
    from tongxin.council.honours.tests.support import nomination

    return nomination(w, _award(w))


def _objection(w: Any) -> Any:
    from tongxin.council.honours.models import NominationObjection
    from tongxin.council.honours.tests.support import in_publicity

    return NominationObjection.objects.create(nomination=in_publicity(w), text="不属实")


def _publicity(w: Any) -> Any:
    from tongxin.council.honours.tests.support import in_publicity

    return in_publicity(w)


def _deed(w: Any, **extra: Any) -> Any:
    from tongxin.council.honours.tests.support import deed

    return deed(w, **extra)


NEW_AWARD = {
    "name": "优秀志愿者",
    "nominee_kind": "volunteer",
    "places": "8",
    "year": "2026",
    "area": lambda w: w.community.pk,
    "publicity_days": "7",
}
PUBLIC_NOMINATION = {"nominee": "张", "building": lambda w: w.building1.pk, "reason": "孝敬老人，邻里和睦。"}

ROWS.row("honours:awards", "GET", lambda w: R("honours:awards"), "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("honours:award_new", "GET", lambda w: R("honours:award_new"), "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row(
    "honours:award_new",
    "POST",
    lambda w: R("honours:award_new"),
    "302 403 302 403 403 403 403 403 403 403 302",
    NEW_AWARD,
)
ROWS.row(
    "honours:award",
    "GET",
    lambda w: R("honours:award", args=[_award(w).pk]),
    "200 200 200 404 404 404 404 404 404 404 302",
)
ROWS.row(
    "honours:award",
    "GET",
    lambda w: R("honours:award", args=[_award(w, area=w.other_community).pk]),
    "200 200 404 404 404 404 404 404 404 404 302",
)
ROWS.row(
    "honours:nominate",
    "GET",
    lambda w: R("honours:nominate", args=[_award(w).pk]),
    "200 403 200 404 404 404 404 404 404 404 302",
)
ROWS.row(
    "honours:nominate",
    "GET",
    lambda w: R("honours:nominate", args=[_members_award(w).pk]),
    "200 403 200 404 404 404 200 404 404 404 302",
)
ROWS.row(
    "honours:publish",
    "POST",
    lambda w: R("honours:publish", args=[_award(w).pk]),
    "302 403 302 404 404 404 404 404 404 404 302",
)
ROWS.row(
    "honours:confer",
    "POST",
    lambda w: R("honours:confer", args=[_publicity(w).award_id]),
    "302 403 302 404 404 404 404 404 404 404 302",
)
ROWS.row(
    "honours:review",
    "POST",
    lambda w: R("honours:review", args=[_nomination(w).pk]),
    "302 403 302 404 404 404 404 404 404 404 302",
    {"decision": "accept"},
)
ROWS.row(
    "honours:answer",
    "POST",
    lambda w: R("honours:answer", args=[_objection(w).pk]),
    "302 403 302 404 404 404 404 404 404 404 302",
    {"decision": "dismiss", "answer": "经核实不成立"},
)
ROWS.row("honours:branch", "GET", lambda w: R("honours:branch"), "200 403 200 403 403 403 200 403 403 403 302")
ROWS.row(
    "honours:nominee",
    "GET",
    lambda w: R("honours:nominee", args=["resident", w.zhangsan.pk]),
    "200 200 200 200 404 200 404 404 404 404 302",
)
ROWS.row(
    "honours:nominee",
    "GET",
    lambda w: R("honours:nominee", args=["household", w.household1.pk]),
    "200 200 200 200 404 200 404 404 404 404 302",
)
ROWS.row(
    "honours:nominee",
    "GET",
    lambda w: R("honours:nominee", args=["member", w.member1.pk]),
    "200 200 200 200 404 404 200 200 404 404 302",
)
ROWS.row(
    "honours:nominee",
    "GET",
    lambda w: R("honours:nominee", args=["unit", w.unit.pk]),
    "404 404 404 404 404 404 404 404 404 404 302",
)
ROWS.row("honours:deeds", "GET", lambda w: R("honours:deeds"), "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("honours:deed_new", "GET", lambda w: R("honours:deed_new"), "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row(
    "honours:deed",
    "GET",
    lambda w: R("honours:deed", args=[_deed(w).pk]),
    "200 200 200 404 404 404 404 404 404 404 302",
)
ROWS.row(
    "honours:deed_consent",
    "POST",
    lambda w: R("honours:deed_consent", args=[_deed(w).pk]),
    "302 403 302 404 404 404 404 404 404 404 302",
    {"consent": "no"},
)
ROWS.row(
    "honours:deed_delete",
    "POST",
    lambda w: R("honours:deed_delete", args=[_deed(w).pk]),
    "302 403 302 404 404 404 404 404 404 404 302",
)
ROWS.row(
    "honours:deed_photo",
    "GET",
    lambda w: R("honours:deed_photo", args=[_deed(w).pk, "thumb"]),
    "200 200 200 200 200 200 200 200 200 200 200",
)
ROWS.row(
    "honours:deed_photo",
    "GET",
    lambda w: R("honours:deed_photo", args=[_deed(w, consent=False).pk, "full"]),
    "200 200 200 404 404 404 404 404 404 404 404",
)
ROWS.row(
    "honours:public",
    "GET",
    lambda w: R("honours:public", args=[w.community.pk]),
    "200 200 200 200 200 200 200 200 200 200 200",
)
ROWS.row(
    "honours:public",
    "GET",
    lambda w: R("honours:public", args=[w.building1.pk]),
    "404 404 404 404 404 404 404 404 404 404 404",
)
ROWS.row(
    "honours:public_nominate",
    "GET",
    lambda w: R("honours:public_nominate", args=[w.community.pk, _award(w).pk]),
    "200 200 200 200 200 200 200 200 200 200 200",
)
ROWS.row(
    "honours:public_nominate",
    "POST",
    lambda w: R("honours:public_nominate", args=[w.community.pk, _award(w).pk]),
    "302 302 302 302 302 302 302 302 302 302 302",
    PUBLIC_NOMINATION,
)
ROWS.row(
    "honours:public_nominate",
    "GET",
    lambda w: R("honours:public_nominate", args=[w.other_community.pk, _award(w).pk]),
    "404 404 404 404 404 404 404 404 404 404 404",
)
ROWS.row(
    "honours:public_object",
    "GET",
    lambda w: R("honours:public_object", args=[w.community.pk, _publicity(w).pk]),
    "200 200 200 200 200 200 200 200 200 200 200",
)
ROWS.row(
    "honours:public_object",
    "POST",
    lambda w: R("honours:public_object", args=[w.community.pk, _publicity(w).pk]),
    "302 302 302 302 302 302 302 302 302 302 302",
    {"text": "此户与邻居常有争吵"},
)
