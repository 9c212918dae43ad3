# The two commands of the README's quick start:
#   make demo   sets up a virtual environment and runs the main job on the embedded plan
#   make test   sets up everything the tests need (Chromium included) and runs them
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test setup setup-test browser clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

setup-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

# Debian's Chromium for the browser tests (no browser download at run time), and a CJK font
# (fonts-noto-cjk) so that pages, screenshots and the workload chart show Chinese names.
browser:
	@missing=""; \
	  command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	  fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	        || echo "warning: could not install $$missing; browser tests are skipped without chromium, charts use English names without a CJK font" >&2; \
	    else echo "warning: $$missing missing and this user cannot apt-get install it; browser tests are skipped without chromium, charts use English names without a CJK font" >&2; fi; \
	  fi

demo: setup
	$(BIN)/plankg build -o build
	$(BIN)/plankg query lead-load --dataset build --format table
	$(BIN)/plankg query tasks-depending-on -p system=电子证照库 --dataset build --format table
	$(BIN)/plankg analyze --dataset build --format table
	$(BIN)/plankg viz --dataset build --kind responsibility -o $(OUT)/network.html
	$(BIN)/plankg viz --dataset build --kind dependency -o $(OUT)/dependency.html
	$(BIN)/plankg viz --dataset build --kind citation -o $(OUT)/citation.html
	$(BIN)/plankg viz --dataset build --kind workload-chart -o $(OUT)/workload.png

test: setup-test browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build $(OUT) .pytest_cache

# The corpus-scale benchmark (bench/scale.py): N = 1, 10, 100; `make bench BENCH=--big` adds 1,000 plans.
bench: setup
	bench/run $(BENCH)
