# The two commands of the README's quick start:
#   make demo   sets up a virtual environment and runs the main job on the embedded plan
#   make test   sets up everything the tests need (Chromium included) and runs them
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test setup setup-test browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

setup-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

# Debian's Chromium for the browser tests (no browser download at run time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped" >&2; \
	  else echo "warning: chromium is missing and this user cannot apt-get install it; browser tests will be skipped" >&2; fi; }

demo: setup
	$(BIN)/plankg extract --format table

test: setup-test browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build $(OUT) .pytest_cache
