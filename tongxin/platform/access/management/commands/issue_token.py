"""Issue an API bearer token for a user: `manage.py issue_token USERNAME [--name NAME]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.platform.access.models import User
from tongxin.platform.access.tokens import token_issue
from tongxin.platform.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key. The key is shown only once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user the token acts as")
        parser.add_argument("--name", default="", help="what the token is for, e.g. 'district dashboard'")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user named “%(username)s”.") % {"username": username})
        if not user.is_active:
            # A token for an inactive user would be refused on every request anyway.
            raise CommandError(_("The user “%(username)s” is not active.") % {"username": username})
        try:
            key = token_issue(user=user, name=name)
        except DomainError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        # The key alone on stdout, so scripts can capture it; the reminder goes to stderr.
        self.stdout.write(key)
        self.stderr.write(_("Store this key now: it cannot be shown again."))
