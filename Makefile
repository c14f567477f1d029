# kg — developer tasks. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install system-deps lint test demo

install:
	$(PIP) install --quiet -e ".[dev]"

# Headless Chromium for the browser test (Debian packages; never `playwright install`).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver; }

lint:
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m mypy
	lint-imports

test: system-deps install lint
	$(PYTHON) -m pytest -q

demo:
	$(PIP) install --quiet . && kg build examples --out out
