# FLSE Feedback: `make run` serves the app, `make test` runs the suite. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
WEB_CONCURRENCY ?= 2
export WEB_CONCURRENCY

.PHONY: install run test test-postgres migrate lint bench clean

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# A random secret key kept in instance/ when SECRET_KEY is not set; never committed.
instance/secret_key:
	mkdir -p instance
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@

install: $(BIN)/.installed instance/secret_key

migrate: install
	$(FLASK) db upgrade

run: migrate
	$(FLASK) load-questionnaires
	$(FLASK) setup-link --base-url http://127.0.0.1:$(PORT)
	@echo "Serving on http://127.0.0.1:$(PORT) with $(WEB_CONCURRENCY) workers (Ctrl+C stops)"
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-false} $(BIN)/gunicorn \
		--bind 127.0.0.1:$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile - wsgi:app

test: install
	$(BIN)/python -m pytest

test-postgres: install
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1/test} $(BIN)/python -m pytest

lint: install
	$(BIN)/flake8 flse_feedback tests config.py wsgi.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
