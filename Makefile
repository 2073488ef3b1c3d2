# p2g — the two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the embedded defaults keep their state (the settings' P2G_VAR_DIR).
VAR_DIR := $(or $(P2G_VAR_DIR),var)
BEAT_SCHEDULER := django_celery_beat.schedulers:DatabaseScheduler

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
# Beside the site, one Celery process is the worker and beat (reminders and notifications, on
# django-celery-beat's schedules); it logs to var/celery.log and is stopped when runserver stops.
run: export DJANGO_DEBUG ?= 1
run: demo
	@mkdir -p $(VAR_DIR)
	@$(VENV)/bin/celery -A p2g worker --beat --scheduler=$(BEAT_SCHEDULER) --concurrency=1 --loglevel=INFO \
		>>$(VAR_DIR)/celery.log 2>&1 & celery_pid=$$!; \
	trap 'kill $$celery_pid 2>/dev/null; wait $$celery_pid 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	echo "Worker and beat running (PID $$celery_pid; log: $(VAR_DIR)/celery.log); emails land in" \
		"$(if $(EMAIL_URL),the SMTP server of EMAIL_URL,$(VAR_DIR)/emails/)."; \
	echo "Serving on http://$(HOST):$(PORT)/ — demo logins are printed above."; \
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

# Pages of new communities and collective impact (pipeline, tracks, forums, measurement, partners).
.PHONY: bench-impact
bench-impact: messages
	$(PY) bench/bench_impact.py $(BENCH_ARGS)

# 10,000 shift reminders end to end (a Celery worker on a private Redis, PostgreSQL, an aiosmtpd server)
# against the same messages through a plain smtplib loop: both rates and their ratio (target >= 0.6).
# Compiles the Hebrew catalogue first: half the reminders render in Hebrew. BENCH_ARGS=--strict to fail.
.PHONY: bench-reminders
bench-reminders: messages
	$(PY) bench/bench_reminders.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache node_modules
