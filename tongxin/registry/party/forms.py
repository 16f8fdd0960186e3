from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.forms_people import IdNumberField, PhoneField, keep_hint
from tongxin.platform.core.forms_util import date_input
from tongxin.registry.areas.models import Area
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember


class OrgForm(forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = ["name", "kind", "branch_type", "area", "secretary_name", "founded_on", "sort_order", "note"]
        widgets = {"founded_on": date_input(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "area": _(
                "The community, grid or building it is built on; "
                "empty for functional, new-organization, retired or interest branches."
            )
        }

    def __init__(self, *args: Any, kinds: tuple[str, ...], areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(k, OrgKind(k).label) for k in kinds]
        cast(forms.ModelChoiceField[Area], self.fields["area"]).queryset = areas
        self.fields["area"].required = False


class MemberForm(forms.ModelForm[PartyMember]):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = IdNumberField(help_text=_("18 characters. Birth date and gender are read from it."))
    phone = PhoneField()

    class Meta:
        model = PartyMember
        fields = [
            "name",
            "org",
            "kind",
            "status",
            "is_needy",
            "without_post",
            "joined_on",
            "employer",
            "employer_org",
            "floating_certificate",
            "floating_place",
            "note",
        ]
        widgets = {"joined_on": date_input(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, orgs: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Organization], self.fields["org"]).queryset = orgs
        if self.instance.pk and self.instance.id_number_masked:
            self.fields["id_number"].help_text = keep_hint(self.instance.id_number_masked)
        if self.instance.pk and self.instance.phone_masked:
            self.fields["phone"].help_text = keep_hint(self.instance.phone_masked)
        self.order_fields(["name", "org", "kind", "status", "id_number", "phone"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == MemberKind.IN_SERVICE and not data.get("employer"):
            self.add_error("employer", _("An in-service member reports in from an employer: enter it."))
        if kind == MemberKind.FLOATING_OUT and not data.get("floating_certificate"):
            self.add_error(
                "floating_certificate", _("A member floating out carries a certificate (流动党员证): enter its number.")
            )
        if kind in (MemberKind.FLOATING_OUT, MemberKind.FLOATING_IN) and not data.get("floating_place"):
            self.add_error("floating_place", _("Enter where the member went to or came from."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        id_number = data.pop("id_number", "")
        phone = data.pop("phone", "")
        if id_number:
            data["id_number"] = id_number
        if phone:
            data["phone"] = phone
        return data
