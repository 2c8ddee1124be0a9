# Two commands on a fresh machine: `make run` and `make test`. Each makes its own virtual environment
# (.venv) on first use, so nothing needs installing by hand beyond Python 3.11+.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
CHROMIUM ?= /usr/bin/chromium
CJK_FONT ?= /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

.PHONY: run test lint bench clean lock

# The exact versions CI tested (requirements.lock), then Linli itself on top without resolving again.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Refresh requirements.lock after changing pyproject's dependencies (pins kept where they still fit;
## `make lock LOCK_ARGS=--upgrade` moves everything to the newest versions within the ranges).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  $(LOCK_ARGS) --output-file $(LOCK) pyproject.toml

## Start Linli: on Telegram when LINLI_TELEGRAM_TOKEN is set, else a terminal chat on the demo community.
run: $(STAMP) $(CJK_FONT)
	$(BIN)/linli run

## The whole test suite (the PostgreSQL leg runs when a server answers on 127.0.0.1:5432; the browser
## tests drive Debian's chromium, installed here when missing; the charts and posters draw Chinese in wqy-zenhei).
test: $(STAMP) $(CHROMIUM) $(CJK_FONT)
	$(BIN)/python -m pytest

## Debian's chromium for the browser tests (Playwright drives it; no downloaded browser builds), with Chinese
## and emoji fonts so the screenshots they keep are legible.
## Without root or apt the browser tests are skipped, except under CI=true where they fail.
$(CHROMIUM):
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get install -y -q chromium fonts-wqy-zenhei fonts-noto-color-emoji >/dev/null 2>&1 || \
	  (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium fonts-wqy-zenhei fonts-noto-color-emoji >/dev/null 2>&1) || \
	  echo "could not install chromium: browser tests will be skipped"; \
	else echo "no chromium and no root apt-get: browser tests will be skipped"; fi

## A font with Chinese for what Linli draws itself (the QR posters), from Debian where we may install it.
## Without root or apt: posters say which font to install (or set LINLI_CJK_FONT); everything else works.
$(CJK_FONT):
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y -q fonts-wqy-zenhei >/dev/null 2>&1 || \
	  (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q fonts-wqy-zenhei >/dev/null 2>&1) || \
	  echo "could not install fonts-wqy-zenhei: QR posters need a Chinese font (LINLI_CJK_FONT)"; \
	else echo "no Chinese font and no root apt-get: QR posters need one (fonts-wqy-zenhei, or LINLI_CJK_FONT)"; fi

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
