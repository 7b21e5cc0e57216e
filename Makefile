# Bridgework — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := app:create_app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install migrate seed serve bench clean

$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm install --no-audit --no-fund --silent
	touch $(STAMP)

install: $(STAMP)

migrate: install
	BRIDGEWORK_ENV=$${BRIDGEWORK_ENV:-development} $(BIN)/flask db upgrade

seed: migrate
	BRIDGEWORK_ENV=$${BRIDGEWORK_ENV:-development} $(BIN)/flask seed-demo

## make run: install, migrate, seed the demo, serve on http://127.0.0.1:5000 with one worker (bin/run-dev; Ctrl-C stops both)
run: seed
	BRIDGEWORK_ENV=$${BRIDGEWORK_ENV:-development} SERVER_BASE_URL=$${SERVER_BASE_URL:-http://$(HOST):$(PORT)} \
		BIN=$(BIN) HOST=$(HOST) PORT=$(PORT) bin/run-dev

## make test: install, check the architecture's import contracts, run every test (TEST_DATABASE_URL selects PostgreSQL)
test: install
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make bench: pages and jobs at demo and national scale, the task queue (bench/queue_bench.py), then the load test (BENCH_ARGS="--quick --skip-load --skip-queue")
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache
