# Local tasks. Everything runs through .venv, which `make venv` keeps in step with requirements.txt.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: venv run test lint check messages bench clean
.DEFAULT_GOAL := venv

venv: $(VENV)/.installed

# The stamp is newer than requirements.txt once the install succeeded; reinstall when it is not.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -r requirements.txt
	touch $@

# Local trial on the SQLite default (var/db.sqlite3), whatever DATABASE_URL the shell has.
run: venv
	env -u DATABASE_URL $(PY) manage.py migrate --noinput
	env -u DATABASE_URL $(PY) manage.py load_demo
	env -u DATABASE_URL $(PY) manage.py runserver 127.0.0.1:8000

# Tests start a throwaway PostgreSQL unless DATABASE_URL is set (tests/postgres.py).
# `python -m pytest` puts the repo root on sys.path, which `-p tests.postgres` needs.
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff (lint and format) and the import contracts of pyproject.toml (the layering).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The reading path side by side at scale 0.1 and 1.0, and a load test (not a test; ~10 min).
bench: venv
	$(PY) tests/benchmarks/bench_speed.py $(BENCH_ARGS)

check: venv
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

messages: venv
	$(PY) manage.py makemessages -l de --ignore=$(VENV)
	$(PY) manage.py compilemessages --ignore=$(VENV)

clean:
	rm -rf $(VENV) var/ staticfiles/
