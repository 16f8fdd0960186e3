# Tongxin: `make demo` to try it, `make test` to check it.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := $(UV) run --frozen python
DEMO_ENV := DEMO_MODE=1 DEBUG=0 SECURE_SSL=0
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve setup uv deps assets test test-postgres test-browser lint fmt messages check-messages bench system-deps clean

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --user --quiet uv

deps: uv
	$(UV) sync --frozen

assets:
	@test node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund

setup: deps assets

# `make demo` writes a .env with DEMO_MODE=1 (never over an existing one), so that the
# README's commands work afterwards without typing DEMO_MODE=1.
demo: setup
	$(PY) scripts/demo_env.py
	mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(DEMO_ENV) $(PY) manage.py seed_demo --if-empty
	@$(DEMO_ENV) $(PY) manage.py demo_accounts
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# What the tests need from Debian: Chromium for browser tests, gettext for messages, CJK fonts.
system-deps:
	@bash scripts/system-deps.sh

# --durations=20: the 20 slowest tests, so that a slow one is seen when it comes.
test: setup system-deps
	$(UV) run --frozen pytest -q -n 2 --dist loadgroup --durations=20

test-postgres: setup system-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tongxin} $(UV) run --frozen pytest -q -n 2 --dist loadgroup --durations=20

lint: deps
	mkdir -p var
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	DEMO_MODE=1 $(UV) run --frozen mypy
	DEMO_MODE=1 $(PY) manage.py makemigrations --check --dry-run

fmt: deps
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

messages: deps
	DEMO_MODE=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=node_modules --ignore=.venv --ignore=var
	DEMO_MODE=1 $(PY) manage.py compilemessages -l zh_Hans --ignore=node_modules --ignore=.venv

bench: setup
	bash bench/run.sh

clean:
	rm -rf var test-artifacts
