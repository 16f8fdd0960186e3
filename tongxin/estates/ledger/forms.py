"""Forms of the ledger pages. Amounts are text: the service reads them and says what is wrong
(commas, a minus sign, too many digits) in words the person understands."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.estates.ledger.models import Direction
from tongxin.platform.core.forms_util import DATE_ERRORS, MultipleFileInput, date_input


class AmountInput(forms.TextInput):
    input_type = "text"

    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "1234.50"})


def _amount(label: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=40, widget=AmountInput())


class EntryForm(forms.Form):
    category = forms.TypedChoiceField(label=pgettext_lazy("ledger", "Category"), coerce=int)
    occurred_on = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)
    amount = _amount(_("Amount (yuan)"))
    description = forms.CharField(label=pgettext_lazy("ledger", "Description"), max_length=300)
    photos = forms.FileField(
        label=_("Receipt photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("A photo of the invoice or receipt (发票、收据); the photo's location data is removed."),
    )

    def __init__(self, *args: Any, categories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", "—"), *categories]
        self.fields["category"].error_messages["invalid_choice"] = _("Choose a category of this estate's ledger.")

    def clean_photos(self) -> list[Any]:
        return self.files.getlist("photos") if self.files else []


class CorrectForm(forms.Form):
    amount = forms.CharField(
        label=_("Correcting amount (yuan)"),
        max_length=40,
        widget=AmountInput(),
        help_text=_("Negative to take back, e.g. -500.00 cancels a 500.00 entry; positive to add what was missing."),
    )
    description = forms.CharField(label=_("Why the correction"), max_length=300)


class ApproveForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Approved by (committee member)"), coerce=int)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["member"]).choices = [("", "—"), *members]
        self.fields["member"].error_messages["invalid_choice"] = _(
            "Choose a member of the estate's owners' committee in office."
        )


class CategoryForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("ledger category", "Name"), max_length=40)
    direction = forms.ChoiceField(label=_("Income or expense"), choices=Direction.choices)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("The committee's answer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AskForm(forms.Form):
    asker = forms.CharField(
        label=_("Your name or door number"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 3号楼2单元501")}),
    )
    text = forms.CharField(label=_("Your question"), max_length=500, widget=forms.Textarea(attrs={"rows": 4}))
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Only for the committee to call you back: never shown on this page."),
    )
