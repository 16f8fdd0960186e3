"""Requests per second under load, each page beside /healthz measured just before it.

`MODE=throughput bash bench/run.sh` (or `python bench/throughput.py BASE SCALE`): wrk with
8 connections for THROUGHPUT_SECONDS (default 10) per URL, on loopback only. Signed-in pages
send the demo account's session cookie; each one is first fetched once to check that it
answers 200 (wrk counts a redirect to the sign-in page as a success) and again after its run
(the session is still good). The figure to compare between runs is the ratio to /healthz, not
req/s: the machine is shared.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request

from measure import BASE, SCALE, opener_for, timed_ms

SECONDS = int(os.environ.get("THROUGHPUT_SECONDS", "10"))
CONNECTIONS = 8
WRK = shutil.which("wrk") or "/usr/bin/wrk"


def requests_per_second(path: str, cookie: str | None = None) -> float:
    headers = ["-H", f"Cookie: sessionid={cookie}"] if cookie else []
    command = [WRK, "-t", "2", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", *headers, BASE + path]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=SECONDS + 60).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert not bad, f"{path}: {bad.group(1)} error responses\n{out}"
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def session_of(opener: urllib.request.OpenerDirector) -> str:
    processor = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
    return next(c.value for c in processor.cookiejar if c.name == "sessionid")


def a_case_page(opener: urllib.request.OpenerDirector) -> str:
    """The first case of the user's "all" queue (a closed case with its whole history)."""
    page = opener.open(BASE + "/cases/?queue=all").read().decode()
    return re.search(r'href="(/cases/\d+/)"', page).group(1)


def main() -> None:
    anonymous = urllib.request.build_opener()
    street = opener_for("street")
    pages = [
        ("street", "/cases/"),
        ("street", "/cases/?queue=all"),
        ("street", a_case_page(street)),
        ("street", "/api/v1/cases?limit=25"),
    ]
    only = [p for p in os.environ.get("BENCH_ONLY", "").split(",") if p]
    print(f"scale={SCALE} wrk: {CONNECTIONS} connections, {SECONDS} s per URL")
    print("| page | user | req/s | /healthz req/s just before | ÷ /healthz |\n|---|---|---|---|---|")
    for user, path in pages:
        if only and not any(path.startswith(prefix) for prefix in only):
            continue
        opener = street if user == "street" else opener_for(user)
        cookie = session_of(opener)
        timed_ms(anonymous, "/healthz")
        health = requests_per_second("/healthz")
        timed_ms(opener, path)  # answers 200, signed in
        rate = requests_per_second(path, cookie)
        timed_ms(opener, path)  # still signed in after the run
        print(f"| {path} | {user} | {rate:.0f} | {health:.0f} | 1/{health / rate:.0f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
