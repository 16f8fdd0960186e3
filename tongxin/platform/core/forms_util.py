from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.exceptions import DomainError

# The messages of every date field typed by hand: the format to use, in the language shown.
DATE_ERRORS = {"invalid": _("Enter a date as year-month-day, e.g. 2026-03-08."), "required": _("Enter a date.")}

# Help in money or goods: any amount that is not to the fen, or too large, gets the same plain answer.
YUAN_TO_THE_FEN_ERRORS = {
    "invalid": _("Enter an amount in yuan, e.g. 500.00."),
    "max_value": _("Enter an amount in yuan to the fen, e.g. 500.00."),
    "max_digits": _("Enter an amount in yuan to the fen, e.g. 500.00."),
    "max_whole_digits": _("Enter an amount in yuan to the fen, e.g. 500.00."),
    "max_decimal_places": _("Enter an amount in yuan to the fen, e.g. 500.00."),
}


def add_domain_errors(form: Any, exc: DomainError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


def date_input() -> Any:
    """A browser date picker; its value must be ISO whatever the language shows."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def yuan_field(
    label: Any,
    maximum: Decimal,
    *,
    minimum: Decimal = Decimal("0.00"),
    required: bool = True,
    help_text: Any = "",
    error_messages: dict[str, Any] | None = None,
) -> forms.DecimalField:
    """An amount of money in yuan, to the fen (a Decimal with two places), from ``minimum`` to ``maximum``.

    Typed as a plain number (1234.50, shown elsewhere as ¥1,234.50); ``error_messages`` replaces any of the
    default messages.
    """
    too_large = _("The amount is too large: at most %(max)s yuan.") % {"max": maximum}
    messages = {
        "invalid": _("Enter an amount in yuan, e.g. 45.00."),
        "max_decimal_places": _("Give the amount to the fen at most (two decimal places)."),
        "max_digits": too_large,
        "max_whole_digits": too_large,
        "max_value": too_large,
        "min_value": _("The amount cannot be negative.") if minimum <= 0 else _("The amount must be more than zero."),
        **(error_messages or {}),
    }
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=len(str(int(maximum))) + 2,
        decimal_places=2,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        error_messages=messages,
    )


class IdempotencyKeyField(forms.UUIDField):
    """The hidden key a device gives a form it may send twice (js/pwa.js): a missing or
    garbled key only means the form is not protected against being sent twice."""

    widget = forms.HiddenInput(attrs={"autocomplete": "off"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class QuickSelect(forms.Select):
    """A <select> written out in Python, with the options Django's Select would choose.

    Django renders every option through two templates, and format_html per option is not much
    cheaper: a category filter of 30 options cost a list page ~2 ms. Same HTML (less
    whitespace); option groups and the selection come from Django's own `optgroups`.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f"<select name={_quoted(widget['name'])}{_attrs(widget['attrs'])}>"]
        for group, choices, _index in widget["optgroups"]:
            if group:
                html.append(f"<optgroup label={_quoted(group)}>")
            for option in choices:
                attrs = option["attrs"]
                extra = " selected" if attrs == {"selected": True} else _attrs(attrs)
                html.append(
                    f"<option value={_quoted(option['value'])}{extra}>{conditional_escape(option['label'])}</option>"
                )
            if group:
                html.append("</optgroup>")
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308  (every value above is escaped)


def _quoted(value: Any) -> str:
    return f'"{conditional_escape(str(value))}"'


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return "".join(
        f" {name}" if value is True else f" {name}={_quoted(value)}"
        for name, value in attrs.items()
        if value is not False
    )
