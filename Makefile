# The everyday verbs. `make help` lists them; `make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PY_SOURCES := generator benchmarks tests templates/python/runtime templates/tests generated/python generated/tests

.DEFAULT_GOAL := help
.PHONY: help venv generate check lint format typecheck test test-ts ts-build serve bench all clean

help: ## list the verbs
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml generated/python/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' -e generated/python
	touch $@

venv: $(STAMP) ## create .venv with hubgen (.venv/bin/hubgen) and the generated hub_sdk

generate: venv ## regenerate generated/ from specs/ and templates/
	$(BIN)/hubgen generate

check: venv ## specs lint clean and generated/ up to date
	$(BIN)/hubgen lint
	$(BIN)/hubgen generate --check

lint: venv ## ruff and black on all Python, generated included
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/black --check --quiet $(PY_SOURCES)

typecheck: venv ## mypy --strict on the generator, the generated SDK and its contract tests
	$(BIN)/mypy generator generated/tests
	cd generated/python && ../../$(BIN)/mypy --config-file ../../pyproject.toml --cache-dir ../../.mypy_cache hub_sdk
	cd generated/python && ../../$(BIN)/python -m mypy.stubtest --mypy-config-file ../../pyproject.toml hub_sdk._runtime._resources

format: venv ## apply ruff's fixes and black to hand-written Python
	$(BIN)/ruff check --fix generator benchmarks tests templates/python/runtime templates/tests
	$(BIN)/black --quiet generator benchmarks tests templates/python/runtime templates/tests

test: check lint typecheck test-ts ## everything CI runs: checks, lint, types, both test suites
	$(BIN)/pytest

# The TypeScript SDK is built outside generated/ (the writer replaces that tree whole):
# its sources are copied into .ts-build/, npm ci installs the pinned tsc from the
# committed lock file (again only when the lock file changes), then `npm run build`.
TS_BUILD := .ts-build
$(TS_BUILD)/node_modules/.installed: generated/typescript/package-lock.json
	mkdir -p $(TS_BUILD)
	cp generated/typescript/package.json generated/typescript/package-lock.json $(TS_BUILD)/
	cd $(TS_BUILD) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

ts-build: venv $(TS_BUILD)/node_modules/.installed ## build generated/typescript into .ts-build/ (tsc, ESM + CJS)
	rm -rf $(TS_BUILD)/src $(TS_BUILD)/scripts $(TS_BUILD)/dist
	cp -R generated/typescript/. $(TS_BUILD)/
	cd $(TS_BUILD) && npm run --silent build

test-ts: ts-build ## node --test: the TypeScript SDK against hubgen serve, its types, the shared vectors
	node --test tests/typescript/

BENCH_VENV := .bench-venv
$(BENCH_VENV)/.installed:
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		datamodel-code-generator==0.89.0 openapi-python-client==0.29.1
	touch $@

# pyright for the consumer type checks (benchmarks/consumer.py): the pinned version of
# benchmarks/py-peers/package-lock.json, installed by npm ci outside the source tree.
BENCH_PY_PEERS := .bench-py-peers
$(BENCH_PY_PEERS)/node_modules/.installed: benchmarks/py-peers/package-lock.json
	mkdir -p $(BENCH_PY_PEERS)
	cp benchmarks/py-peers/package.json benchmarks/py-peers/package-lock.json $(BENCH_PY_PEERS)/
	cd $(BENCH_PY_PEERS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench: STARTED := $(shell date +%s)
bench: ## measure generate, import, validation, drift and a consumer's type checks at N = 25, 250, 1000; writes BENCHMARKS.md
	$(MAKE) --no-print-directory -j2 venv $(BENCH_VENV)/.installed
	$(MAKE) --no-print-directory $(BENCH_PY_PEERS)/node_modules/.installed
	$(BIN)/python benchmarks/run.py --peers $(BENCH_VENV) --started $(STARTED)

serve: venv ## run the mock hub on http://127.0.0.1:8000 (any token unless HUB_API_KEY is set)
	$(BIN)/hubgen serve

all: test ## same as test

clean: ## remove .venv and caches
	rm -rf $(VENV) $(BENCH_VENV) $(BENCH_PY_PEERS) $(TS_BUILD) benchmarks/ts-peers/node_modules .mypy_cache .pytest_cache .ruff_cache
