"""Time pages and API lists beside /healthz in the same run; print ratios (median latency).

Loopback only; a bounded number of sequential requests per URL.
"""

from __future__ import annotations

import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

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


def median_ms(opener: urllib.request.OpenerDirector, path: str) -> float:
    opener.open(BASE + path).read()  # warm up
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = opener.open(BASE + path)
        response.read()
        assert response.status == 200 and "/accounts/login/" not in response.geturl(), path
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


CASES = [
    ("street", "/residents/"),
    ("street", "/residents/?q=zs"),
    ("street", "/households/"),
    ("street", "/members/"),
    ("street", "/areas/"),
    ("street", "/orgs/"),
    ("street", "/"),
    ("secretary", "/residents/?category=empty_nest"),
    ("grid1", "/residents/?q=zs"),
    ("admin", "/residents/"),
    ("admin", "/api/v1/residents?search=zs"),
    ("admin", "/api/v1/households"),
]


def main() -> None:
    anonymous = urllib.request.build_opener()
    health = median_ms(anonymous, "/healthz")
    openers: dict[str, urllib.request.OpenerDirector] = {}
    print(f"scale={SCALE} rounds={ROUNDS}")
    print(f"| page | user | median ms | × /healthz |\n|---|---|---|---|\n| /healthz | — | {health:.1f} | 1.0 |")
    for user, path in CASES:
        opener = openers.setdefault(user, opener_for(user))
        ms = median_ms(opener, path)
        print(f"| {path} | {user} | {ms:.1f} | {ms / health:.1f} |")


if __name__ == "__main__":
    main()
