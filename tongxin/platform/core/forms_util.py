from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.exceptions import DomainError

# The messages of every date field typed by hand: the format to use, in the language shown.
DATE_ERRORS = {"invalid": _("Enter a date as year-month-day, e.g. 2026-03-08."), "required": _("Enter a date.")}


def add_domain_errors(form: Any, exc: DomainError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


def date_input() -> Any:
    """A browser date picker; its value must be ISO whatever the language shows."""
    from django import forms

    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
