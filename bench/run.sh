#!/usr/bin/env bash
# Seed a district-scale database (once), serve it with gunicorn, time pages beside /healthz.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-district}
export DEMO_MODE=1 DEBUG=0 SECURE_SSL=0 VAR_DIR=${VAR_DIR:-var/bench-$SCALE}
export DATABASE_URL=${BENCH_DATABASE_URL:-sqlite:///$PWD/$VAR_DIR/tongxin.sqlite3}
mkdir -p "$VAR_DIR"
uv run --frozen python manage.py migrate --noinput -v 0
uv run --frozen python manage.py createcachetable
uv run --frozen python manage.py collectstatic --noinput -v 0
/usr/bin/time -f "seed_demo --scale $SCALE --if-empty: %e s, %M KB" \
  uv run --frozen python manage.py seed_demo --scale "$SCALE" --if-empty
PORT=${PORT:-8765}
PIDFILE="$VAR_DIR/gunicorn.pid"
uv run --frozen gunicorn tongxin.wsgi --workers 2 --bind 127.0.0.1:$PORT --log-level warning --pid "$PIDFILE" &
# Stop gunicorn itself (not just `uv run`) whatever happens to the measurement.
trap 'kill "$(cat "$PIDFILE" 2>/dev/null)" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
# MODE=throughput: requests per second under wrk (8 connections) instead of sequential medians.
if [ "${MODE:-median}" = throughput ]; then
  uv run --frozen python bench/throughput.py "http://127.0.0.1:$PORT" "$SCALE"
else
  uv run --frozen python bench/measure.py "http://127.0.0.1:$PORT" "$SCALE"
fi
