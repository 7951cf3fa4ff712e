# Everything runs in .venv, created on first use from PyPI; nothing else is needed
# beyond Python 3.11+, pip and make, and for `make test` PostgreSQL's server binaries
# and Debian's chromium (for the browser tests), which scripts/ensure_postgres.sh and
# scripts/ensure_chromium.sh install with apt-get when they are missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PLUGINS := $(dir $(wildcard plugins/*/pyproject.toml))

.PHONY: setup demo test docs bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]" $(foreach p,$(PLUGINS),-e $(p))
	touch $(STAMP)

demo: $(STAMP)  ## the main job: a MEDiC cohort's year through the mentorcore command
	$(BIN)/mentorcore demo medic --out out/demo

test: $(STAMP)  ## the whole suite (on a real PostgreSQL too, installed if missing), then lint and type checks
	sh scripts/ensure_postgres.sh
	sh scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check src plugins tests examples benchmarks scripts docs
	$(BIN)/mypy

docs: $(STAMP)  ## the documentation site, built strictly (any warning fails) into site/
	NO_MKDOCS_2_WARNING=1 MENTORCORE_LANG=en $(BIN)/mkdocs build --strict

bench: $(STAMP)  ## engine against a bare pipeline (~1.5 min), growth with size (~4 min), sealing's cost (~1 min), mail delivery against the due actions (~1 min), PostgreSQL against SQLite (~2.5 min)
	$(BIN)/python benchmarks/engine_bench.py
	$(BIN)/python benchmarks/scale_bench.py
	$(BIN)/python benchmarks/privacy_bench.py
	$(BIN)/python benchmarks/delivery_bench.py
	sh scripts/ensure_postgres.sh
	$(BIN)/python benchmarks/postgres_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis site
