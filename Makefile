# Two commands matter: `make book` builds the site, `make test` runs every test layer.
# Both create and reuse .venv from requirements.txt; nothing needs installing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

BUILD_FLAGS := -n -W --keep-going
PORT ?= 8000

.PHONY: book test test-unit test-notebooks test-book test-browser serve bench clean

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

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

## test: every layer (unit, notebooks, strict book build, browser), one pytest summary at the end
test: $(STAMP) $(NPM_STAMP) test-book
	$(BIN)/python -m pytest tests/unit src/actlab --doctest-modules chapters exercises tests/browser \
		--nbval-lax --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit src/actlab --doctest-modules

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest chapters exercises --nbval-lax --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

## the strict build is a test layer: any warning fails it
test-book: $(STAMP) $(VENDOR_STAMP) $(ACTLAB_STAMP)
	$(BOOK_BUILD)

test-browser: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m pytest tests/browser

## serve: the built site on http://127.0.0.1:$(PORT)
serve:
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## bench: print measured ratios and figures against their budgets (page weights need the site)
bench: $(STAMP) book
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; echo; done

clean:
	rm -rf _build _vendor
