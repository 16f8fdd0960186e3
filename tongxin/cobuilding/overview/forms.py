"""The co-building figures page's filter: a place of the user's and a period (this year by default),
the same form as the consultation figures' (grid/cases/period_form.py)."""

from __future__ import annotations

from tongxin.grid.cases.period_form import PlacePeriodForm, this_year

FiguresForm = PlacePeriodForm

__all__ = ["FiguresForm", "this_year"]
