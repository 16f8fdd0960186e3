"""Forms of the meeting pages. They check shape only (numbers are numbers, a choice is one of the
list); the services decide what is allowed and say so in the user's words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.council.consultation.models import VoteMethod

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
COUNT_ERRORS = {
    "min_value": _("Counts cannot be negative."),
    "max_value": _("Enter a number of people."),
    "invalid": _("Enter a whole number, e.g. 12."),
    "required": _("Enter a number; 0 if nobody."),
}


class MeetingForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("meeting", "Title"), max_length=100)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "invalid": _("Enter the date and time, e.g. 2026-03-08 19:00."),
            "required": _("Enter the date and time, e.g. 2026-03-08 19:00."),
        },
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    chaired_by = forms.CharField(label=_("Chaired by (主持人)"), max_length=50, required=False)
    recorded_by_name = forms.CharField(label=_("Minutes taken by (记录人)"), max_length=50, required=False)
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics on the agenda"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Accepted topics of the council's community or village. More can be added later."),
        error_messages={"invalid_choice": _("Choose topics from the list.")},
    )

    def __init__(self, *args: Any, topics: list[tuple[int, str]], members: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topics  # type: ignore[attr-defined]
        for name in ("chaired_by", "recorded_by_name"):
            self.fields[name].widget.attrs["list"] = "council-members"
        self.members = members


class AgendaAddForm(forms.Form):
    topic = forms.TypedChoiceField(
        label=_("Topic"), coerce=int, error_messages={"invalid_choice": _("Choose a topic from the list.")}
    )

    def __init__(self, *args: Any, topics: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "—"), *topics]  # type: ignore[attr-defined]


class DiscussionForm(forms.Form):
    discussion = forms.CharField(
        label=_("Discussion notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VillagersForm(forms.Form):
    present = forms.IntegerField(
        label=_("Villagers aged 18+ present"), min_value=0, max_value=10**6, error_messages=COUNT_ERRORS
    )
    households_present = forms.IntegerField(
        label=_("Households represented"), min_value=0, max_value=10**6, error_messages=COUNT_ERRORS
    )


class VoteOpenForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the vote is taken"),
        choices=VoteMethod.choices,
        initial=VoteMethod.HANDS,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how the vote is taken.")},
    )
    question = forms.CharField(label=_("Question put to the vote"), max_length=300)


class CountForm(forms.Form):
    yes = forms.IntegerField(label=_("Yes"), min_value=0, max_value=10**6, error_messages=COUNT_ERRORS)
    no = forms.IntegerField(label=_("No"), min_value=0, max_value=10**6, error_messages=COUNT_ERRORS)
    abstain = forms.IntegerField(label=_("Abstain"), min_value=0, max_value=10**6, error_messages=COUNT_ERRORS)


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 24})
    )
