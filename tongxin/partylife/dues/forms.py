from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.dues import months
from tongxin.partylife.dues.rates import MAX_INCOME, MAX_MONTHLY_DUES, DuesKind
from tongxin.partylife.dues.services import MAX_PAYMENT
from tongxin.platform.core.forms_util import date_input, yuan_field


class MonthField(forms.Field):
    """A month as the browser's month picker sends it ("2025-03"), cleaned to 202503."""

    widget = forms.TextInput(
        attrs={"type": "month", "inputmode": "numeric", "placeholder": "2025-03", "maxlength": "7"}
    )

    def prepare_value(self, value: Any) -> Any:
        return months.label(value) if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        month = months.parse(text)
        if month is None:
            raise forms.ValidationError(_("Enter a month as year and month, e.g. 2025-03."), code="month")
        return month


class PaymentForm(forms.Form):
    month = MonthField(
        label=_("Month paid for"), help_text=_("The month the dues are for, not the day they were paid.")
    )
    amount = yuan_field(_("Amount (yuan)"), MAX_PAYMENT)
    paid_on = forms.DateField(label=_("Paid on"), widget=date_input())
    paid_by = forms.CharField(
        label=_("Paid on the member's behalf by (代缴)"),
        max_length=50,
        required=False,
        help_text=_("Leave empty when the member paid."),
    )
    note = forms.CharField(label=_("Receipt note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators.append(
            MinValueValidator(Decimal("0.01"), message=_("A payment must be more than zero."))
        )


class BaseForm(forms.Form):
    month = MonthField(label=_("Effective from (month)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=DuesKind.choices)
    monthly_income = yuan_field(
        _("Monthly after-tax income (yuan)"),
        MAX_INCOME,
        required=False,
        help_text=_("Wage after tax, or pension. Not needed for the flat 0.20 yuan."),
    )
    voluntary_amount = yuan_field(
        _("Voluntary monthly amount (yuan)"),
        MAX_MONTHLY_DUES,
        required=False,
        help_text=_("Only if the member chooses to pay more than the standard amount."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Why is this payment removed?"), max_length=200)
