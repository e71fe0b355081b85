# Polku — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo dev worker serve worker-prod loadtest test test-sqlite test-postgres lint typecheck bench messages check-deploy clean

$(STAMP): requirements.lock pyproject.toml
	@scripts/ensure-system-packages
	@PYBIN=$$(scripts/find-python) && echo "Using $$PYBIN ($$($$PYBIN --version))" && \
	  { [ -x $(PY) ] || $$PYBIN -m venv $(VENV); }
	$(PY) -m pip install --quiet --requirement requirements.lock
	$(PY) -m pip install --quiet --no-deps --editable .
	@touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

locale/.compiled: $(STAMP) $(wildcard locale/*/LC_MESSAGES/django.po)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	@touch $@

.PHONY: deps
deps: $(STAMP) node_modules/.package-lock.json locale/.compiled

## Start Polku with demo data on SQLite at http://$(HOST):$(PORT), safe to show (DEBUG off)
demo: deps
	DJANGO_ENV=demo $(PY) manage.py migrate --noinput -v 0
	DJANGO_ENV=demo $(PY) manage.py load_demo --url http://$(HOST):$(PORT)/
	DJANGO_ENV=demo POLKU_BASE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

## The same for developers, with DEBUG on (Django's technical error pages): not for users
dev: deps
	DJANGO_ENV=development $(PY) manage.py migrate --noinput -v 0
	DJANGO_ENV=development $(PY) manage.py runserver $(HOST):$(PORT)

## The background worker for development (django.tasks); without the autoreloader, so stopping
## it stops it (under the reloader a killed parent left its child running tasks)
worker: deps
	DJANGO_ENV=development $(PY) manage.py db_worker --no-reload

## Polku on gunicorn with the production settings (DEBUG off), as each application server runs
## it: set the environment first (docs/deploy.md, "Settings"). WEB_WORKERS processes (default 4)
## at $(HOST):$(PORT), behind the TLS proxy; the static files are collected first.
WEB_WORKERS ?= 4
serve: deps
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput -v 0
	DJANGO_ENV=production $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) \
	  --workers $(WEB_WORKERS) --timeout 120 --graceful-timeout 30

## The task worker with the production settings (the same environment as `make serve`); run
## two or more, on any machines, under a process supervisor
worker-prod: deps
	DJANGO_ENV=production $(PY) manage.py db_worker --no-reload

## The load test (loadtest/README.md) against a running `make serve`: simulated professionals
## with think time; prints page, requests, p50, p95, failures and the load average
loadtest: deps
	$(PY) -m pip install --quiet --requirement loadtest/requirements.txt
	$(PY) loadtest/run.py

## The whole test suite: SQLite (with browser tests), then PostgreSQL
test: deps
	@scripts/run-tests

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: deps
	$(VENV)/bin/mypy polku config rules

## Regenerate translation catalogues after changing interface text
messages: deps
	for l in fi sv en; do $(PY) manage.py makemessages -l $$l --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete -v 0; done

check-deploy: deps
	DJANGO_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  POLKU_DATA_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=polku.example.fi \
	  POLKU_AUDIT_KEY=$$(head -c 48 /dev/urandom | base64) POLKU_BASE_URL=https://polku.example.fi \
	  POLKU_REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=sqlite:////tmp/polku-check.sqlite3 \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench: deps
	$(PY) -m polku.benchmarks
	$(PY) -m polku.benchmarks.ptv_sync 10000

clean:
	rm -rf $(VENV) node_modules locale/.compiled db.sqlite3
