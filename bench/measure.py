"""Time pages and API lists beside /healthz in the same run; print ratios (median latency).

Loopback only; a bounded number of sequential requests per URL. /healthz is timed again right
before each page, so both medians are taken under the same load: the machine is shared and its
speed drifts within a run. (Alternating the two request by request was tried: /healthz then
pays for the tail of the page before it and reads 2–3× slower.) `BENCH_ONLY=/cases,/open311`
times only the paths starting so; an entry ending in "$" is an exact path (`BENCH_ONLY=/$`).
"""

from __future__ import annotations

import datetime
import http.cookiejar
import os
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from zoneinfo import ZoneInfo

BASE, SCALE = sys.argv[1], sys.argv[2]
ROUNDS = 30
PASSWORD = "Tongxin#2026"


def opener_for(username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(
        f"{BASE}/accounts/login/", data=data, headers={"Referer": f"{BASE}/accounts/login/"}
    )
    landing = opener.open(request)
    landing.read()
    # Signed in means we landed on the overview, not back on the sign-in form.
    assert not landing.geturl().endswith("/accounts/login/"), f"sign-in failed for {username}"
    return opener


def timed_ms(opener: urllib.request.OpenerDirector, path: str) -> float:
    start = time.perf_counter()
    response = opener.open(BASE + path)
    response.read()
    assert response.status == 200 and "/accounts/login/" not in response.geturl(), path
    return (time.perf_counter() - start) * 1000


def present(opener: urllib.request.OpenerDirector, path: str) -> bool:
    try:
        opener.open(BASE + path).read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise
    return True


def median_ms(opener: urllib.request.OpenerDirector, path: str) -> float:
    opener.open(BASE + path).read()  # warm up
    return statistics.median(timed_ms(opener, path) for _ in range(ROUNDS))


# The seeded year of cases ends yesterday (Asia/Shanghai): the figures cover exactly that year.
TODAY = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
YEAR = f"start={TODAY - datetime.timedelta(days=365)}&end={TODAY - datetime.timedelta(days=1)}"
YEAR_FROM_TO = f"from={TODAY - datetime.timedelta(days=365)}&to={TODAY - datetime.timedelta(days=1)}"
MONTH_AGO = f"{TODAY - datetime.timedelta(days=30)}T00:00:00%2B08:00"
ANONYMOUS = "—"

CASES = [
    ("street", "/residents/"),
    ("street", "/residents/?q=zs"),
    ("street", "/households/"),
    ("street", "/members/"),
    ("street", "/areas/"),
    ("street", "/orgs/"),
    # The workbench (issue 13): the subdistrict's and the secretary's home, ≤ 15× /healthz.
    ("street", "/"),
    ("secretary", "/"),
    ("secretary", "/residents/?category=empty_nest"),
    ("grid1", "/residents/?q=zs"),
    ("admin", "/residents/"),
    ("admin", "/api/v1/residents?search=zs"),
    ("admin", "/api/v1/households"),
    # Cases: the queue, the figures for the year, the public GeoReport list.
    ("street", "/cases/"),
    ("street", "/cases/?queue=overdue"),
    ("street", "/cases/?queue=all"),
    ("grid1", "/cases/?queue=mine"),
    ("grid1", "/cases/"),
    ("secretary", "/cases/"),
    ("street", f"/cases/figures/?{YEAR}&level=grid"),
    ("street", f"/cases/figures/?{YEAR}&level=community"),
    ("admin", f"/cases/figures/?{YEAR}&level=subdistrict"),
    (ANONYMOUS, "/open311/v2/requests.json"),
    (ANONYMOUS, "/open311/v2/requests.json?status=open"),
    (ANONYMOUS, f"/open311/v2/requests.json?status=closed&start_date={MONTH_AGO}"),
    # Organizational life: who is behind (the compliance matrix), dues arrears, points.
    ("secretary", "/meetings/compliance/"),
    ("street", "/meetings/compliance/"),
    ("admin", "/meetings/compliance/"),
    ("street", "/meetings/"),
    ("street", "/dues/"),
    ("street", "/points/"),
    ("street", "/points/posts/"),
    ("street", "/development/"),
    ("street", "/transfers/"),
    ("street", "/transfers/floating/"),
    ("street", "/inservice/"),
    ("street", "/inservice/needy/"),
    # Service to residents (issue 5): the figures, visit coverage and hours totals of a year for a
    # subdistrict and for the whole district (admin's first place), and the lists.
    ("street", f"/reports/service/?{YEAR}"),
    ("admin", f"/reports/service/?{YEAR}"),
    ("street", f"/visits/coverage/?{YEAR_FROM_TO}"),
    ("admin", f"/visits/coverage/?{YEAR_FROM_TO}"),
    ("street", "/visits/facts/"),
    ("grid1", "/visits/"),
    # The to-visit list for a subdistrict and for the whole district (issue 12): each household's
    # interval comes from its residents' care categories.
    ("street", "/visits/"),
    ("admin", "/visits/"),
    ("street", f"/service/hours/totals/?{YEAR}"),
    ("admin", f"/service/hours/totals/?{YEAR}"),
    ("street", "/service/teams/"),
    ("street", "/service/volunteers/"),
    ("street", "/activities/"),
    ("street", "/programmes/"),
    ("street", "/pairing/"),
    # Consultation (issue 14): the figures of a year per council and place, for a subdistrict and
    # for the whole district, the topics list page and the API's list.
    ("street", f"/councils/figures/?{YEAR}"),
    ("admin", f"/councils/figures/?{YEAR}"),
    ("street", "/councils/topics/"),
    ("secretary", "/councils/topics/"),
    ("street", "/api/v1/topics?limit=25"),
    ("admin", "/api/v1/topics?limit=25"),
    # The demo community's public decisions (no account), a topic page (the first of the street's
    # list: its steps, meetings, votes and tasks) and the meetings list.
    (ANONYMOUS, "/public/decisions/?community={community}"),
    ("street", "{topic}"),
    ("street", "/councils/meetings/"),
    # Mediation, ratings, honours, commitments and the public board (issue 15).
    ("street", "/mediation/"),
    ("secretary", "/mediation/"),
    ("street", f"/mediation/figures/?{YEAR_FROM_TO}"),
    ("secretary", "/ratings/"),
    ("secretary", "/honours/"),
    ("secretary", "/commitments/"),
    ("admin", "/api/v1/mediations?limit=25"),
    (ANONYMOUS, "/public/boards/{community}/"),
    (ANONYMOUS, "/public/boards/{community}/?screen=1"),
    # Co-building (issue 16): the three lists (needs, resources, projects) for the subdistrict and
    # the community, the API lists, the figures of a year for the subdistrict (a table per
    # community), the secretary's own community and the whole district; the unit contact's portal.
    ("street", "/cobuilding/needs/"),
    ("secretary", "/cobuilding/needs/"),
    ("street", "/cobuilding/resources/"),
    ("secretary", "/cobuilding/resources/"),
    ("street", "/cobuilding/projects/"),
    ("admin", "/cobuilding/projects/"),
    ("street", "/cobuilding/agreements/"),
    ("admin", "/api/v1/needs?limit=25"),
    ("admin", "/api/v1/projects?limit=25"),
    ("street", f"/cobuilding/figures/?{YEAR}"),
    ("secretary", f"/cobuilding/figures/?{YEAR}"),
    ("admin", f"/cobuilding/figures/?{YEAR}"),
    ("unit", "/unit/"),
]
# Pages another branch adds: timed when the server has them, reported as absent when it answers 404.
OPTIONAL = {"/councils/topics/"}


def resolved(path: str, opener: urllib.request.OpenerDirector, anonymous: urllib.request.OpenerDirector) -> str:
    """Placeholders found in the served data: the demo community's id (from the public decisions'
    list of communities) and the first topic of the signed-in user's list."""
    if "{community}" in path:
        page = anonymous.open(f"{BASE}/public/decisions/").read().decode()
        found = re.search(r'href="\?community=(\d+)"[^>]*><strong>同心社区<', page)
        path = path.replace("{community}", found.group(1) if found else "0")
    if path == "{topic}":
        page = opener.open(f"{BASE}/councils/topics/").read().decode()
        path = re.search(r'href="(/councils/topics/\d+/)"', page).group(1)
    return path


def main() -> None:
    anonymous = urllib.request.build_opener()
    health = median_ms(anonymous, "/healthz")
    openers: dict[str, urllib.request.OpenerDirector] = {}
    only = [p for p in os.environ.get("BENCH_ONLY", "").split(",") if p]
    print(f"scale={SCALE} rounds={ROUNDS}")
    print("| page | user | median ms | /healthz ms just before | × /healthz |\n|---|---|---|---|---|")
    print(f"| /healthz | — | {health:.1f} | {health:.1f} | 1.0 |")
    for user, path in CASES:
        # A prefix, or an exact path when it ends in "$" (`BENCH_ONLY='/$'` times the home pages only).
        shown = path.replace("{topic}", "/councils/topics/{topic}/")
        if only and not any(shown == p[:-1] if p.endswith("$") else shown.startswith(p) for p in only):
            continue
        opener = anonymous if user == ANONYMOUS else openers.setdefault(user, opener_for(user))
        path = resolved(path, opener, anonymous)
        if path in OPTIONAL and not present(opener, path):
            print(f"| {path} | {user} | absent (404) | — | — |")
            continue
        health = median_ms(anonymous, "/healthz")
        ms = median_ms(opener, path)
        print(f"| {path} | {user} | {ms:.1f} | {health:.1f} | {ms / health:.1f} |")


if __name__ == "__main__":
    main()
