# FLSE Feedback: `make run` serves the app, `make test` runs the suite. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
WEB_CONCURRENCY ?= 2
export WEB_CONCURRENCY

.PHONY: install run test test-postgres migrate lint security lock clean

# constraints.txt pins every package to the versions CI tested; `make lock` refreshes it.
$(BIN)/.installed: setup.cfg pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# A random secret key kept in instance/ when SECRET_KEY is not set; never committed.
instance/secret_key:
	mkdir -p instance
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@

# axe-core and the Nu HTML checker for the browser tests. Without npm those tests skip
# (except under CI=true, where .ci/run provides everything and a missing tool fails them).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser tests will be skipped"; fi

install: $(BIN)/.installed instance/secret_key node_modules/.installed

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

# Static security checks; accepted findings are marked `# nosec <id>` with a reason (README).
security: install
	$(BIN)/bandit -q -r flse_feedback config.py wsgi.py

# Re-resolve the dependency ranges in setup.cfg in a scratch venv and pin the result.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable --all \
		| grep -v -E '^(pip|setuptools|wheel)==' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
