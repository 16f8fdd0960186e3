"""Forms of the owners' pages: plain fields; the rules are the services'."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.estates.owners.models import Post
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=date_input(), error_messages=DATE_ERRORS)


class CommitteeForm(forms.Form):
    elected_on = _date(_("Elected on"))
    term_starts = _date(_("Term starts"))
    term_ends = _date(_("Term ends"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    post = forms.ChoiceField(
        label=pgettext_lazy("committee", "Post"),
        choices=Post.choices,
        error_messages={"invalid_choice": _("Choose a post.")},
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    resident = forms.TypedChoiceField(label=_("Resident of the registry"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, residents: list[tuple[int, str]], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["resident"]).choices = [("", _("Not linked")), *residents]
        self.fields["resident"].error_messages["invalid_choice"] = _("Choose a resident of the estate.")
        if editing:
            self.fields["phone"].help_text = _("Leave empty to keep the number on record.")


class AppointmentForm(forms.Form):
    person = forms.CharField(label=_("Person"), max_length=50)
    company = forms.CharField(label=_("Property company or service"), max_length=100)
    company_post = forms.CharField(label=_("Post in the property company"), max_length=60)
    party_post = forms.CharField(label=_("Post in the Party organization"), max_length=60)
    since = _date(_("Since"))
    until = _date(_("Until"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
