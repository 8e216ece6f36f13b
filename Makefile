# Passend — the two commands: `make run` (the system with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export DJANGO_SETTINGS_MODULE ?= passend.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres lint format bench e2e messages clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## run: install, migrate the embedded SQLite database, load reference and demo data, serve.
run: install
	mkdir -p var
	$(BIN)/passend migrate --no-input
	$(BIN)/passend load_reference_data
	$(BIN)/passend load_demo_data
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/passend runserver --noreload $(HOST):$(PORT)

## lint: ruff lint and format check.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## test: lint + the whole test suite (SQLite; browser tests run when Chromium is installed).
test: lint
	DJANGO_SETTINGS_MODULE=passend.settings.test $(BIN)/pytest

## test-postgres: the same suite against PostgreSQL (PASSEND_DATABASE_URL must point at it).
test-postgres: install
	@test -n "$$PASSEND_DATABASE_URL" || (echo "set PASSEND_DATABASE_URL=postgres://..." && exit 2)
	DJANGO_SETTINGS_MODULE=passend.settings.test $(BIN)/pytest

## bench: performance benchmarks; results are recorded in docs/benchmarks.md.
bench: install
	$(BIN)/python bench/run.py

## messages: refresh the translation catalogues and compile them (needs GNU gettext).
messages: install
	cd src/passend && ../../$(BIN)/passend makemessages -l nl -l en --no-wrap --ignore "*/tests/*"
	cd src/passend && ../../$(BIN)/passend compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
