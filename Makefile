# p2g — the two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser-tools messages migrate demo run test lint deploy-check bench bench-portal clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Hebrew catalogue, compiled from locale/he (the .mo files are not kept in git).
messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: messages
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py seed_demo

# Embedded defaults: SQLite in var/, a file-system broker, emails written to var/emails/.
run: export DJANGO_DEBUG ?= 1
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ — demo logins are printed above."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: messages browser-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# What the browser tests drive: Debian's Chromium (Playwright never downloads a browser here)
# and axe-core from npm for the WCAG 2.1 AA checks.
browser-tools: node_modules/.package-lock.json
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# `manage.py check --deploy` with the production variables of deploy/production.env.
deploy-check: install
	set -a && source deploy/production.env && set +a && $(PY) manage.py check --deploy --fail-level WARNING

# Benchmarks on full-scale demo data (needs PostgreSQL; see README).
bench: install
	$(PY) bench/bench_seed.py

# Portal pages on full-scale demo data: p95 against a trivial signed-in page, query counts (see README).
bench-portal: install
	$(PY) bench/bench_portal.py

# Dashboards on full-scale demo data: warm p95 against a trivial signed-in page, cold p50, query counts.
.PHONY: bench-dashboard
bench-dashboard: install
	$(PY) bench/bench_dashboard.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache node_modules
