"""Honours on the workbench (registered in HonoursConfig.ready()).

For Perm.RECOGNISE holders: nominations waiting for review, publicity ending (or ended, the award
waiting to be conferred) and objections waiting for an answer. A Party branch's secretary gets a
button to nominate the branch's members.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.council.honours.queries import open_objections, publicity_ending, waiting_review
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Action, Item, Row, Source, Today, Urgency, register


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    items = []
    review_qs = waiting_review(user)
    n_review = review_qs.count()
    review = list(review_qs[:TOP_ROWS]) if n_review else []
    items.append(
        Item(
            key="honours.review",
            label=gettext_lazy("Nominations waiting for review"),
            count=n_review,
            url=reverse("honours:awards") + "?waiting=review",
            urgency=Urgency.SOON,
            rows=[
                Row(
                    label=f"{n.display_name} · {n.award.name}",
                    url=reverse("honours:award", args=[n.award_id]) + f"#nomination-{n.pk}",
                    note=_("nominated %(date)s")
                    % {"date": date_format(timezone.localtime(n.created_at), "DATE_FORMAT")},
                )
                for n in review
            ],
            order=50,
        )
    )
    ending_qs = publicity_ending(user, when.now)
    n_ending = ending_qs.count()
    ending = list(ending_qs[:TOP_ROWS]) if n_ending else []
    rows = []
    for award in ending:
        assert award.publicity_ends is not None
        ended = award.publicity_ends <= when.now
        ends = date_format(timezone.localtime(award.publicity_ends), "DATE_FORMAT")
        rows.append(
            Row(
                label=f"{award.year} {award.name}",
                url=reverse("honours:award", args=[award.pk]),
                note=(_("publicity ended %(date)s") if ended else _("publicity ends %(date)s")) % {"date": ends},
                urgency=Urgency.SOON if ended else Urgency.NORMAL,
                badge=_("Ended") if ended else _("Ends soon"),
            )
        )
    items.append(
        Item(
            key="honours.publicity",
            label=gettext_lazy("Honours publicity ending: confer the award"),
            count=n_ending,
            url=reverse("honours:awards") + "?waiting=publicity",
            urgency=Urgency.SOON,
            rows=rows,
            order=51,
        )
    )
    objections_qs = open_objections(user)
    n_objections = objections_qs.count()
    objections = list(objections_qs[:TOP_ROWS]) if n_objections else []
    items.append(
        Item(
            key="honours.objections",
            label=gettext_lazy("Objections to nominees waiting for an answer"),
            count=n_objections,
            url=reverse("honours:awards") + "?waiting=objection",
            urgency=Urgency.SOON,
            rows=[
                Row(
                    label=f"{o.nomination.display_name} · {o.nomination.award.name}",
                    url=reverse("honours:award", args=[o.nomination.award_id]) + f"#nomination-{o.nomination_id}",
                    badge=_("Objection"),
                    urgency=Urgency.SOON,
                )
                for o in objections
            ],
            order=52,
        )
    )
    return items


def _branch_actions(scope: Scope) -> list[Action]:
    return [
        Action(key="honours.branch", label=gettext_lazy("Nominate members for honours"), url=reverse("honours:branch"))
    ]


def register_sources() -> None:
    register(Source(code="honours", applies=lambda scope: scope.has_perm(Perm.RECOGNISE), items=_items, queries=6))
    register(
        Source(
            code="honours.branch",
            applies=lambda scope: Role.ORG_SECRETARY in scope.roles,
            items=lambda user, scope, when: [],
            queries=0,
            actions=_branch_actions,
        )
    )
