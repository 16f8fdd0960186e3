"""Queries per page, in one process against the bench database (no server): Django's test client
signed in as the demo account, every statement of the second request counted (`execute_wrapper`; Django's own
log is reset at each request's start) (the first warms
the caches), and the median of 5 requests' process time beside it.

    DEMO_MODE=1 DATABASE_URL=sqlite:///$PWD/var/bench-district/tongxin.sqlite3 \\
        uv run --frozen python bench/queries.py /councils/ street:/councils/topics/ …

Each argument is `user:path` (`-:path` anonymous); `{community}` is the demo community's id and
`{topic}` the first topic of the user's list.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tongxin.platform.access.models import User  # noqa: E402
from tongxin.registry.areas.models import Area  # noqa: E402


def client_for(user: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if user != "-":
        client.force_login(User.objects.get(username=user))
    return client


def resolved(client: Client, path: str) -> str:
    if "{community}" in path:
        community = Area.objects.filter(name="同心社区").order_by("path").first()
        path = path.replace("{community}", str(community.pk if community else 0))
    if path == "{topic}":
        page = client.get("/councils/topics/").content.decode()
        path = re.search(r'href="(/councils/topics/\d+/)"', page).group(1)  # type: ignore[union-attr]
    return path


def main() -> None:
    print("| page | user | status | queries | in-process ms (median of 5) |\n|---|---|---|---|---|")
    for arg in sys.argv[1:]:
        user, path = arg.split(":", 1)
        client = client_for(user)
        path = resolved(client, path)
        client.get(path)
        queries: list[str] = []

        def counted(execute, sql, *args, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            response = client.get(path)
        times = []
        for _ in range(5):
            start = time.process_time()
            client.get(path)
            times.append((time.process_time() - start) * 1000)
        print(f"| {path} | {user} | {response.status_code} | {len(queries)} | {statistics.median(times):.1f} |")


if __name__ == "__main__":
    main()
