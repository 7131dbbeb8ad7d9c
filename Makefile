# Stapwijzer: `make run` sets up and runs the bot on embedded defaults; `make test` sets up
# and passes the tests. Everything else here is a step of those two.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installed

export DATABASE_URL ?= sqlite:///$(CURDIR)/var/stapwijzer.db
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install model run test validate test-unit test-nlu test-stories test-integration lock clean

help:
	@echo "make run    set up, train if needed, and run the bot (REST, socket.io, widget)"
	@echo "make test   set up and run every test (validate, pytest, train, NLU gate, stories)"

$(STAMP): requirements/lock.txt pyproject.toml bot/nlu/dutch.py
	@test -x $(PY) || "$$(scripts/find-python310.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<24.1"
	$(PY) -m pip install --quiet -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m bot.nlu.dutch --install
	@touch $@

install: $(STAMP)

# Browser tests: Debian's Chromium (Playwright's own browser download is not reachable)
# and axe-core from the npm registry (package-lock.json pins it).
BROWSER_STAMP := node_modules/.installed
$(BROWSER_STAMP): package.json package-lock.json
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

model: $(STAMP)
	$(PY) -m bot.training.ensure_model

run: model
	$(PY) -m bot run

validate: $(STAMP)
	$(PY) -m bot.training.validate

test-unit: $(STAMP)
	$(PY) -m pytest -m "not needs_model and not browser" -q

test-nlu: model
	$(PY) -m bot.training.evaluate

test-stories: model
	$(RASA) test core --model "$$($(PY) -c 'from bot.training.registry import live_model; print(live_model())')" \
		--stories tests/stories --fail-on-prediction-errors --out results/stories

test-integration: model $(BROWSER_STAMP)
	$(PY) -m pytest -m "needs_model or browser" -q

test: validate test-unit model test-nlu test-stories test-integration
	@echo "All Stapwijzer checks passed."

lock:
	$(PY) -m pip freeze --exclude-editable | grep -v -i '^nl.stapwijzer.lookups' > requirements/lock.txt

clean:
	rm -rf results .pytest_cache
