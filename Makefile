# Everyday commands. `make test` is THE test command (scripts/test.sh); `make demo` runs the
# portal with demo data on http://127.0.0.1:8000/.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON := .venv/bin/python
CELERY := .venv/bin/celery
RUFF := .venv/bin/ruff
LINT_IMPORTS := .venv/bin/lint-imports
MYPY := .venv/bin/mypy

.PHONY: help setup demo test lint check worker beat

help:
	@echo "make setup    virtualenv, npm packages, front-end build, migrate, collectstatic"
	@echo "make demo     run the portal with demo data (embedded default) on 127.0.0.1:8000"
	@echo "make test     the whole suite: full stack, then embedded default (scripts/test.sh)"
	@echo "make lint     ruff check, ruff format --check, import contracts (layers), mypy"
	@echo "make check    Django system checks, missing migrations, production check --deploy"
	@echo "make worker   a Celery worker against the environment's broker"
	@echo "make beat     Celery beat against the environment's broker"

setup:
	scripts/setup.sh

demo:
	scripts/demo.sh

test:
	scripts/test.sh

# The layers (docs/adr/0012-layers.md): import-linter contracts and mypy, both configured in
# pyproject.toml.
lint:
	$(RUFF) check .
	$(RUFF) format --check .
	$(LINT_IMPORTS)
	$(MYPY)

# The production profile needs a real-looking SECRET_KEY: a fresh random one, used only here.
check:
	$(PYTHON) manage.py check
	$(PYTHON) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=send_portal.settings.production \
	SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	$(PYTHON) manage.py check --deploy --fail-level WARNING

worker:
	$(CELERY) -A send_portal worker --loglevel=INFO

beat:
	$(CELERY) -A send_portal beat --loglevel=INFO --schedule "$${SEND_PORTAL_VAR_DIR:-var}/celerybeat-schedule"
