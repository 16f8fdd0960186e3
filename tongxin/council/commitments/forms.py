"""Forms of the commitments pages: what a person types, checked field by field; the rules (scope,
the year, the decided topic) are the services' and come back next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.council.commitments.defaults import template_choices
from tongxin.council.commitments.models import MAX_WORDS
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=40, error_messages=TEXT_ERRORS)
    description = forms.CharField(label=_("What it means"), max_length=200, required=False, error_messages=TEXT_ERRORS)


class ItemEditForm(ItemForm):
    is_active = forms.BooleanField(label=_("In use"), required=False)


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Start from"), choices=template_choices, error_messages=CHOOSE)


class PledgeForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label=_("Items pledged"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one item the member pledges."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    words = forms.CharField(
        label=_("In the member's own words"),
        max_length=MAX_WORDS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they will do this year, e.g. 每月带头清理楼道一次"),
        error_messages=TEXT_ERRORS,
    )
    pledged_on = forms.DateField(label=_("Pledged on"), widget=date_input(), error_messages=DATE_ERRORS)

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items  # type: ignore[attr-defined]


class FulfilmentForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=date_input(), error_messages=DATE_ERRORS)
    text = forms.CharField(
        label=pgettext_lazy("fulfilment", "What was done"), max_length=300, error_messages=TEXT_ERRORS
    )
    item = forms.TypedChoiceField(
        label=_("For the item"), coerce=int, required=False, empty_value=None, error_messages=CHOOSE
    )

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—"), *items]  # type: ignore[attr-defined]


class ConventionForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("convention", "Title"), max_length=60, required=False, error_messages=TEXT_ERRORS
    )
    articles = forms.CharField(
        label=_("Articles"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One article a line; the board numbers them."),
        error_messages=TEXT_ERRORS,
    )
    adopted_on = forms.DateField(label=_("Adopted on"), widget=date_input(), error_messages=DATE_ERRORS)
    topic = forms.TypedChoiceField(
        label=_("Council decision (topic)"), coerce=int, required=False, empty_value=None, error_messages=CHOOSE
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=100,
        required=False,
        help_text=_("The meeting that adopted it, e.g. 居民代表会议; filled from the topic's council when empty."),
        error_messages=TEXT_ERRORS,
    )

    def __init__(self, *args: Any, topics: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = _("No topic (decided at a meeting not recorded here)")
        self.fields["topic"].choices = [("", none), *topics]  # type: ignore[attr-defined]


class CardForm(forms.Form):
    post = forms.CharField(
        label=_("Post on the board"),
        max_length=40,
        required=False,
        help_text=_("e.g. 党员中心户, 楼栋长, 网格党小组长"),
        error_messages=TEXT_ERRORS,
    )
    shown = forms.BooleanField(label=_("Show on the member information board"), required=False)
    photo_consent = forms.BooleanField(
        label=_("The member consents to their photo being shown"),
        required=False,
        help_text=_("Without consent no photo appears on the board, even if one is stored."),
    )
    photo = forms.FileField(label=_("Photo"), required=False)
    remove_photo = forms.BooleanField(label=_("Remove the stored photo"), required=False)
