# Forum: `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
# `make run` and the benchmarks run on this computer: the development secret key is accepted here only
export FORUM_ENV ?= development

.PHONY: run test test-fast lint bench install install-dev clean messages

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## serve the app with Socket.IO (gevent) and the demo data, on SQLite in instance/
run: $(VENV)/.runtime
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask forum demo
	$(BIN)/python -m forum.serve

## the whole suite (browser and PostgreSQL tests included), after the linter and the format check
test: lint
	$(BIN)/python -m pytest

## ruff: lint (pyflakes, pycodestyle, lines of at most 120 characters) and format check (ruff.toml)
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## the fast tests only, while working
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not browser and not postgres and not slow"

clean:
	rm -rf $(VENV) .pytest_cache

## extract the strings to translate and update the catalogues
messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k plural:1,2 --sort-output -o /tmp/forum-messages.pot .
	$(BIN)/pybabel update -i /tmp/forum-messages.pot -d forum/translations --no-fuzzy-matching --ignore-obsolete

## benchmarks: figures printed and appended to docs/performance.md
bench: $(VENV)/.dev
	$(BIN)/python bench/registration_rush.py --write
	$(BIN)/python bench/exports_bench.py --write
	$(BIN)/python bench/certificates_bench.py --write
	$(BIN)/python bench/fanout_board.py --write
	$(BIN)/python bench/plenary_room.py --write
	$(BIN)/python bench/board_client.py --write
	$(BIN)/python bench/lighthouse_pages.py --write
	$(BIN)/python bench/worker_board.py --write
