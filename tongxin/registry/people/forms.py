from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.forms_people import IdNumberField, PhoneField, keep_hint
from tongxin.platform.core.forms_util import date_input
from tongxin.registry.people.models import CareCategory, Resident


class CategoryChoiceField(forms.ModelMultipleChoiceField[CareCategory]):
    def clean(self, value: Any) -> Any:
        # A key too long for the database's integer would crash the lookup: refuse it here.
        for key in value or []:
            if not str(key).isdigit() or len(str(key)) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super().clean(value)


class ResidentForm(forms.ModelForm[Resident]):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = IdNumberField(help_text=_("18 characters. Birth date and gender are read from it."))
    phone = PhoneField()
    clear_id_number = forms.BooleanField(label=_("Remove the ID number"), required=False)
    care_categories = CategoryChoiceField(
        label=_("Care categories"),
        queryset=CareCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resident
        fields = ["name", "relation", "gender", "birth_date", "care_categories", "note"]
        widgets = {"birth_date": date_input(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"birth_date": _("Only needed when there is no ID number.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.id_number_masked:
            self.fields["id_number"].help_text = keep_hint(instance.id_number_masked)
        else:
            del self.fields["clear_id_number"]
        if instance.pk and instance.phone_masked:
            self.fields["phone"].help_text = keep_hint(instance.phone_masked)
        # Order the fields as a person fills in a paper register.
        self.order_fields(
            [
                "name",
                "relation",
                "id_number",
                "clear_id_number",
                "phone",
                "gender",
                "birth_date",
                "care_categories",
                "note",
            ]
        )

    def service_kwargs(self) -> dict[str, Any]:
        """What the create/update services take; an empty number field means 'unchanged'."""
        data = dict(self.cleaned_data)
        kwargs: dict[str, Any] = {
            "name": data["name"],
            "relation": data["relation"],
            "note": data["note"],
            "care_categories": list(data["care_categories"]),
        }
        if data.get("id_number"):
            kwargs["id_number"] = data["id_number"]
        elif data.get("clear_id_number"):
            kwargs["id_number"] = ""
        else:
            kwargs["gender"] = data["gender"]
            kwargs["birth_date"] = data["birth_date"]
        if data.get("phone"):
            kwargs["phone"] = data["phone"]
        return kwargs


class CareCategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Letters, digits and _, e.g. veteran"))
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=40)
    name_en = forms.CharField(label=_("Name (English)"), max_length=60, required=False)
