"""The notice form: what a community secretary types; the rules come back from the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.fieldwork.notices.models import TEXT_MAX, TITLE_MAX, Notice

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}


class NoticeForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("notice", "Title"), max_length=TITLE_MAX, error_messages=TEXT_ERRORS)
    text = forms.CharField(
        label=_("Text message"),
        max_length=TEXT_MAX,
        error_messages=TEXT_ERRORS,
        help_text=_(
            "Sent as one text message to the residents with a phone number, and read out at the door. "
            "At most %(n)d characters."
        )
        % {"n": TEXT_MAX},
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX, "data-counter": TEXT_MAX}),
    )
    area = forms.TypedChoiceField(label=pgettext_lazy("notice", "Place"), coerce=int, error_messages=CHOOSE)
    audience = forms.ChoiceField(
        label=_("Audience"), choices=Notice.Audience.choices, error_messages=CHOOSE, initial=Notice.Audience.HOUSEHOLDS
    )
    care_category = forms.TypedChoiceField(
        label=_("Only residents of a care category"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages=CHOOSE,
    )
    over_60 = forms.BooleanField(label=_("Only residents over 60"), required=False)
    by_text = forms.BooleanField(label=_("By text message"), required=False, initial=True)
    by_door = forms.BooleanField(
        label=_("Door to door (the grid workers' to-deliver lists)"), required=False, initial=True
    )

    def __init__(self, *args: Any, places: list[tuple[int, str]], categories: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = places  # type: ignore[attr-defined]
        self.fields["care_category"].choices = [("", _("Everyone")), *categories]  # type: ignore[attr-defined]
        self.fields["text"].widget.attrs["data-counter-words"] = str(_("{n} of {limit} characters"))
