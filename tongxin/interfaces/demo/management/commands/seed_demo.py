"""`manage.py seed_demo`: invented but realistic data for trying Tongxin out."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.interfaces.demo.seed.accounts import ACCOUNTS
from tongxin.interfaces.demo.seed.config import DEFAULT_SEED, SCALES
from tongxin.interfaces.demo.seed.runner import run_seed
from tongxin.interfaces.demo.seed.summary import summary_lines
from tongxin.platform.access.models import User
from tongxin.registry.areas.models import Area


class Command(BaseCommand):
    help = (
        "Load deterministic demo data: districts, communities, grids, households, residents, "
        "party organizations, members, resident units, a year of cases and one account per role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="demo",
            help="tiny: a few hundred residents (browser tests); demo: one subdistrict mirroring the seeds; "
            "district: 10 subdistricts; city: 10 districts of 10 subdistricts.",
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any area exists.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed (same seed, same data).")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="YYYY-MM-DD: the year of cases ends the day before (default: today in Asia/Shanghai). "
            "The same seed and the same day give the same cases.",
        )

    def handle(
        self, *args: Any, scale: str, if_empty: bool, seed: int, today: datetime.date | None = None, **options: Any
    ) -> None:
        self.quiet = options.get("verbosity", 1) == 0
        if Area.objects.exists():
            if if_empty:
                self._say("已有数据，未生成演示数据 / The database already has areas: nothing seeded (--if-empty).")
                return
            raise CommandError(
                "The database already has areas; demo data goes into an empty database "
                "(run `manage.py flush` first, or pass --if-empty)."
            )
        taken = sorted(
            User.objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list("username", flat=True)
        )
        if taken:
            raise CommandError(f"Demo usernames already exist: {', '.join(taken)}")
        self._say(f"正在生成演示数据 / Seeding demo data (scale {scale}, seed {seed}) …")
        result = run_seed(scale=SCALES[scale], seed=seed, out=self._say, today=today)
        if self.quiet:
            return
        for line in summary_lines(result.subdistrict_id, result.elapsed, scale, seed, result.today):
            self._say(line)
        self._say("演示账号 Demo accounts: python manage.py demo_accounts")

    def _say(self, line: str) -> None:
        if not self.quiet:
            self.stdout.write(line)
            self.stdout.flush()
