"""Store the official calendar's years from the packages that have them (run after upgrading the packages)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongxin.platform.calendar import services


class Command(BaseCommand):
    help = (
        "Store the years of the official calendar that chinese-calendar or holidays (CN) carry. A year the office "
        "entered from the State Council's notice is left as entered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="only these years (default: every year a package has)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.official_years_load(years=options["years"] or None)
        for outcome, label in (
            ("added", "added"),
            ("updated", "updated (the package changed)"),
            ("kept", "already stored"),
            ("entered", "left as the office entered them"),
        ):
            if result[outcome]:
                self.stdout.write(f"{label}: {', '.join(map(str, result[outcome]))}")
