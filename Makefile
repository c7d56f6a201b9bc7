# Practice Exchange — everything a fresh clone needs, from Python 3.11 and the package registries.
# `make run` and `make test` are the two commands; `make help` lists the rest.

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
KB     := $(BIN)/kb
HOST   ?= 127.0.0.1
PORT   ?= 5000
CHROMIUM ?= /usr/bin/chromium
CONTENT ?= practices
# exchange records (kb/exchange.py): validated with the practices
EXCHANGES ?= exchanges
INDEX  ?= .kb-index
# gettext catalogues of the interface (webapp/translations/README.md); the .mo files are
# compiled here, not committed, so that concurrent edits of a catalogue merge as text.
TRANSLATIONS := webapp/translations
POT    := $(TRANSLATIONS)/messages.pot
MO     := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))

.DEFAULT_GOAL := help
.PHONY: help run test install install-dev browser validate index serve serve-prod bench bench-load export clean messages messages-compile messages-check

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort | \
	  awk -F'\t' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11'"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# One stamp per install flavour: the run install stays free of torch.
$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check -q -e '.[dev,transformers]'
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run $(MO) ## Create .venv, install the package (no torch), compile the catalogues

install-dev: $(VENV)/.installed-dev $(MO) ## Install with test tools and the sentence-transformers extra

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(VENV)/.installed-run
	$(BIN)/pybabel compile --statistics -l $* -i $< -o $@

messages-compile: $(MO) ## Compile the interface catalogues (.po -> .mo; install, run and test do it)

# Sorted by msgid, no source locations, no wrapping, obsolete entries dropped, header dates
# kept: a catalogue changes only where a message does, so concurrent additions merge.
# No fuzzy matching: a changed message comes back untranslated rather than with a guess
# whose placeholders may differ (pybabel compile refuses those, fuzzy or not).
messages: $(VENV)/.installed-run ## Extract the interface messages and update every catalogue (then translate, see webapp/translations/README.md)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --no-wrap -o $(POT) .
	$(BIN)/pybabel -q update -i $(POT) -d $(TRANSLATIONS) --no-wrap --ignore-obsolete --ignore-pot-creation-date --no-fuzzy-matching
	@$(MAKE) --no-print-directory messages-compile

messages-check: install ## List untranslated, fuzzy or broken messages in every catalogue (path:line:col)
	$(BIN)/python -m webapp.i18n_check

browser: ## Install Debian's chromium + chromium-driver for end-to-end tests, where missing
	@if [ -x "$(CHROMIUM)" ]; then echo "browser: $$($(CHROMIUM) --version 2>/dev/null)"; \
	else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium chromium-driver; \
	fi

test: install-dev browser ## Install what the tests need, then run pytest
	KB_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

# --strict: warnings are errors, so TODOs left by `kb new` never reach main (as in the pull-request check)
validate: install ## Check every practice file and exchange record strictly (warnings and TODO placeholders fail; path:line:col messages), and that every practice has its abstracts
	$(KB) validate --strict $(CONTENT) $(wildcard $(EXCHANGES))
	$(KB) abstracts --missing --content $(CONTENT)

index: install ## Build or update the search index
	$(KB) index --content $(CONTENT) --index $(INDEX)

serve: install ## Serve the site on http://$(HOST):$(PORT) (development server)
	$(KB) serve --host $(HOST) --port $(PORT) --content $(CONTENT) --index $(INDEX)

serve-prod: install ## Serve with gunicorn
	$(KB) serve --prod --host $(HOST) --port $(PORT) --content $(CONTENT) --index $(INDEX)

run: install ## Install, validate, build the index and serve on http://127.0.0.1:5000
	-$(KB) validate $(CONTENT) $(wildcard $(EXCHANGES))
	@# kb index exits 1 when it skipped bad files; the good ones are indexed and served all the same.
	-$(KB) index --content $(CONTENT) --index $(INDEX)
	$(KB) serve --host $(HOST) --port $(PORT) --content $(CONTENT) --index $(INDEX)

bench: install-dev ## Run the benchmarks and write the tables into benchmarks/README.md
	$(BIN)/python -m benchmarks.run

bench-load: install-dev ## Load-test kb serve --prod with wrk (installed where missing); results into benchmarks/README.md
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q wrk; }
	$(BIN)/python -m benchmarks.load

export: install ## Write the static site into site/
	$(KB) export-site site --content $(CONTENT) --index $(INDEX)

clean: ## Remove the index, caches and the virtual environment
	rm -rf $(VENV) $(INDEX) .pytest_cache site test-artifacts *.egg-info $(MO) $(POT)
