"""Forms of the residents' public pages: raise a topic, object to a decision, find a topic, rate it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.council.consultation.services._common import CODE_ALPHABET
from tongxin.council.consultation.services.topics import TEXT_MAX, TITLE_MAX
from tongxin.platform.core.forms_people import PhoneField

OBJECTION_MAX = 2000


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("What should be discussed"),
        max_length=TITLE_MAX,
        help_text=_("In a few words, e.g. “电动车停放” or “楼道加装扶手”."),
    )
    description = forms.CharField(
        label=_("Tell us more"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is the problem, whom does it affect, what would you suggest?"),
    )
    building = forms.TypedChoiceField(label=_("Building"), coerce=int, choices=(), required=False, empty_value=None)
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=50,
        required=False,
        help_text=_("Shown only as the family name, e.g. 张**."),
    )
    phone = PhoneField(
        label=_("Your mobile phone (optional)"),
        help_text=_("For a text message when the topic moves on. It is never shown."),
    )

    def __init__(self, *args: Any, buildings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        building: Any = self.fields["building"]
        building.choices = [("", "—"), *buildings]


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your objection"),
        max_length=OBJECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is wrong with the decision, and why. The council answers every objection."),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    phone = PhoneField(
        label=_("Your mobile phone (optional)"),
        help_text=_("For a text message with the answer. It is never shown."),
    )


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=16)

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).upper()
        if not code or any(c not in CODE_ALPHABET for c in code):
            raise forms.ValidationError(_("A tracking code has letters and digits only, e.g. 7KQ2M9XA."))
        return code


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was it carried out?"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
