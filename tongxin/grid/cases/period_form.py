"""The filter of a figures page: a place of the user's and a period, this year by default.

The consultation figures and the co-building figures (capabilities that may not import each other)
read their place and period through this one form; the case figures' own form adds the breakdown
level and defaults to this month.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.grid.cases.figures_views import EARLIEST, LATEST
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.areas.models import Area


def this_year() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate(timezone=SHANGHAI)
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


class PlacePeriodForm(forms.Form):
    """A place of the user's (the area tree, indented) and a period; bad input is an error on the
    form, and the page shows the defaults meanwhile (`choice()`)."""

    node = forms.TypedChoiceField(label=gettext_lazy("Place"), coerce=int, choices=(), required=False)
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, nodes: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nodes = {n.pk: n for n in nodes}
        top = min((n.depth for n in nodes), default=0)
        node_field = self.fields["node"]
        assert isinstance(node_field, forms.ChoiceField)
        # Indented by depth with ideographic spaces, so the select reads like the tree.
        node_field.choices = [(n.pk, "\u3000" * (n.depth - top) + n.name) for n in nodes]
        start, end = this_year()
        self.defaults: dict[str, Any] = {"node": nodes[0] if nodes else None, "start": start, "end": end}
        if not self.is_bound:
            self.initial = {"node": nodes[0].pk if nodes else None, "start": start, "end": end}

    def _in_range(self, name: str) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            )
        return value

    def clean_start(self) -> datetime.date | None:
        return self._in_range("start")

    def clean_end(self) -> datetime.date | None:
        return self._in_range("end")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        node = self.nodes.get(data["node"]) if data.get("node") else self.defaults["node"]
        start = data.get("start") or self.defaults["start"]
        end = data.get("end") or self.defaults["end"]
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return {"node": node, "start": start, "end": end}

    def choice(self) -> dict[str, Any]:
        """What to show: the valid filter, else the defaults (a bad filter is an error, never a 500)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return self.defaults
