# Two commands matter: `make book` builds the site, `make test` runs every test layer.
# Both create and reuse .venv from requirements.txt; nothing needs installing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# The course's matrices are small: one BLAS thread per process. Several threads spin against each
# other on a 2-core machine and make a chapter run up to ten times slower.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

BUILD_FLAGS := -n -W --keep-going
PORT ?= 8000
LAB_PORT ?= 8888

# `make test` runs the linter first when this says `lint` (empty: the linter runs only with `make lint`)
TEST_LINT ?= lint

.PHONY: book test test-unit test-notebooks test-book test-browser test-lab lab canonical lint browser serve bench clean

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "The course needs Python 3.10 or newer; '$(PYTHON)' is older: run 'make PYTHON=python3.11 ...'." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

# JupyterLab opens the .md pages as notebooks (jupytext's viewer): a setting inside .venv,
# nothing in the user's home (see tools/install_lab_settings.py)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

$(LAB_SETTINGS): $(STAMP) tools/jupyterlab-overrides.json tools/install_lab_settings.py
	@$(BIN)/python tools/install_lab_settings.py
	@touch $@

# The browser layers drive Debian's Chromium. Where it is missing, install it if this machine
# can (apt-get, as root); otherwise stop at once and say what to install.
browser:
	@if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "No Chromium found: installing Debian's chromium package with apt-get (about 30 s)"; \
		{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		{ echo "apt-get could not install chromium: install Chromium by hand, then run make again." >&2; exit 1; }; \
	else \
		echo "No Chromium found: install Chromium (Debian/Ubuntu: 'sudo apt-get install chromium'), then run make again." >&2; \
		exit 1; \
	fi

# Browser assets come from npm, pinned by package-lock.json: MathJax is served by the site
# itself, axe-core is injected by the browser tests.
NPM_STAMP    := node_modules/.installed
VENDOR       := _vendor/_static/vendor
VENDOR_STAMP := _vendor/.copied

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --include=dev --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

# only what a page can load: MathJax's TeX-to-HTML bundle and the components it fetches on
# demand (TeX extensions, fonts, the menu's renderers and accessibility tools)
$(VENDOR_STAMP): $(NPM_STAMP)
	rm -rf _vendor
	mkdir -p $(VENDOR)/mathjax
	cp -R node_modules/mathjax/es5/tex-chtml.js node_modules/mathjax/es5/input \
		node_modules/mathjax/es5/output node_modules/mathjax/es5/ui \
		node_modules/mathjax/es5/a11y node_modules/mathjax/es5/sre \
		node_modules/mathjax/LICENSE $(VENDOR)/mathjax/
	@# Sphinx recopies extra files only when it writes a page: drop the old pages so it does
	rm -rf _build/html
	@touch $(VENDOR_STAMP)

# Pages embed what actlab produced when they ran (figures, baked explorers with their inlined
# renderer), but the execution cache and Sphinx only notice changes to the pages themselves:
# forget the cached runs and the read pages whenever the package changes.
ACTLAB_FILES := $(shell find src/actlab -type f \( -name '*.py' -o -name '*.js' -o -name '*.css' \))
ACTLAB_STAMP := _build/.actlab-sources

$(ACTLAB_STAMP): $(ACTLAB_FILES)
	rm -rf _build/.jupyter_cache _build/.doctrees
	@mkdir -p _build && touch $@

BOOK_BUILD = $(BIN)/jupyter-book build . $(BUILD_FLAGS)

## book: build the static site into _build/html
book: $(STAMP) $(VENDOR_STAMP) $(ACTLAB_STAMP)
	$(BOOK_BUILD)
	@echo
	@echo "The course is built: open $(abspath _build/html/index.html), or run 'make serve'."

## test: every layer (unit, notebooks, strict book build, browser, JupyterLab), one pytest summary at the end
test: $(STAMP) $(NPM_STAMP) $(LAB_SETTINGS) browser $(TEST_LINT) test-book
	$(BIN)/python -m pytest tests/unit src/actlab --doctest-modules chapters exercises reference tests/browser tests/lab \
		--nbval-lax --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit src/actlab --doctest-modules

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest chapters exercises reference --nbval-lax --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

## the strict build is a test layer: any warning fails it
test-book: $(STAMP) $(VENDOR_STAMP) $(ACTLAB_STAMP)
	$(BOOK_BUILD)

test-browser: $(STAMP) $(NPM_STAMP) browser
	$(BIN)/python -m pytest tests/browser

## test-lab: every notebook page in a real JupyterLab (reads the built site for the launch links)
test-lab: $(STAMP) $(LAB_SETTINGS) browser
	$(BIN)/python -m pytest tests/lab -p no:cacheprovider

## lint: one style, no dead code (configured in pyproject.toml); `ruff format` puts the layout right
LINTED := src tests benchmarks tools _ext conftest.py
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

## lab: the course in JupyterLab on http://127.0.0.1:$(LAB_PORT), .md pages opening as notebooks
lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(LAB_PORT) --ServerApp.root_dir="$(CURDIR)" \
		$(if $(filter 0,$(shell id -u)),--allow-root)

## canonical: put every notebook page in the form JupyterLab saves it in (then a save changes nothing)
canonical: $(STAMP)
	$(BIN)/python tools/canonical_notebooks.py

## serve: the built site on http://127.0.0.1:$(PORT)
serve:
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## bench: print measured ratios and figures against their budgets (page weights need the site;
## the JupyterLab round trips need Chromium)
bench: $(STAMP) $(LAB_SETTINGS) browser book
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; echo; done

clean:
	rm -rf _build _vendor
