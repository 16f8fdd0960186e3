from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.roles import Role


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and . @ + - _ only; used to sign in."),
    )
    display_name = forms.CharField(label=_("Display name"), max_length=50, help_text=_("e.g. 王书记"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128, strip=False)


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    area = forms.TypedChoiceField(label=_("At area"), required=False, coerce=int, empty_value=None, choices=())
    org = forms.TypedChoiceField(label=_("At organization"), required=False, coerce=int, empty_value=None, choices=())
    title = forms.CharField(label=_("Title"), max_length=50, required=False, help_text=_("e.g. 网格长, 楼栋长"))

    def __init__(self, *args: Any, areas: list[tuple[int, str]], orgs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "—"), *areas]
        cast(forms.ChoiceField, self.fields["org"]).choices = [("", "—"), *orgs]
        self.fields["area"].help_text = _("For a subdistrict officer, community staff, grid worker or building leader.")
        self.fields["org"].help_text = _("For a party organization secretary, a party member or a unit contact.")
