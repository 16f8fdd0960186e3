from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.forms_people import PhoneField
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.party.models import Organization


class UnitForm(forms.ModelForm[ResidentUnit]):
    class Meta:
        model = ResidentUnit
        fields = ["name", "credit_code", "kind", "area", "org", "address", "member_count", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"credit_code": _("18 characters, e.g. 91110000600037341L")}

    def __init__(self, *args: Any, areas: QuerySet[Area], orgs: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Area], self.fields["area"]).queryset = areas
        cast(forms.ModelChoiceField[Organization], self.fields["org"]).queryset = orgs
        self.fields["org"].required = False
        self.fields["credit_code"].validators = []  # the service validates it with python-stdnum

    def validate_unique(self) -> None:
        # Uniqueness of the credit code is the service's to check, on the normalised value.
        pass


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    title = forms.CharField(label=_("Title"), max_length=50, required=False)
    phone = PhoneField()
