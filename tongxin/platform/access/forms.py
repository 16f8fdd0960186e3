from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is not right. Please try again."),
        "inactive": _("This account is disabled."),
        "locked": _(
            "Too many failed sign-ins: this account is locked until %(until)s. "
            "Ask your administrator if you need it sooner."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        cast(forms.CharField, self.fields["username"]).max_length = 150

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username:
            user = User.objects.filter(username=username).only("locked_until").first()
            if user and user.locked_until and user.locked_until > timezone.now():
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": timezone.localtime(user.locked_until).strftime("%H:%M")},
                )
        return super().clean()
