# Two commands for a fresh machine (Python 3.11+): `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
# torch is pinned to the CPU build (2.13.0); an unpinned torch would pull a multi-GB CUDA build.
TORCH  := torch==2.13.0

.PHONY: run test test-fast lint bench load screenshots system-deps clean help

help:
	@echo "make run    - set up .venv and start the web app on http://127.0.0.1:7860"
	@echo "make test   - set up .venv with the dev extra and run lint + the whole test suite"
	@echo "make test-fast - lint + the tests that load no model, Chroma or browser and start no process"
	@echo "make bench  - retrieval/answer evaluation and latency figures (writes eval/results.md), web timings"
	@echo "make load   - load test: one app on SQLite, then 2 instances on PostgreSQL + a Chroma server"
	@echo "make screenshots - retake docs/*.png"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q "$(TORCH)" -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -q "$(TORCH)" -e ".[dev]"
	touch $@ $(VENV)/.installed

# Browser tests drive Debian's chromium with Playwright (no browser download is possible offline);
# PDF exports use DejaVu Sans for non-Latin text; the state store's tests start a PostgreSQL server of their
# own (initdb + pg_ctl from /usr/lib/postgresql/*/bin, run as the postgres user when root). Installed with
# apt when missing (needs root).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/dejavu ] \
	    || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-dejavu-core postgresql >/dev/null; \
	  else echo "warning: install chromium, fonts-dejavu-core and postgresql (apt) for the browser and state tests"; fi; \
	fi

run: $(VENV)/.installed
	$(BIN)/python app.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check assistant tests eval app.py docs

test: $(VENV)/.installed-dev system-deps lint
	$(BIN)/python -m pytest -q

test-fast: $(VENV)/.installed-dev lint
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(VENV)/.installed-dev system-deps
	$(BIN)/assistant eval
	$(BIN)/python eval/webtiming.py

# one app on SQLite (anonymous sessions, then 50 logged-in users), then the same 50 users on 2 app
# instances sharing PostgreSQL and a Chroma server (needs the postgresql package: see system-deps)
load: $(VENV)/.installed-dev system-deps
	$(BIN)/python eval/load.py
	$(BIN)/python eval/load_instances.py --instances 1 --database sqlite
	$(BIN)/python eval/load_instances.py --instances 2 --database postgresql

screenshots: $(VENV)/.installed-dev system-deps
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf .assistant-data .pytest_cache .ruff_cache
