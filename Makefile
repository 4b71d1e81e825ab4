# The targets are exactly what CI runs (.ci/run calls `make test`).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: demo test lint unit bench docs clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

## demo: install, build the fictional demo case and serve it in the web UI
demo: $(VENV)/.installed
	$(VENV)/bin/sabt demo

## test: install with dev extras, lint, run the whole test suite
test: $(VENV)/.installed-dev
	$(MAKE) lint
	$(MAKE) unit

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src/sabt/ledger src/sabt/events src/sabt/names src/sabt/estimate

unit: $(VENV)/.installed-dev
	$(PY) -m pytest -n auto --timeout 600

## bench: run the benchmarks (on demand; figures go in docs/benchmarks.md)
bench: $(VENV)/.installed-dev
	$(PY) -m bench

## docs: regenerate the generated parts of docs/ (CLI reference)
docs: $(VENV)/.installed-dev
	$(VENV)/bin/sabt docs cli > docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
