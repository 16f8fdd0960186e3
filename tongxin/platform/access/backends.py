"""Sign-in with lockout: after LOGIN_MAX_FAILURES failures in a row, LOGIN_LOCKOUT_MINUTES."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from tongxin.platform.access.models import User
from tongxin.platform.core.audit import audit_record


class AccountLocked(PermissionDenied):
    pass


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        now = timezone.now()
        if user is not None and user.locked_until and user.locked_until > now:
            # Stop the whole authentication chain: a correct password does not unlock early.
            raise AccountLocked
        authenticated = super().authenticate(request, username=username, password=password, **kwargs)
        if authenticated is not None:
            if authenticated.failed_logins or authenticated.locked_until:
                User.objects.filter(pk=authenticated.pk).update(failed_logins=0, locked_until=None)
            audit_record(actor=authenticated, action="login", obj=authenticated, object_type="access.user")
            return authenticated
        if user is not None:
            User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
            user.refresh_from_db(fields=["failed_logins"])
            audit_record(actor=None, action="login_failed", obj=user, object_type="access.user")
            if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
                User.objects.filter(pk=user.pk).update(
                    locked_until=now + datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES), failed_logins=0
                )
                audit_record(actor=None, action="locked", obj=user, object_type="access.user")
        return None
