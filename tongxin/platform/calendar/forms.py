"""The form the office fills in from the State Council's notice: one row per festival, one per make-up day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.platform.calendar.models import FESTIVALS
from tongxin.platform.calendar.services import FIRST_YEAR, LAST_YEAR, HolidayRange, MakeUpWorkday
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

# The notice has seven festivals (some years join two, e.g. 中秋节、国庆节); two spare rows for a special one.
HOLIDAY_ROWS = len(FESTIVALS) + 2
# Make-up working days: at most six in any year since 2001; two spare.
WORKDAY_ROWS = 8


class OfficialYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"required": _("Enter the year the notice is for.")},
    )
    notice = forms.CharField(
        label=_("Notice"),
        max_length=100,
        help_text=_("The notice's number or title, e.g. 国办发明电〔2026〕12号."),
        error_messages={"required": _("Enter the notice's number or title.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = list(FESTIVALS)
        for row in range(HOLIDAY_ROWS):
            self.fields[f"holiday_{row}_name"] = forms.CharField(
                label=_("Festival"), max_length=100, required=False, initial=names[row] if row < len(names) else ""
            )
            for part, label in (("first", _("First day off")), ("last", _("Last day off"))):
                self.fields[f"holiday_{row}_{part}"] = forms.DateField(
                    label=label, required=False, widget=date_input(), error_messages=DATE_ERRORS
                )
        for row in range(WORKDAY_ROWS):
            self.fields[f"workday_{row}_day"] = forms.DateField(
                label=_("Make-up working day"), required=False, widget=date_input(), error_messages=DATE_ERRORS
            )
            self.fields[f"workday_{row}_name"] = forms.CharField(
                label=_("Makes up for"), max_length=100, required=False
            )

    def holiday_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"holiday_{row}_{part}"] for part in ("name", "first", "last")] for row in range(HOLIDAY_ROWS)]

    def workday_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"workday_{row}_{part}"] for part in ("day", "name")] for row in range(WORKDAY_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        for row in range(HOLIDAY_ROWS):
            first, last = f"holiday_{row}_first", f"holiday_{row}_last"
            if self.has_error(first) or self.has_error(last):
                continue
            if (data.get(first) is None) != (data.get(last) is None):
                missing = last if data.get(last) is None else first
                self.add_error(missing, _("Enter both the first and the last day off (the same day for one day)."))
        return data

    def holidays(self) -> list[HolidayRange]:
        """The festival rows with dates (a named row left without dates is a festival the notice does not list)."""
        rows: list[HolidayRange] = []
        for row in range(HOLIDAY_ROWS):
            first: date | None = self.cleaned_data.get(f"holiday_{row}_first")
            last: date | None = self.cleaned_data.get(f"holiday_{row}_last")
            if first is not None and last is not None:
                name = self.cleaned_data.get(f"holiday_{row}_name", "").strip()
                rows.append(HolidayRange(name=name, first=first, last=last, row=row))
        return rows

    def workdays(self) -> list[MakeUpWorkday]:
        rows: list[MakeUpWorkday] = []
        for row in range(WORKDAY_ROWS):
            day: date | None = self.cleaned_data.get(f"workday_{row}_day")
            if day is not None:
                name = self.cleaned_data.get(f"workday_{row}_name", "").strip()
                rows.append(MakeUpWorkday(day=day, name=name, row=row))
        return rows


def initial_for(year: int, holidays: dict[date, str], workdays: dict[date, str], notice: str = "") -> dict[str, Any]:
    """The form filled with a stored year: each festival's days as one row (a festival split in two keeps two)."""
    initial: dict[str, Any] = {"year": year, "notice": notice}
    runs: list[list[Any]] = []
    for day, name in sorted(holidays.items()):
        if runs and runs[-1][0] == name and (day - runs[-1][2]).days == 1:
            runs[-1][2] = day
        else:
            runs.append([name, day, day])
    for row, (name, first, last) in enumerate(runs[:HOLIDAY_ROWS]):
        initial.update({f"holiday_{row}_name": name, f"holiday_{row}_first": first, f"holiday_{row}_last": last})
    if runs:
        # A stored year's rows are its own festivals; the spare rows stay empty.
        for row in range(len(runs), HOLIDAY_ROWS):
            initial[f"holiday_{row}_name"] = ""
    for row, (day, name) in enumerate(sorted(workdays.items())[:WORKDAY_ROWS]):
        initial.update({f"workday_{row}_day": day, f"workday_{row}_name": name})
    return initial
