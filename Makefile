# Samenveilig: `make run` serves the app, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app app

.PHONY: run test install install-dev migrate bench clean translations compile-translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

TRANSLATIONS := samenveilig/translations
POT := $(TRANSLATIONS)/messages.pot

## translations: extract the family's texts into the .pot and update every language's .po
translations: install
	$(BIN)/pybabel --quiet extract --mapping-file babel.cfg --no-location --sort-output --ignore-dirs ".*" \
		--keywords N_ --keywords both \
		--output-file $(POT) samenveilig
	$(BIN)/pybabel --quiet update --input-file $(POT) --output-dir $(TRANSLATIONS) \
		--no-fuzzy-matching --ignore-obsolete

## compile-translations: the .mo files the app reads (made from the committed .po files)
compile-translations: install
	$(BIN)/pybabel --quiet compile --statistics --directory $(TRANSLATIONS)

## migrate: apply the database migrations (SQLite in instance/ unless SAMENVEILIG_DATABASE_URL is set)
migrate: install compile-translations
	$(FLASK) db upgrade

## run: install, migrate, seed the demo team on an empty database, serve on http://127.0.0.1:$(PORT)
## with the PDF worker beside gunicorn (scripts/serve; Ctrl+C stops both)
run: migrate
	@$(FLASK) seed-demo --if-empty --base-url http://127.0.0.1:$(PORT)
	@echo "Samenveilig draait op http://127.0.0.1:$(PORT)  (stoppen: Ctrl+C)"
	@# Plain http on this machine only, so the session cookie may not demand https here.
	SAMENVEILIG_SESSION_COOKIE_SECURE=false PORT=$(PORT) BIN=$(BIN) exec scripts/serve

## test: install the test tools, make sure Chromium is there, run every test (SQLite and PostgreSQL)
## in TEST_WORKERS processes (2: most tests wait on a browser, a server or a database), each
## taking whole test files, so a file's shared browser and servers start once
TEST_WORKERS ?= 2
test: install-dev compile-translations
	@scripts/ensure-chromium
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## bench: the live-sync latency benchmark, the agency day on SQLite and PostgreSQL and the throttled phone (prints figures)
bench: install-dev
	@scripts/ensure-chromium
	$(BIN)/python bench/live_latency.py
	$(BIN)/python bench/agency_day.py
	$(BIN)/python bench/phone.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
