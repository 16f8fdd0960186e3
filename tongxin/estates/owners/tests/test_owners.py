"""Owners' committees: term rules, members' phones encrypted and masked, reveals audited, the
estate's page with its cross-appointments, the workbench items and the public page part."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation

from tongxin.estates.ledger.tests.support import published_estate
from tongxin.estates.owners import services
from tongxin.estates.owners.queries import terms_ending
from tongxin.estates.owners.tests.support import committee, estate, staff
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.models import AuditEvent
from tongxin.platform.web.workbench import Today, workbench_for
from tongxin.registry.areas.public_parts import public_parts


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_term_is_elected_before_it_starts_and_ends_after(world):
    e = estate(world.community)
    d = datetime.date(2026, 1, 1)
    with pytest.raises(DomainError):
        services.committee_save(actor=staff(), estate=e, elected_on=d, term_starts=d, term_ends=d)
    with pytest.raises(DomainError):
        services.committee_save(
            actor=staff(),
            estate=e,
            elected_on=d + datetime.timedelta(days=3),
            term_starts=d,
            term_ends=d.replace(year=2029),
        )
    c = services.committee_save(actor=staff(), estate=e, elected_on=d, term_starts=d, term_ends=d.replace(year=2029))
    with pytest.raises(DomainError, match="already"):
        services.committee_save(actor=staff(), estate=e, elected_on=d, term_starts=d, term_ends=d.replace(year=2030))
    assert c.pk


def test_one_chair_phones_encrypted_and_residents_of_the_community_only(world, street_officer):
    e = estate(world.community)
    c = committee(e, members=2)
    with pytest.raises(DomainError, match="chair"):
        services.member_save(actor=staff(), committee=c, name="又一个主任", post="chair")
    with pytest.raises(DomainError):
        services.member_save(actor=staff(), committee=c, name="王五", post="member", resident=world.wangwu)
    with pytest.raises(DomainError):
        services.member_save(actor=staff(), committee=c, name="错号", post="member", phone="123")
    m = services.member_save(
        actor=staff(), committee=c, name="张三", post="member", resident=world.zhangsan, phone="13711112222"
    )
    assert m.phone_masked == "137****2222" and "13711112222" not in m.phone_enc
    kept = services.member_save(actor=staff(), member=m, name="张三", post="member", resident=None, phone=None)
    assert kept.phone_plain() == "13711112222"
    with pytest.raises(Forbidden):
        services.member_save(actor=street_officer, committee=c, name="x", post="member")


def test_the_estate_page_masks_phones_and_a_reveal_is_audited(client, world, secretary):
    e = estate(world.community)
    c = committee(e, members=3)
    services.appointment_save(
        actor=staff(), estate=e, person="周经理", company="安居物业", company_post="项目经理",
        party_post="社区党委兼职委员", since=datetime.date(2025, 3, 1),
    )  # fmt: skip
    client.force_login(secretary)
    response = client.get(reverse("owners:estate", args=[e.pk]))
    page = BeautifulSoup(response.content, "html.parser")
    assert len(page.select("#members > li")) == 3
    assert "13800138000" not in page.text and "138****8000" in page.text
    assert "周经理" in page.select_one("#appointments").text and "社区党委兼职委员" in page.text
    member = c.members.order_by("id")[0]
    answer = client.post(reverse("owners:member_reveal", args=[member.pk]), {"field": "phone"})
    assert "13800138000" in answer.content.decode()
    assert AuditEvent.objects.filter(action="reveal", object_id=str(member.pk)).count() == 1


def test_a_term_ending_within_60_days_is_on_the_workbench_and_opens_its_list(client, world, secretary):
    today = timezone.localdate()
    soon = estate(world.community, "快到期小区")
    committee(soon, starts=today.replace(year=today.year - 3), ends=today + datetime.timedelta(days=30))
    later = estate(world.community, "远期小区")
    committee(later, starts=today.replace(year=today.year - 1), ends=today + datetime.timedelta(days=400))
    renewed = estate(world.community, "已换届小区")
    committee(renewed, starts=today.replace(year=today.year - 3), ends=today + datetime.timedelta(days=10), members=1)
    committee(renewed, starts=today + datetime.timedelta(days=11), members=1)
    assert [c.estate.name for c in terms_ending(secretary, today)] == ["快到期小区"]
    bench = workbench_for(secretary, Today(now=timezone.now(), today=today))
    item = next(i for i in bench.items if i.key == "owners.terms_ending")
    assert item.count == 1
    client.force_login(secretary)
    page = BeautifulSoup(client.get(item.url).content, "html.parser")
    assert [a.text for a in page.select("#estates tbody td.card-title a")] == ["快到期小区"]


def test_ledger_items_on_the_workbench_match_their_lists(client, world, secretary):
    from tongxin.estates.ledger import services as ledger
    from tongxin.estates.ledger.tests.support import draft

    last = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    e, entry = published_estate(world.community, last)
    draft(e, "repairs", "120", timezone.localdate())
    ledger.question_ask(entry=entry, asker="3-501", text="?")
    bench = workbench_for(secretary, Today(now=timezone.now(), today=timezone.localdate()))
    items = {i.key: i for i in bench.items}
    assert items["ledger.drafts"].count == 1 and items["ledger.questions"].count == 1
    assert items["ledger.months_ready"].count == 0
    client.force_login(secretary)
    drafts_page = BeautifulSoup(client.get(items["ledger.drafts"].url).content, "html.parser")
    assert len(drafts_page.select("#drafts tbody tr")) == 1
    questions_page = BeautifulSoup(client.get(items["ledger.questions"].url).content, "html.parser")
    assert len(questions_page.select("#questions > li")) == 1


def test_the_community_public_page_lists_estates_with_a_published_ledger(client, world):
    last = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    e, _entry = published_estate(world.community, last)
    estate(world.community, "未公开小区")
    parts = dict((p.code, ctx) for p, ctx in public_parts(world.community))
    assert [x.name for x in parts["ledger.estates"]["estates"]] == [e.name]
    assert "ledger.estates" not in dict((p.code, c) for p, c in public_parts(world.other_community))
    page = BeautifulSoup(client.get(reverse("public:community", args=[world.community.pk])).content, "html.parser")
    assert page.select_one(f'#part-ledger\\.estates a[href="{reverse("ledger:public", args=[e.pk])}"]') is not None
