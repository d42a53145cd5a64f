# Two commands matter: `make book` builds the site, `make test` runs every test layer.
# Both create and reuse .venv from requirements.txt; nothing needs installing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

BUILD_FLAGS := -n -W --keep-going
PORT ?= 8000

.PHONY: book test test-unit test-notebooks test-book test-browser serve bench clean

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

## book: build the static site into _build/html
book: $(STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo
	@echo "The course is built: open $(abspath _build/html/index.html), or run 'make serve'."

## test: every layer (unit, notebooks, strict book build, browser), one pytest summary at the end
test: $(STAMP) test-book
	$(BIN)/python -m pytest tests/unit chapters exercises tests/browser --nbval-lax \
		--nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest chapters exercises --nbval-lax --nbval-sanitize-with tests/sanitize.cfg

## the strict build is a test layer: any warning fails it
test-book: $(STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)

test-browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser

## serve: the built site on http://127.0.0.1:$(PORT)
serve:
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## bench: print measured ratios and figures against their budgets
bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; echo; done

clean:
	rm -rf _build
