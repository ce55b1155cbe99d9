# The two commands: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install install-dev system-deps check lint migrate demo serve worker beat

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here);
# gettext compiles the translations.
system-deps:
	@{ test -x /usr/bin/chromium && command -v msgfmt >/dev/null; } || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-liberation gettext; }

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo

serve:
	$(MANAGE) runserver 127.0.0.1:8000

run: demo serve

check: install-dev
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m django compilemessages --ignore=.venv -v0

# Code and templates are checked as they are written: ruff's lint and format, djhtml's indentation.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

test: install-dev system-deps check lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Production-like processes (need CELERY_BROKER_URL).
# Without DJANGO_SETTINGS_MODULE, Celery loads the production settings; here the development ones unless told.
worker: install
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.dev} $(BIN)/celery -A cms worker --loglevel=INFO

beat: install
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.dev} $(BIN)/celery -A cms beat --loglevel=INFO
