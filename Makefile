# Brescia Città del Noi — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= citta_del_noi.settings.dev

.PHONY: run test install requirements db demo worker lint typecheck check messages clean bench

requirements:
	@$(PYTHON) scripts/check_requirements.py

$(STAMP): pyproject.toml constraints.txt
	@$(MAKE) --no-print-directory requirements
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

db: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference

demo: db
	$(PY) manage.py seed_demo
	$(PY) manage.py refresh_search_vocabulary

## make run: install, migrate, load reference and demo data, serve on http://127.0.0.1:8000 with a Celery worker.
run: demo
	@$(PY) scripts/print_demo_accounts.py
	@bash scripts/run_local.sh $(HOST) $(PORT)

## make test: the whole suite (PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set).
test: install
	DJANGO_SETTINGS_MODULE=citta_del_noi.settings.test $(BIN)/pytest $(PYTEST_ARGS)

## make bench RECORDS=N: every page at N activity records (default 1,000,000) on the PostgreSQL of
## DATABASE_URL, seeded once; gunicorn with the production settings; exits 1 when a page misses a limit.
RECORDS ?= 1000000
bench: install
	@test -n "$$DATABASE_URL" || { echo "make bench: imposta DATABASE_URL=postgres://…"; exit 2; }
	command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || true
	$(PY) bench/pages/run.py --records $(RECORDS) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

messages: install
	$(PY) manage.py makemessages -l it -l en --ignore=.venv --ignore=var --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var
