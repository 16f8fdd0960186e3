from __future__ import annotations

import logging

import pytest
from django.core.checks import run_checks
from django.db import IntegrityError, transaction

from tongxin.platform.inbox.backends import BaseBackend, SentMessage
from tongxin.platform.inbox.models import Notification
from tongxin.platform.inbox.services import mark_read, notify, queue_message, send_message, unread_count

PHONE = "13812345678"


class ExplodingBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        raise RuntimeError(f"gateway refused {phone}")


# notify ------------------------------------------------------------------------------------


def test_notify_one_row_per_distinct_active_recipient(grid_worker, secretary, outsider, django_assert_num_queries):
    outsider.is_active = False
    outsider.save()
    with django_assert_num_queries(1):
        made = notify(
            recipients=[grid_worker, secretary, grid_worker, outsider],
            kind=Notification.Kind.ASSIGNMENT,
            title="案件已派给你",
            body="第一网格 1号楼 漏水",
            url="/cases/12/",
            case_id=12,
        )
    assert sorted(n.recipient_id for n in made) == sorted([grid_worker.pk, secretary.pk])
    row = Notification.objects.get(recipient=grid_worker)
    assert (row.kind, row.title, row.url, row.case_id, row.read_at) == (
        "assignment",
        "案件已派给你",
        "/cases/12/",
        12,
        None,
    )
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_notify_with_nobody_to_tell_writes_nothing(outsider, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notify(recipients=[], kind="other", title="x") == []


def test_notify_accepts_a_queryset_and_a_generator(grid_worker, secretary):
    from tongxin.platform.access.models import User

    notify(recipients=User.objects.filter(pk__in=[grid_worker.pk, secretary.pk]), kind="status", title="a")
    notify(recipients=(u for u in [grid_worker]), kind="status", title="b")
    assert unread_count(grid_worker) == 2
    assert unread_count(secretary) == 1


def test_notify_cuts_long_text_instead_of_failing(grid_worker):
    (n,) = notify(recipients=[grid_worker], kind="other", title="标" * 500, body="文" * 5000)
    n.refresh_from_db()
    assert len(n.title) == 200 and n.title.endswith("…")
    assert len(n.body) == 2000 and n.body.endswith("…")


OFF_THE_SITE = "links to a path on this site"


@pytest.mark.parametrize(
    "url,message",
    [
        ("https://evil.example/", OFF_THE_SITE),
        ("//evil.example/x", OFF_THE_SITE),
        ("/\\evil.example", OFF_THE_SITE),
        ("javascript:alert(1)", OFF_THE_SITE),
        ("cases/12/", OFF_THE_SITE),
        ("/" + "x" * 300, "the notification link is too long"),
    ],
)
def test_notify_refuses_a_link_off_the_site(grid_worker, url, message):
    with pytest.raises(ValueError, match=message):
        notify(recipients=[grid_worker], kind="other", title="x", url=url)
    assert not Notification.objects.exists()


def test_notify_refuses_an_unknown_kind(grid_worker):
    with pytest.raises(ValueError, match="unknown notification kind 'birthday'"):
        notify(recipients=[grid_worker], kind="birthday", title="x")


def test_the_database_refuses_an_absolute_link_too(grid_worker):
    with pytest.raises(IntegrityError, match="inbox_url_relative"), transaction.atomic():
        Notification.objects.create(recipient=grid_worker, title="x", url="https://evil.example/")


# mark_read ---------------------------------------------------------------------------------


def test_mark_read_touches_only_the_users_own_rows(grid_worker, neighbour_grid_worker):
    mine = notify(recipients=[grid_worker], kind="other", title="mine")[0]
    theirs = notify(recipients=[neighbour_grid_worker], kind="other", title="theirs")[0]
    assert mark_read(user=grid_worker, notification_ids=[mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_mark_read_without_ids_marks_all_and_keeps_the_first_read_time(grid_worker, neighbour_grid_worker):
    first, second = (notify(recipients=[grid_worker], kind="other", title=t)[0] for t in "ab")
    notify(recipients=[neighbour_grid_worker], kind="other", title="c")
    mark_read(user=grid_worker, notification_ids=[first.pk])
    first.refresh_from_db()
    read_at = first.read_at
    assert mark_read(user=grid_worker) == 1
    first.refresh_from_db()
    assert first.read_at == read_at
    assert unread_count(grid_worker) == 0
    assert unread_count(neighbour_grid_worker) == 1


def test_mark_read_with_an_empty_list_marks_nothing(grid_worker, django_assert_num_queries):
    notify(recipients=[grid_worker], kind="other", title="a")
    with django_assert_num_queries(0):
        assert mark_read(user=grid_worker, notification_ids=[]) == 0
    assert unread_count(grid_worker) == 1


# outbound messages -------------------------------------------------------------------------


def test_queued_message_goes_out_after_commit(db, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            queue_message(phone=PHONE, text="您有一件新案件")
            assert outbox == []
    assert len(callbacks) == 1
    assert outbox == [SentMessage(phone=PHONE, text="您有一件新案件")]


def test_rolled_back_action_sends_nothing(db, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError, match="the action failed"), transaction.atomic():
            queue_message(phone=PHONE, text="不应发出")
            raise RuntimeError("the action failed")
    assert callbacks == []
    assert outbox == []


def test_console_backend_logs_the_masked_number_only(db, settings, caplog):
    settings.OUTBOUND_MESSAGE_BACKEND = "tongxin.platform.inbox.backends.ConsoleBackend"
    with caplog.at_level(logging.INFO, logger="tongxin.platform.inbox.outbound"):
        send_message(phone=PHONE, text="张三家漏水，请处理")
    assert "138****5678" in caplog.text
    assert PHONE not in caplog.text
    assert "张三" not in caplog.text
    assert all(PHONE not in str(record.args) for record in caplog.records)


def test_a_failed_delivery_is_logged_masked_and_does_not_raise(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    settings.OUTBOUND_MESSAGE_BACKEND = f"{__name__}.ExplodingBackend"
    with caplog.at_level(logging.INFO, logger="tongxin.platform.inbox.outbound"):
        with django_capture_on_commit_callbacks(execute=True):
            queue_message(phone=PHONE, text="x")
    assert "138****5678" in caplog.text
    assert "RuntimeError" in caplog.text
    assert PHONE not in caplog.text


def test_backend_setting_is_checked(settings, db):
    # `db`: the checks run together, and the official calendar's check reads its years.
    settings.OUTBOUND_MESSAGE_BACKEND = "tongxin.platform.inbox.backends.NoSuchBackend"
    assert "tongxin.platform.inbox.E001" in {m.id for m in run_checks()}
    settings.OUTBOUND_MESSAGE_BACKEND = "tongxin.platform.inbox.models.Notification"
    assert "tongxin.platform.inbox.E002" in {m.id for m in run_checks()}
    settings.OUTBOUND_MESSAGE_BACKEND = "tongxin.platform.inbox.backends.LocmemBackend"
    ids = {m.id for m in run_checks()}
    assert not ids & {"tongxin.platform.inbox.E001", "tongxin.platform.inbox.E002"}
    assert "tongxin.platform.inbox.W001" in {m.id for m in run_checks(include_deployment_checks=True)}
