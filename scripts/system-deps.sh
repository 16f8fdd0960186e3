#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing and we are root.
set -euo pipefail
# Not `grep -q`: it stops at the first match, the listing command then dies of SIGPIPE, and
# pipefail took that for "missing" (now and then: apt-get update and install on a ready machine).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
# WeasyPrint (certificates, printed forms) lays text out with Pango and subsets fonts with HarfBuzz.
ldconfig -p 2>/dev/null | grep "libpangoft2-1.0" >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep "libharfbuzz-subset" >/dev/null || need+=(libharfbuzz-subset0)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Please install: ${need[*]} (e.g. sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  echo "Installing ${need[*]} from Debian's packages…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-upgrade -qq "${need[@]}" >/dev/null
fi
# The cache tests count across processes on Redis too (REDIS_URL): start it when nothing answers.
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" >/dev/null
fi
