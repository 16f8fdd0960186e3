# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the points pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _post(w: Any) -> Any:
    """A model post of branch 1 held by 赵党员 (member1) since January."""
    import datetime

    from tongxin.partylife.points.models import Post, PostHolding

    post = Post.objects.create(org=w.branch1, kind="model", title="政策宣传岗")
    w.holding = PostHolding.objects.create(post=post, member=w.member1, from_on=datetime.date(2025, 1, 1))
    return post


def _holding(w: Any) -> list[int]:
    post = _post(w)
    return [post.pk, w.holding.pk]


# fmt: off
# Points: readers hold VIEW; a member without it is sent to their own points; branch-1 members
# are seen by grid 1's worker through the branch anchored at grid 1.
ROWS.row("points:ranking",        "GET",  lambda w: R("points:ranking"),                                    "200 200 200 200 200 200 200 302 403 403 302")
ROWS.row("points:ranking",        "GET",  lambda w: R("points:ranking") + f"?node={w.branch1.pk}&year=x",   "200 200 200 200 404 404 200 302 403 403 302")
ROWS.row("points:rules",          "GET",  lambda w: R("points:rules"),                                      "200 403 403 403 403 403 403 403 403 403 302")
ROWS.row("points:member",         "GET",  lambda w: R("points:member", args=[w.member1.pk]),                "200 200 200 200 404 404 200 200 404 404 302")
ROWS.row("points:member",         "GET",  lambda w: R("points:member", args=[w.member2.pk]) + "?year=2025", "200 200 200 404 200 404 404 404 404 404 302")
ROWS.row("points:entry_create",   "POST", lambda w: R("points:entry_create", args=[w.member1.pk]),          "302 403 302 403 404 404 302 403 404 404 302",
         {"on": "2025-05-01", "points": "3", "reason": "帮助邻居"})
# Posts: read with VIEW, set up and assigned with PARTY_WORK.
ROWS.row("points:posts",          "GET",  lambda w: R("points:posts"),                                      "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("points:post_create",    "GET",  lambda w: R("points:post_create"),                                "200 403 200 403 403 403 200 403 403 403 302")
ROWS.row("points:post_create",    "GET",  lambda w: R("points:post_create") + f"?org={w.branch2.pk}",       "200 403 200 403 403 403 404 403 403 403 302")
ROWS.row("points:post_detail",    "GET",  lambda w: R("points:post_detail", args=[_post(w).pk]),            "200 200 200 200 404 404 200 404 404 404 302")
ROWS.row("points:holding_create", "POST", lambda w: R("points:holding_create", args=[_post(w).pk]),         "302 403 302 403 404 404 302 404 404 404 302",
         {"member": lambda w: str(w.member1.pk), "from_on": "2020-01-01", "to_on": "2020-12-31"})
ROWS.row("points:holding_end",    "POST", lambda w: R("points:holding_end", args=_holding(w)),              "302 403 302 403 404 404 302 404 404 404 302",
         {"to_on": "2025-06-30"})
# fmt: on
