from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.meetings.files import CheckedFile, check_upload
from tongxin.partylife.meetings.models import Attendance, MeetingKind, Period
from tongxin.partylife.meetings.services import AttendanceEntry
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import MultipleFileInput
from tongxin.registry.party.models import OrgKind, PartyMember

NOT_COUNTED = ""


class MultipleFileField(forms.FileField):
    """Any number of files under one name, each read by ``check`` (a DomainError says what is wrong)."""

    check = staticmethod(check_upload)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads and self.required:
            raise ValidationError(_("Choose at least one file."), code="required")
        checked, errors = [], []
        for upload in uploads:
            upload = super().clean(upload, initial)
            try:
                checked.append(self.check(upload))
            except DomainError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    host = forms.CharField(label=_("Host (主持人)"), max_length=50, required=False)
    recorder = forms.CharField(label=_("Recorder (记录人)"), max_length=50, required=False)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Required for a Party lecture.")
    )
    lecturer = forms.CharField(
        label=_("Lecturer (授课人)"), max_length=50, required=False, help_text=_("Required for a Party lecture.")
    )
    topics = forms.CharField(
        label=_("Topics (议题)"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes (会议记录)"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    takes_vote = forms.BooleanField(
        label=_("A vote is taken (needs more than half of the members with a vote present)"), required=False
    )
    files = MultipleFileField(
        label=_("Photos and documents"),
        required=False,
        help_text=_("Photos (JPEG, PNG, WebP) or PDF, up to 10 MB each."),
    )


@dataclass
class RosterLine:
    member_id: int
    name: str
    detail: str
    voting: bool
    status: str
    reason: str
    rating: str


class AttendanceSheet:
    """The roster with one set of radio buttons per member, read straight from the POST data.

    Only members on the roster are read, so an id slipped into the form is never looked at.
    """

    def __init__(
        self,
        members: Iterable[PartyMember],
        existing: dict[int, Attendance],
        *,
        data: QueryDict | None = None,
        voting: set[int],
    ) -> None:
        self.lines: list[RosterLine] = []
        for m in members:
            row = existing.get(m.pk)
            status = row.status if row else NOT_COUNTED
            reason = row.reason if row else ""
            rating = row.rating if row else ""
            if data is not None:
                status = data.get(f"att-{m.pk}", NOT_COUNTED)
                reason = (data.get(f"reason-{m.pk}") or "")[:200]
                rating = data.get(f"rating-{m.pk}", "")
            detail = f"{m.get_kind_display()} · {m.get_status_display()}"
            self.lines.append(RosterLine(m.pk, m.name, detail, m.pk in voting, status, reason, rating))

    def entries(self) -> list[AttendanceEntry]:
        return [AttendanceEntry(line.member_id, line.status, line.reason, line.rating) for line in self.lines]

    statuses = Attendance.Status.choices
    ratings = Attendance.Rating.choices


class MeetingFilterForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, nodes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("Everything I look after")), *nodes]


class ComplianceForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, nodes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = nodes


def default_year() -> int:
    from tongxin.platform.calendar import SHANGHAI

    return datetime.datetime.now(SHANGHAI).year


class RequirementForm(forms.Form):
    """One field per (organization kind, meeting kind): how often it is required."""

    def __init__(self, *args: Any, current: dict[tuple[str, str], tuple[str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid: list[tuple[str, list[tuple[str, str, str]]]] = []
        for org_kind, org_label in OrgKind.choices:
            if org_kind in (OrgKind.MEMBER_HOUSEHOLD, OrgKind.LIAISON_STATION):
                continue
            cells = []
            for meeting_kind, meeting_label in MeetingKind.choices:
                name = f"{org_kind}__{meeting_kind}"
                period, minimum = current.get((org_kind, meeting_kind), (Period.NONE, 0))
                self.fields[name] = forms.ChoiceField(
                    label=f"{org_label} · {meeting_label}", choices=Period.choices, initial=period
                )
                self.fields[f"{name}__min"] = forms.IntegerField(
                    label=_("only from this many members"), min_value=0, max_value=999, initial=minimum
                )
                cells.append((name, f"{name}__min", str(meeting_label)))
            self.grid.append((str(org_label), cells))

    def rows(self) -> list[tuple[str, list[tuple[Any, Any, str]]]]:
        return [(label, [(self[a], self[b], t) for a, b, t in cells]) for label, cells in self.grid]
