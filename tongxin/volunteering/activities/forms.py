"""The activity form with its recurrence picker (once / weekly on days / monthly on a day /
an advanced RRULE)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import date_input
from tongxin.volunteering.activities.models import MAX_CAPACITY
from tongxin.volunteering.activities.recurrence import rule_from_picker

REPEAT_CHOICES = [
    ("once", _("Once")),
    ("weekly", _("Every week on these days")),
    ("monthly", _("Every month on this day")),
    ("advanced", _("Advanced: a rule (RRULE)")),
]
WEEKDAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
MONTHDAY_CHOICES = [(str(d), str(d)) for d in range(1, 32)] + [("-1", _("the last day"))]


class ActivityForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Community or grid"), coerce=int)
    teams = forms.TypedMultipleChoiceField(
        label=_("Teams that run it"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False, widget=forms.Textarea)
    place = forms.CharField(label=_("Place"), max_length=100)
    first_date = forms.DateField(label=_("First date"), widget=date_input())
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=720, initial=120, help_text=_("e.g. 150 for 14:30–17:00")
    )
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, max_value=MAX_CAPACITY, required=False, help_text=_("Empty: no limit.")
    )
    repeat = forms.ChoiceField(
        label=pgettext_lazy("recurrence", "Repeats"),
        choices=REPEAT_CHOICES,
        initial="once",
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Days of the week"), choices=WEEKDAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    monthday = forms.TypedChoiceField(
        label=_("Day of the month"),
        choices=MONTHDAY_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A month without this day (e.g. the 31st) is skipped; choose 'the last day' for every month."),
    )
    rrule = forms.CharField(
        label=_("Rule (RRULE)"),
        max_length=200,
        required=False,
        help_text=_("RFC 5545, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=SA for every other Saturday."),
    )
    until = forms.DateField(label=_("Last date"), required=False, widget=date_input())
    count = forms.IntegerField(label=_("Number of times"), min_value=1, max_value=1000, required=False)
    skip_holidays = forms.BooleanField(
        label=_("Skip public holidays (法定节假日); make-up workdays are kept"), required=False, initial=True
    )
    cancelled_dates = forms.CharField(
        label=_("Dates called off"),
        max_length=2000,
        required=False,
        help_text=_("Dates the rule gives but the activity does not take place, e.g. 2026-10-09, 2026-10-16."),
    )

    def __init__(self, *args: Any, areas: list[tuple[int, str]], teams: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas
        self.fields["teams"].choices = teams

    def clean_cancelled_dates(self) -> list[str]:
        text = self.cleaned_data.get("cancelled_dates") or ""
        dates: list[str] = []
        for part in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(","):
            if not part.strip():
                continue
            try:
                dates.append(datetime.date.fromisoformat(part.strip()).isoformat())
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Write the dates as YYYY-MM-DD separated by commas; %(bad)s is not one.") % {"bad": part[:20]}
                ) from exc
        if len(dates) > 200:
            raise forms.ValidationError(_("At most 200 dates."))
        return sorted(set(dates))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        repeat = data.get("repeat")
        if repeat:
            try:
                data["rule"] = rule_from_picker(
                    repeat, data.get("weekdays") or [], data.get("monthday"), data.get("rrule") or ""
                )
            except DomainError as exc:
                field = {"weekly": "weekdays", "monthly": "monthday"}.get(repeat, "rrule")
                self.add_error(field, exc.messages)
        return data


def picker_initial(rule: str) -> dict[str, Any]:
    """The picker's fields for a stored rule: the simple kinds when they fit, else advanced."""
    if not rule:
        return {"repeat": "once"}
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if (
        set(parts) == {"FREQ", "BYDAY"}
        and parts["FREQ"] == "WEEKLY"
        and all(len(d) == 2 for d in parts["BYDAY"].split(","))
    ):
        return {"repeat": "weekly", "weekdays": parts["BYDAY"].split(",")}
    if (
        set(parts) == {"FREQ", "BYMONTHDAY"}
        and parts["FREQ"] == "MONTHLY"
        and parts["BYMONTHDAY"].lstrip("-").isdigit()
    ):
        return {"repeat": "monthly", "monthday": parts["BYMONTHDAY"]}
    return {"repeat": "advanced", "rrule": rule}
