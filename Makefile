# Two commands on a fresh machine: `make run` and `make test`. Each makes its own virtual environment
# (.venv) on first use, so nothing needs installing by hand beyond Python 3.11+.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## Start Linli: on Telegram when LINLI_TELEGRAM_TOKEN is set, else a terminal chat on the demo community.
run: $(STAMP)
	$(BIN)/linli run

## The whole test suite (the PostgreSQL leg runs when a server answers on 127.0.0.1:5432).
test: $(STAMP)
	$(BIN)/python -m pytest

## Linters and type checks, as CI runs them.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Throughput: Linli against a bare python-telegram-bot echo bot on the same fake Bot API.
bench: $(STAMP)
	$(BIN)/python -m bench.throughput

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
