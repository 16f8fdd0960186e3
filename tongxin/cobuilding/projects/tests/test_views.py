"""Needs and projects pages: a fixed number of queries whatever the rows, the unit contact's
scope, bad uploads answered in words, the follow-up button on a visit, the rating figures."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.cobuilding.projects import services
from tongxin.cobuilding.projects.models import Project
from tongxin.cobuilding.projects.tests.support import completed, jpeg, need, project, staff


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _rows(world, n: int) -> None:
    for i in range(n):
        p = project(need(world.community, title=f"需求{i}"), world.unit, due_on=datetime.date(2026, 1, 1))
        services.milestone_add(actor=staff(), project=p, title="第一步")
        if i % 2:
            completed(p)
            services.rating_add(project=p, score=4, voter_key=f"k{i}")


def test_lists_and_portal_cost_the_same_for_2_and_12_rows(client, world, secretary, unit_contact):
    _rows(world, 2)
    client.force_login(secretary)
    small = [_queries(client, reverse(name)) for name in ("projects:needs", "projects:projects")]
    client.force_login(unit_contact)
    small.append(_queries(client, reverse("portal:portal")))
    _rows(world, 10)
    client.force_login(secretary)
    large = [_queries(client, reverse(name)) for name in ("projects:needs", "projects:projects")]
    client.force_login(unit_contact)
    large.append(_queries(client, reverse("portal:portal")))
    assert small == large


def test_project_list_shows_milestones_and_rating(client, world, secretary):
    p = completed(project(need(world.community), world.unit, budget=1234.5))
    for key, score in (("a", 5), ("b", 4)):
        services.rating_add(project=p, score=score, voter_key=key)
    client.force_login(secretary)
    html = client.get(reverse("projects:projects") + "?state=completed").content.decode()
    assert "¥1,234.50" in html and "★ 4.5" in html and "(2)" in html


def test_contact_sees_open_needs_of_its_community_only(client, world, unit_contact):
    ours = need(world.community, title="甲社区助餐")
    theirs = need(world.other_community, title="乙社区助餐")
    closed = need(world.community, title="不公开", open_to_claim=False)
    client.force_login(unit_contact)
    html = client.get(reverse("portal:portal")).content.decode()
    assert "甲社区助餐" in html and "乙社区助餐" not in html and "不公开" not in html
    assert client.get(reverse("projects:need", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("projects:need", args=[closed.pk])).status_code == 404
    page = client.get(reverse("projects:need", args=[ours.pk])).content.decode()
    assert reverse("projects:need_claim", args=[ours.pk]) in page


def test_contact_does_not_see_the_residents_source(client, world, unit_contact):
    n = need(world.community, source="visit", source_label="走访 1号楼 101 张三")
    client.force_login(unit_contact)
    assert "张三" not in client.get(reverse("projects:need", args=[n.pk])).content.decode()


def test_claim_on_the_page_makes_the_project(client, world, unit_contact):
    n = need(world.community)
    client.force_login(unit_contact)
    response = client.post(reverse("projects:need_claim", args=[n.pk]), {"budget": "500", "due_on": "2026-06-01"})
    p = Project.objects.get(need=n)
    assert response.status_code == 302 and response["Location"] == reverse("projects:project", args=[p.pk])


def test_a_file_that_is_not_a_photo_is_refused_in_words(client, world, unit_contact):
    p = project(need(world.community), world.unit)
    m = services.milestone_add(actor=staff(), project=p, title="采购")
    client.force_login(unit_contact)
    fake = SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")
    doc = SimpleUploadedFile("plan.pdf", b"MZ not a pdf", "application/pdf")
    url = reverse("projects:milestone_report", args=[p.pk, m.pk])
    response = client.post(url, {"report": "完成", "done_on": "2026-03-01", "photos": [fake], "documents": [doc]})
    assert response.status_code == 200
    m.refresh_from_db()
    assert m.done_on is None and not p.evidence.exists()
    ok = client.post(url, {"report": "完成", "done_on": "2026-03-01", "photos": [jpeg()]})
    assert ok.status_code == 302 and p.evidence.count() == 1


def test_public_rating_once_per_device(client, world):
    p = completed(project(need(world.community), world.unit))
    url = reverse("projects:public_rating", args=[p.rating_token])
    assert client.post(url, {"score": "5", "comment": "很好"}).status_code == 200
    client.post(url, {"score": "1"})
    assert list(p.ratings.values_list("score", flat=True)) == [5]
    page = client.get(url).content.decode()
    assert "很好" not in page  # comments are for staff only


def test_visit_page_offers_raise_a_need(client, world, grid_worker):
    from tongxin.fieldwork.visits.tests.support import visit

    v = visit(world.household1, datetime.date(2026, 3, 2), "李网格员")
    client.force_login(grid_worker)
    html = client.get(reverse("visits:detail", args=[v.pk])).content.decode()
    url = reverse("projects:need_new") + f"?source=visit&amp;source_id={v.pk}"
    assert url in html
    form = client.get(reverse("projects:need_new") + f"?source=visit&source_id={v.pk}")
    assert form.status_code == 200 and form.context["filled"]["place"] == world.building1
