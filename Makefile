# DLP Companion: `make serve` to read the site locally, `make test` to run every block as a test.
# Both create .venv (Python 3.12) with the pinned dependencies first.

VENV := .venv
# Silence Material's banner about its successor.
export NO_MKDOCS_2_WARNING := 1
BIN := $(VENV)/bin
# `make serve DEVICE=gpu` installs TensorFlow with CUDA instead.
DEVICE ?= cpu
LOCK := requirements/$(DEVICE).txt
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && echo $$p && break; done)

.PHONY: serve test build browser-test lighthouse budgets snippets execute datasets lock clean

# Tools run as `python -m` from this folder, so the build machinery is always this checkout's
# (a .venv copied or moved from elsewhere never imports another checkout's dlp_build).
# CACHE_FROM=<folder, archive or URL>: first copy in the outputs another checkout or a CI run
# already executed (python -m dlp_build cache-from), so only what differs executes here.
FILL_CACHE = $(if $(CACHE_FROM),$(BIN)/python -m dlp_build cache-from "$(CACHE_FROM)")

serve: $(VENV)/.installed-$(DEVICE)  ## serve on http://127.0.0.1:8000 at once; what is not cached executes meanwhile
	$(FILL_CACHE)
	$(BIN)/python -m mkdocs serve --dirty -a 127.0.0.1:8000  # --dirty: a reload rebuilds only what changed

test: $(VENV)/.installed-$(DEVICE)  ## run every chapter block and stated result as a test
	$(FILL_CACHE)
	$(BIN)/python -m pytest

build: $(VENV)/.installed-$(DEVICE)  ## build the site into site/, failing on any broken block
	$(BIN)/python -m mkdocs build --strict

browser-test: $(VENV)/.installed-$(DEVICE)  ## check the built site/ in headless Chromium
	@command -v chromium >/dev/null || command -v google-chrome >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq chromium; }
	DLP_SITE_DIR=site $(BIN)/python -m pytest tests/test_browser.py

LIGHTHOUSE := tests/lighthouse/node_modules/.installed

lighthouse: $(VENV)/.installed-$(DEVICE) $(LIGHTHOUSE)  ## Lighthouse on every chapter page of the built site/ (RUNS=3: three runs each)
	@command -v chromium >/dev/null || command -v google-chrome >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq chromium; }
	DLP_SITE_DIR=site DLP_LIGHTHOUSE_RUNS=$(or $(RUNS),1) $(BIN)/python -m pytest tests/test_lighthouse.py; \
		status=$$?; cat .cache/lighthouse/summary.md 2>/dev/null; exit $$status

budgets: $(VENV)/.installed-$(DEVICE)  ## measure rebuild, reload, test and page-weight budgets (COLD=1: and a cold test run)
	$(BIN)/python -m dlp_build budgets $(if $(COLD),--cold)

snippets: $(VENV)/.installed-$(DEVICE)  ## regenerate snippets/ from the chapters
	$(BIN)/python -m dlp_build snippets

execute: $(VENV)/.installed-$(DEVICE)  ## re-execute chapters: make execute CHAPTERS="03 04"
	$(BIN)/python -m dlp_build execute --force $(CHAPTERS)

datasets: $(VENV)/.installed-$(DEVICE)  ## download the datasets the chapters use, so later runs can be offline
	$(BIN)/python -m dlp_build datasets --download

lock: $(VENV)/.installed-$(DEVICE)  ## re-pin requirements/*.txt from requirements/*.in
	$(BIN)/python requirements/lock.py cpu gpu

$(LIGHTHOUSE): tests/lighthouse/package-lock.json  # Lighthouse, pinned (Node 18.16 or later)
	cd tests/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.installed-$(DEVICE): $(LOCK)
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it, or pass PYTHON=/path/to/python3.12"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	@# Graphviz draws chapter 7's model plots (keras.utils.plot_model); without it they say so.
	@command -v dot >/dev/null || { apt-get update -qq && apt-get install -y -qq graphviz; } || \
		echo "Graphviz is not installed: chapter 7's model plots will be missing (apt-get install graphviz)"
	touch $@

clean:
	rm -rf $(VENV) .cache site
