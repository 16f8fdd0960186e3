"""Every write of member development checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.partylife.development import services
from tongxin.partylife.development.files import check_upload
from tongxin.partylife.development.models import Candidate, CandidateFile
from tongxin.partylife.development.tests.support import TODAY, applicant, pdf_upload
from tongxin.platform.core.exceptions import Forbidden


def _candidate(w: Any) -> Candidate:
    """An applicant of branch 1 with one document, recorded by an admin who is none of the personas."""
    from conftest import _make_user

    admin = _make_user("t_development_admin", "admin", None)
    return applicant(admin, w.branch1, files=[check_upload(pdf_upload())])


def _file(w: Any) -> CandidateFile:
    item = _candidate(w).files.first()
    assert item is not None
    return item


WRITES: dict[str, Callable[..., Any]] = {
    "candidate_create": lambda w, a: applicant(a, w.branch1),
    "candidate_update": lambda w, a: services.candidate_update(
        actor=a, candidate=_candidate(w), note="改", today=TODAY
    ),
    "candidate_step": lambda w, a: services.candidate_step(
        actor=a, candidate=_candidate(w), action="drop", values={"dropped_on": TODAY, "drop_reason": "本人撤回"},
        today=TODAY,
    ),
    "candidate_files_add": lambda w, a: services.candidate_files_add(
        actor=a, candidate=_candidate(w), step="applied", files=[check_upload(pdf_upload("思想汇报.pdf"))]
    ),
    "candidate_file_delete": lambda w, a: services.candidate_file_delete(actor=a, item=_file(w)),
}  # fmt: skip


# A branch-1 candidate is the work of whoever holds Perm.PARTY_WORK over branch 1.
@pytest.mark.parametrize(
    "wrong",
    [
        "grid_worker", "neighbour_grid_worker", "street_officer", "building_leader", "party_member", "unit_contact",
        "outsider", "anonymous",
    ],
)  # fmt: skip
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_branch_secretary_may_not_develop_for_another_branch(world, write):
    from conftest import _make_user

    other = _make_user("t_branch2", "org_secretary", world.branch2.pk)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, other)
    assert info.value.code == "forbidden"
