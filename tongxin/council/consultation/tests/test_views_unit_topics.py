"""Who raises a topic: staff record one for a council member or for a unit of the place's
community; a unit's contact raises one for their unit on a page of their own and follows it by
its tracking code."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.html import soup
from tongxin.council.consultation.models import Topic, TopicSource, TopicState
from tongxin.council.consultation.tests.support import topic

pytestmark = pytest.mark.django_db

TOPIC = {"title": "医院门口停车", "description": "就诊车辆占用小区消防通道"}


def url(name: str, *args: Any) -> str:
    return reverse(f"consultation:{name}", args=args)


def unit_options(page: Any) -> dict[str, str]:
    return {o["value"]: o.get_text() for o in page.select("#unit-field select[name=unit] option") if o["value"]}


# Staff's form ---------------------------------------------------------------------------------------


def test_staff_record_a_topic_raised_by_a_unit_of_the_place(client, world, secretary):
    client.force_login(secretary)
    page = soup(client.get(url("topic_create")), status=200)
    assert {i["value"] for i in page.select("select[name=raised_as] option")} == {"staff", "member", "unit"}
    area = page.select_one("select[name=area]")
    assert area["hx-get"] == url("topic_create") and area["hx-select"] == "#unit-field"
    # The units of the chosen place's community, not another community's.
    page = soup(client.get(url("topic_create"), {"area": world.grid1.pk}, HTTP_HX_REQUEST="true"), status=200)
    assert unit_options(page) == {str(world.unit.pk): "示范医院"}
    data = {**TOPIC, "area": world.grid1.pk, "raised_as": "unit", "unit": world.unit.pk, "raiser_name": "王院长"}
    assert client.post(url("topic_create"), data).status_code == 302
    t = Topic.objects.get(title=TOPIC["title"])
    assert (t.source, t.unit, t.raiser_name, t.raised_by) == (TopicSource.UNIT, world.unit, "王院长", secretary)


@pytest.mark.parametrize(
    "extra",
    [
        {"raised_as": "unit"},  # which unit
        {"raised_as": "unit", "unit": "x"},
        {"raised_as": "unit", "unit": "99999999999999999999999"},
        {"raised_as": "member"},  # the member's name
        {"raised_as": "resident"},  # not one of the choices
    ],
)
def test_staff_form_refuses_what_does_not_fit(client, world, secretary, extra):
    client.force_login(secretary)
    page = soup(client.post(url("topic_create"), {**TOPIC, "area": world.grid1.pk, **extra}), status=200)
    assert page.select(".has-error")
    assert not Topic.objects.exists()


def test_a_unit_of_another_community_is_refused_next_to_the_field(client, world, admin_user):
    client.force_login(admin_user)  # sees every unit
    data = {**TOPIC, "area": world.grid1.pk, "raised_as": "unit", "unit": world.other_unit.pk}
    page = soup(client.post(url("topic_create"), data), status=200)
    assert page.select_one("#unit-field.has-error .error") is not None
    assert not Topic.objects.exists()


def test_staff_record_a_council_members_topic(client, world, secretary):
    client.force_login(secretary)
    data = {**TOPIC, "area": world.community.pk, "raised_as": "member", "raiser_name": "委员老李"}
    assert client.post(url("topic_create"), data).status_code == 302
    t = Topic.objects.get()
    assert (t.source, t.raiser_name, t.unit) == (TopicSource.MEMBER, "委员老李", None)


# The unit contact's page ------------------------------------------------------------------------------


def test_a_unit_contact_raises_a_topic_and_gets_its_code(client, world, unit_contact):
    client.force_login(unit_contact)
    page = soup(client.get(url("unit_topic_new")), status=200)
    assert [o["value"] for o in page.select("select[name=unit] option")] == [str(world.unit.pk)]
    response = client.post(url("unit_topic_new"), {**TOPIC, "unit": world.unit.pk, "people_affected": "40"})
    t = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("unit_topic_new") + f"?raised={t.tracking_code}"
    assert (t.source, t.unit, t.area, t.raised_by) == (TopicSource.UNIT, world.unit, world.community, unit_contact)
    assert t.state == TopicState.RAISED
    page = soup(client.get(response["Location"]), status=200)
    assert page.select_one("#tracking-code").get_text() == t.tracking_code
    assert page.select_one("#raised a")["href"] == url("public_topic", t.tracking_code)
    assert page.select_one(f'#unit-topics a[href="{url("public_topic", t.tracking_code)}"]') is not None
    assert client.get(url("public_topic", t.tracking_code)).status_code == 200


def test_another_topics_code_in_the_address_shows_nothing(client, world, unit_contact):
    other = topic(world.community, title="别人的议题")
    client.force_login(unit_contact)
    page = soup(client.get(url("unit_topic_new"), {"raised": other.tracking_code}), status=200)
    assert page.select_one("#raised") is None and "别人的议题" not in page.get_text()


@pytest.mark.parametrize(
    "data",
    [
        {"unit": lambda w: w.other_unit.pk},  # not the contact's unit
        {"unit": lambda w: "1 OR 1=1"},
        {"unit": lambda w: w.unit.pk, "title": "长" * 101},
        {"unit": lambda w: w.unit.pk, "description": ""},
        {"unit": lambda w: w.unit.pk, "description": "\x00\x01"},
        {"unit": lambda w: w.unit.pk, "people_affected": "-5"},
        {"unit": lambda w: w.unit.pk, "raiser_name": "名" * 51},
    ],
)
def test_hostile_input_is_refused_next_to_the_field(client, world, unit_contact, data):
    client.force_login(unit_contact)
    values = {**TOPIC, **{k: v(world) if callable(v) else v for k, v in data.items()}}
    page = soup(client.post(url("unit_topic_new"), values), status=200)
    assert page.select(".has-error")
    assert not Topic.objects.exists()


def test_only_those_who_answer_for_a_unit(client, world, secretary, outsider, admin_user):
    for user in (secretary, outsider, admin_user):
        client.force_login(user)
        assert client.get(url("unit_topic_new")).status_code == 403
    # A unit contact of an organization with no unit yet: told what to do, no form.
    from tongxin.platform.access.models import RoleAssignment, User

    lonely = User.objects.create_user(username="t_lonely_unit")
    RoleAssignment.objects.create(user=lonely, role="unit_contact", node_id=world.branch2.pk)
    client.force_login(lonely)
    page = soup(client.get(url("unit_topic_new")), status=200)
    assert page.select_one("#no-units") is not None and page.select_one("main form[method=post]") is None
    assert client.post(url("unit_topic_new"), {**TOPIC, "unit": world.unit.pk}).status_code == 200
    assert not Topic.objects.exists()


def test_the_workbench_offers_it_to_unit_contacts_only(client, world, unit_contact, secretary):
    client.force_login(unit_contact)
    page = soup(client.get(reverse("home")), status=200)
    assert page.select_one('a.wb-action[data-action="consultation.unit_topic"]')["href"] == url("unit_topic_new")
    client.force_login(secretary)
    page = soup(client.get(reverse("home")), status=200)
    assert page.select_one('a.wb-action[data-action="consultation.unit_topic"]') is None
