# Triangulate — every set-up step lives here so that a fresh machine needs only
# Python 3.11+ and Node 18+.  `make help` lists the targets.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
UV := $(BIN)/uv
STATIC_VENDOR := triangulate/static/vendor
RUN_SETTINGS := triangulate.config.settings.local
DEMO_CHILDREN ?= 600
DEMO_SEED ?= 20131
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help run test test-browser test-spark check-runtime check-serve check-worker lint format check-imports demo bench clean install install-dev assets

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}'

$(VENV)/.bootstrap: requirements/bootstrap.txt
	$(PYTHON) -c 'import sys; sys.exit("Triangulate needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bootstrap.txt
	touch $@

$(VENV)/.base: $(VENV)/.bootstrap requirements/base.txt pyproject.toml
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements/base.txt
	$(UV) pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.base ## Install the locked runtime dependencies into .venv
install-dev: $(VENV)/.dev ## Install the locked runtime and test dependencies into .venv

# MOJ Frontend's stylesheet asks for its icons under /assets/images: they are served with
# GOV.UK Frontend's assets (WHITENOISE_ROOT), without replacing any of GOV.UK's.
$(STATIC_VENDOR)/.npm: package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --silent
	rm -rf $(STATIC_VENDOR) && mkdir -p $(STATIC_VENDOR)/govuk $(STATIC_VENDOR)/htmx
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC_VENDOR)/govuk/
	# The source maps the minified files name, so that production's collectstatic finds them.
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css.map node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map $(STATIC_VENDOR)/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets $(STATIC_VENDOR)/govuk/assets
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC_VENDOR)/htmx/
	mkdir -p $(STATIC_VENDOR)/cytoscape
	cp node_modules/cytoscape/dist/cytoscape.min.js $(STATIC_VENDOR)/cytoscape/
	mkdir -p $(STATIC_VENDOR)/moj
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js $(STATIC_VENDOR)/moj/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css.map node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js.map $(STATIC_VENDOR)/moj/
	cp -n node_modules/@ministryofjustice/frontend/moj/assets/images/* $(STATIC_VENDOR)/govuk/assets/images/
	touch $@

assets: $(STATIC_VENDOR)/.npm ## Copy GOV.UK Frontend, MOJ Frontend, htmx and Cytoscape.js from npm into static files

run: $(VENV)/.base $(STATIC_VENDOR)/.npm ## Start Triangulate on http://127.0.0.1:8000 with the demo borough
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py migrate --noinput -v 0
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py demo_borough --if-empty --children $(DEMO_CHILDREN) --seed $(DEMO_SEED)
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py demo_signins
	@echo "Starting the web server and a background worker (Ctrl-C stops both)."
	@DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py runserver 127.0.0.1:8000 --noreload

demo: $(VENV)/.base ## Rebuild the demo database from scratch
	rm -f var/triangulate.sqlite3
	$(MAKE) --no-print-directory run

test: $(VENV)/.dev $(STATIC_VENDOR)/.npm ## Lint, check layering and run the whole suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(PY) -m triangulate.core.lint_personal_data
	$(PY) .ci/dead_code.py
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=triangulate.config.settings.test $(PY) manage.py makemigrations --check --dry-run -v 0
	$(PY) -m pytest -m "not browser and not spark" -q -p no:cacheprovider; rc=$$?; if [ $$rc -eq 5 ]; then echo "No tests were collected: failing loudly." >&2; exit 1; fi; exit $$rc

test-browser: $(VENV)/.dev $(STATIC_VENDOR)/.npm ## Run the browser suite in Debian's Chromium (axe on every page)
	@test -x $(CHROMIUM) || { echo "Chromium not found at $(CHROMIUM): apt-get install -y chromium" >&2; exit 1; }
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -m browser -q -p no:cacheprovider; rc=$$?; if [ $$rc -eq 5 ]; then echo "No browser tests were collected: failing loudly." >&2; exit 1; fi; exit $$rc

test-spark: $(VENV)/.dev ## Run the Splink-on-Spark tests (needs Java 17: apt-get install -y openjdk-17-jre-headless)
	$(PY) -m pytest -m spark -q -p no:cacheprovider; rc=$$?; if [ $$rc -eq 5 ]; then echo "No Spark tests were collected: failing loudly." >&2; exit 1; fi; exit $$rc

check-serve: $(VENV)/.base $(STATIC_VENDOR)/.npm ## Serve with gunicorn and the production settings on PostgreSQL, sign in and load the core pages
	PY=$(PY) .ci/serve-check

check-worker: $(VENV)/.base ## Kill the background worker during a linkage run; a new worker must fail that run with a reason and finish the next
	PY=$(PY) .ci/worker-check

check-runtime: ## Install the runtime lock alone into a fresh environment; run the demo, its linkage run and `triangulate link`
	PYTHON=$(PYTHON) .ci/check-runtime

lint: $(VENV)/.dev ## ruff lint, format check and import contracts
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports --no-cache

format: $(VENV)/.dev ## Format the code with ruff
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(VENV)/.dev ## List the benchmarks, or run one with BENCH="name args" (see docs/benchmarks.md)
	$(PY) -m bench $(BENCH)

clean: ## Remove the virtual environment, node modules, copied assets and local data
	rm -rf $(VENV) node_modules $(STATIC_VENDOR) var
