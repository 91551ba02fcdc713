# Set-up and main jobs. Needs only Python 3.11; uv is installed into .tools when absent.
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PARAMS ?= params/demo.yaml
PYTEST_ARGS ?=

.PHONY: setup report test lint clean

setup: .venv/.synced

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

report: setup
	.venv/bin/portfolio run $(PARAMS)

test: setup
	.venv/bin/python -m pytest $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff format --check portfolio tests
	.venv/bin/ruff check portfolio tests
	.venv/bin/mypy portfolio

clean:
	rm -rf .venv .tools reports/*/ demo-data
