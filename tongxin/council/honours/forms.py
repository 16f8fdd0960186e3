"""Forms of honours: awards, nominations (staff, branch, public), review, objections, the wall."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.council.honours.models import NomineeKind, WallBoard
from tongxin.council.honours.services.awards import PLACES_MAX, PUBLICITY_DAYS_MAX, REASON_MAX
from tongxin.platform.core.forms_people import PhoneField

TEXT = 2000


class AwardForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the award"), max_length=60, help_text=_("e.g. 十佳孝老爱亲和谐家庭, 优秀党员")
    )
    nominee_kind = forms.ChoiceField(label=_("Who may be nominated"), choices=NomineeKind.choices)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=PLACES_MAX, initial=10)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    round = forms.CharField(label=_("Round (optional)"), max_length=40, required=False, help_text=_("e.g. 第一批"))
    area = forms.TypedChoiceField(label=_("Awarded by"), coerce=int, choices=())
    description = forms.CharField(
        label=_("What it recognises"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    public_nominations = forms.BooleanField(
        label=_("Residents may nominate on the public page"),
        required=False,
        initial=True,
        help_text=_("Not for party members' awards: those come from staff and the branches."),
    )
    publicity_days = forms.IntegerField(
        label=_("Days of publicity (公示)"), min_value=1, max_value=PUBLICITY_DAYS_MAX, initial=7
    )

    def __init__(self, *args: Any, areas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.choices = areas
        self.fields["year"].initial = timezone.localdate().year


class NominationForm(forms.Form):
    """Staff or branch: the nominee was picked from the search (its id), or a team is named."""

    nominee = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31)
    team_name = forms.CharField(label=_("Name of the team"), max_length=30, required=False)
    reason = forms.CharField(
        label=_("Why they deserve it"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences of what they did: the publicity shows the nominee's name, not this text."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", pgettext_lazy("honours", "Accept")), ("decline", pgettext_lazy("honours", "Decline"))]
    )
    reason = forms.CharField(label=_("Reason for declining"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the nomination is declined."))
        return data


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("dismiss", _("Dismiss")), ("uphold", _("Uphold"))])
    answer = forms.CharField(label=_("Answer"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class PublicNominationForm(forms.Form):
    nominee = forms.CharField(label=_("Whom you nominate"), max_length=30)
    building = forms.TypedChoiceField(label=_("Building where they live"), coerce=int, choices=())
    address_note = forms.CharField(
        label=_("Door number (optional)"),
        max_length=20,
        required=False,
        help_text=_("Helps the office find them. Never shown."),
    )
    reason = forms.CharField(
        label=_("Why they deserve it"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False)
    phone = PhoneField(
        label=_("Your mobile phone (optional)"),
        help_text=_("Only for the office to ask you more. It is never shown."),
    )

    def __init__(self, *args: Any, buildings: list[tuple[int, str]], household: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        building: Any = self.fields["building"]
        building.choices = [("", "—"), *buildings]
        if household:
            self.fields["nominee"].label = _("The family's name")
            self.fields["nominee"].help_text = _("e.g. 张 or 张家: the publicity names the family as 张家.")


class PublicObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your objection"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is wrong, and why. The office answers every objection before the award."),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False)
    phone = PhoneField(label=_("Your mobile phone (optional)"), help_text=_("For the answer. It is never shown."))


class DeedForm(forms.Form):
    board = forms.ChoiceField(label=_("Board"), choices=WallBoard.choices)
    title = forms.CharField(label=pgettext_lazy("honours", "Title"), max_length=60)
    story = forms.CharField(label=_("The story"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 5}))
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    area = forms.TypedChoiceField(label=_("Community"), coerce=int, choices=())
    person_name = forms.CharField(
        label=_("Person, household or team"),
        max_length=30,
        help_text=_("As the board shows it: a name, a family as 张家, a team. No numbers."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/heif"}),
    )
    photo_consent = forms.BooleanField(
        label=_("The person consents to the photo being shown on the public board"),
        required=False,
        help_text=_("Without consent the entry is shown without its photo."),
    )

    def __init__(self, *args: Any, areas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.choices = areas
        self.fields["happened_on"].initial = timezone.localdate()

    def clean_happened_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["happened_on"]
        if value.year < 2000:
            raise forms.ValidationError(_("Give a date from 2000 on."))
        return value
