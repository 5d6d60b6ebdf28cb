# The front door. Every target runs `setup` first, so a fresh clone needs no manual step.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := tools/pytest.sh
URL ?=
FILE ?=
CLIENT ?= python
ID ?=
# Node 24 from `make setup` (.tools/node) comes first for every recipe: npm, node, the tests and
# the clients all run on it, not on whatever Node the machine has.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)

.PHONY: help setup up down status logs run run-batch demo test test-python test-go test-ts test-contracts \
	test-e2e test-conformance test-faults test-containers test-observability test-browser lint format generate check-generated contract-mutation bench \
	compose-up compose-down lock-python

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

setup: ## install everything (ffmpeg, Python venv, Go modules, npm packages) and build
	@bash tools/setup.sh

up: setup ## start the dev server and the three workers (state under .data/)
	@$(PY) -m media_devtools.devstack up

down: ## stop what `make up` started
	@[ ! -x $(PY) ] || $(PY) -m media_devtools.devstack down

status: setup ## processes, queue pollers, the workers' settings (yours or defaults, secrets masked), Node
	@$(PY) -m media_devtools.devstack status

logs: setup ## follow the logs of the server and the workers
	@$(PY) -m media_devtools.devstack logs

run: up ## run the pipeline: make run URL=<url|path> [CLIENT=python|go|ts]
	@[ -n "$(URL)" ] || { echo "usage: make run URL=<http(s) URL or file> [CLIENT=python|go|ts]"; exit 2; }
	@bash tools/run-client.sh "$(CLIENT)" run "$(URL)"

run-batch: up ## run many videos: make run-batch FILE=<list of URLs, one per line> [CLIENT=python|go|ts]
	@[ -n "$(FILE)" ] || { echo "usage: make run-batch FILE=<file of URLs or JSON requests, one per line>"; exit 2; }
	@bash tools/run-client.sh "$(CLIENT)" batch "$(FILE)"

demo: up ## make up, generate a sample video, serve it on 127.0.0.1, run it, summarise
	@$(PY) -m media_devtools.demo

test: setup check-generated lint test-python test-go test-ts test-contracts contract-mutation test-containers test-e2e test-conformance test-faults test-observability test-browser ## everything CI runs

test-python: setup ## Python unit tests
	@$(PYTEST) python/tests -q

test-go: setup ## Go unit tests (real ffmpeg)
	@cd go-worker && go test ./...

test-ts: setup ## TypeScript unit tests (real SQLite, PostgreSQL, dev server)
	@cd ts-worker && npm test --silent

test-contracts: setup ## cross-language contract tests: vectors, round trips and generated constants in all three languages
	@$(PY) -m media_pipeline.contracts vectors schemas/vectors >/dev/null
	@go-worker/bin/contracts vectors schemas/vectors >/dev/null
	@node ts-worker/dist/tools/contracts.js vectors schemas/vectors >/dev/null
	@$(PY) -m media_pipeline.contracts constants schemas/expected/constants.json >/dev/null
	@go-worker/bin/contracts constants schemas/expected/constants.json >/dev/null
	@node ts-worker/dist/tools/contracts.js constants schemas/expected/constants.json >/dev/null
	@$(PYTEST) tests/contract -q

test-e2e: setup ## end-to-end: real server, three workers, real ffmpeg and catalog
	@$(PYTEST) tests/e2e -q

test-conformance: setup ## every client (Python, Go, TypeScript, temporal CLI) against docs/clients.md
	@$(PYTEST) tests/conformance -q

test-containers: setup ## docker-compose and Dockerfile checks (no Docker engine needed)
	@$(PYTEST) tests/containers -q

test-browser: setup ## the web catalog in chromium (playwright-core) against the real stack; screenshots in .data/test-artifacts/browser
	@cd ts-worker && npm run --silent test:browser

test-faults: setup ## hostile input, crashes, cancellation, replay
	@$(PYTEST) tests/faults -q

test-observability: setup ## one trace per run in a real Jaeger from every client; /metrics of every worker
	@$(PYTEST) tests/observability -q

lint: setup ## ruff, mypy, gofmt, go vet, tsc, eslint
	@$(VENV)/bin/ruff check python tests tools
	@$(VENV)/bin/ruff format --check python tests tools
	@$(VENV)/bin/mypy python/src python/devtools/src
	@cd go-worker && test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	@cd go-worker && go vet ./...
	@cd ts-worker && npm run --silent lint

format: setup ## format Python, Go and TypeScript
	@$(VENV)/bin/ruff format python tests tools
	@$(VENV)/bin/ruff check --fix python tests tools
	@cd go-worker && gofmt -w .

generate: setup ## regenerate every language's contract code from schemas/
	@bash tools/generate.sh

check-generated: setup ## fail when committed generated code differs from a fresh generation
	@bash tools/check-generated.sh

contract-mutation: setup ## mutate the schemas and show every language's contract suite catches it
	@$(PY) tools/contract_mutation.py

bench: setup ## benchmarks: pipeline vs a plain script, throughput, strategies, web catalog (writes .data/bench)
	@$(PY) -m media_devtools.bench
	@cd ts-worker && npm run --silent bench:web

lock-python: ## re-pin python/requirements.lock from python/requirements.in
	@rm -rf .data/lockvenv && python3.11 -m venv .data/lockvenv
	@.data/lockvenv/bin/pip install -q -r python/requirements.in
	@{ sed -n '1,2p' python/requirements.lock; .data/lockvenv/bin/pip freeze; } > python/requirements.lock.new
	@mv python/requirements.lock.new python/requirements.lock && rm -rf .data/lockvenv

compose-up: ## run everything in containers (needs a Docker engine)
	docker compose up -d --build

compose-down: ## stop the containers
	docker compose down
