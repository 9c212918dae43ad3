# The two commands of the README's quick start:
#   make demo   sets up a virtual environment and runs the main job on the embedded plan
#   make test   sets up everything the tests need (Chromium and Virtuoso included) and runs them
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test setup setup-test fonts browser stores clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

setup-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

# A CJK font (Debian's fonts-noto-cjk) so that the workload chart, the pages and the screenshots show
# Chinese names: `make demo` installs it too, so its chart is in the plan's language on a fresh machine.
# The chart registers the system's CJK font files with matplotlib on every run, so a font installed
# after matplotlib built its font cache is found all the same.
fonts:
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) \
	      || echo "warning: could not install fonts-noto-cjk; the workload chart uses English names without a CJK font" >&2; \
	  else echo "warning: no CJK font, and this user cannot apt-get install fonts-noto-cjk; the workload chart uses English names" >&2; fi; \
	fi

# Debian's Chromium for the browser tests (no browser download at run time).
browser: fonts
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests are skipped without it" >&2; \
	  else echo "warning: chromium missing and this user cannot apt-get install it; browser tests are skipped without it" >&2; fi; \
	fi

# Debian's Virtuoso Open Source for the publish tests, which start it themselves (throw-away database,
# loopback ports) next to the Oxigraph server of the test extra; the system service is not used.
stores:
	@if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
	      || echo "warning: could not install virtuoso-opensource; the Virtuoso publish tests are skipped (they fail in CI)" >&2; \
	  else echo "warning: virtuoso-opensource missing and this user cannot apt-get install it; the Virtuoso publish tests are skipped" >&2; fi; \
	fi

demo: setup fonts
	$(BIN)/plankg build -o build
	$(BIN)/plankg query lead-load --dataset build --format table
	$(BIN)/plankg query tasks-depending-on -p system=电子证照库 --dataset build --format table
	$(BIN)/plankg analyze --dataset build --format table
	$(BIN)/plankg viz --dataset build --kind responsibility -o $(OUT)/network.html
	$(BIN)/plankg viz --dataset build --kind dependency -o $(OUT)/dependency.html
	$(BIN)/plankg viz --dataset build --kind citation -o $(OUT)/citation.html
	$(BIN)/plankg viz --dataset build --kind workload-chart -o $(OUT)/workload.png

test: setup-test browser stores
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build $(OUT) .pytest_cache

# The corpus-scale benchmark (bench/scale.py): N = 1, 10, 100; `make bench BENCH=--big` adds 1,000 plans.
bench: setup
	bench/run $(BENCH)
