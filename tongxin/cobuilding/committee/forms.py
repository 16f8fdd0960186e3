"""Forms of the committee pages: they parse what was typed; the services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.cobuilding.committee.models import AGENDA_DAYS, JointCommittee, Seat
from tongxin.cobuilding.projects.models import NeedCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(forms.Form):
    community = forms.TypedChoiceField(label=_("community"), coerce=int, choices=())
    name = forms.CharField(label=_("name"), max_length=100)
    kind = forms.ChoiceField(label=_("kind"), choices=JointCommittee.Kind.choices)
    term_starts_on = forms.DateField(label=_("term from"), widget=DATE)
    term_ends_on = forms.DateField(label=_("term until"), widget=DATE)
    meeting_frequency = forms.ChoiceField(label=_("joint meetings"), choices=JointCommittee.Frequency.choices)
    agenda_days = forms.IntegerField(
        label=_("agenda closes, days before a meeting"), min_value=1, max_value=60, initial=AGENDA_DAYS
    )
    note = forms.CharField(label=_("note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, communities: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].choices = communities  # type: ignore[attr-defined]


class SeatForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    post = forms.ChoiceField(
        label=pgettext_lazy("big committee", "post"), choices=Seat.Post.choices, initial=Seat.Post.MEMBER
    )
    full_time = forms.BooleanField(label=_("full-time (the community's own)"), required=False)
    unit = forms.TypedChoiceField(label=_("unit"), coerce=int, required=False, empty_value=None, choices=())
    unit_title = forms.CharField(
        label=_("title at the unit"), max_length=50, required=False, help_text=_("e.g. 派出所副所长, 物业公司经理")
    )
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    starts_on = forms.DateField(label=_("term from"), widget=DATE)
    ends_on = forms.DateField(label=_("term until"), widget=DATE)
    username = forms.CharField(
        label=_("account (user name)"),
        max_length=150,
        required=False,
        help_text=_("With an account, the member can propose agenda items for joint meetings."),
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *units]  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("left the committee on"), widget=DATE)


class BranchForm(forms.Form):
    org = forms.TypedChoiceField(label=_("the unit's Party organization"), coerce=int, choices=())
    joined_on = forms.DateField(label=_("joined on"), widget=DATE)

    def __init__(self, *args: Any, orgs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = orgs  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("meeting", "title"), max_length=100)
    starts_at = forms.DateTimeField(
        label=_("time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("place"), max_length=100)
    chair = forms.CharField(label=_("chair"), max_length=50, required=False)
    clerk = forms.CharField(label=_("clerk"), max_length=50, required=False)


class ProposeForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("agenda", "item"), max_length=100)
    description = forms.CharField(
        label=_("description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should the meeting decide, and why now?"),
    )
    unit = forms.TypedChoiceField(label=_("for the unit"), coerce=int, required=False, empty_value=None, choices=())

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units:
            self.fields["unit"].choices = units  # type: ignore[attr-defined]
            self.fields["unit"].required = True
        else:
            del self.fields["unit"]


class RecordForm(forms.Form):
    chair = forms.CharField(label=_("chair"), max_length=50)
    clerk = forms.CharField(label=_("clerk"), max_length=50)
    summary = forms.CharField(
        label=_("minutes"), max_length=8000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ProjectForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("unit"), coerce=int, choices=())
    need = forms.TypedChoiceField(
        label=_("an existing need"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
        help_text=_("Leave empty to raise a need from this meeting's decision."),
    )
    category = forms.ChoiceField(label=_("category"), choices=NeedCategory.choices, initial=NeedCategory.OTHER)
    title = forms.CharField(label=_("project"), max_length=100)

    def __init__(self, *args: Any, units: list[tuple[int, str]], needs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["need"].choices = [("", "—"), *needs]  # type: ignore[attr-defined]


def default_term() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today, today.replace(year=today.year + 5)
