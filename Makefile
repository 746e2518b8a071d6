# plankg: the two commands a new user runs are `make serve` and `make test`.
# Both create .venv and install what they need themselves.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
KG_DIR ?= build
REPORTS := $(wildcard data/reports/*.txt)
KG_INPUTS := $(REPORTS) $(wildcard data/reports/*.meta.json) $(wildcard ontology/*.ttl) \
             $(wildcard shapes/*.ttl) $(wildcard data/lexicon/*) $(wildcard data/gazetteer/*.csv) \
             $(wildcard kg/*.py)

.PHONY: serve test kg venv test-venv clean bench help yasgui

help:
	@echo "make serve   build the KG if needed, validate it, serve it on http://127.0.0.1:5000"
	@echo "make test    run the whole test suite"
	@echo "make kg      (re)build the KG in $(KG_DIR)/"
	@echo "make bench   run the benchmarks in bench/"
	@echo "make yasgui  build the query editor's files into server/static/yasgui/ (npm)"

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

venv: $(BIN)/kg

$(VENV)/.test-installed: $(BIN)/kg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

test-venv: $(VENV)/.test-installed

# The KG is rebuilt when it is missing or older than any of its inputs.
$(KG_DIR)/manifest.json: $(BIN)/kg $(KG_INPUTS)
	$(BIN)/kg build $(REPORTS) --out $(KG_DIR)

kg: $(KG_DIR)/manifest.json

# The query editor (YASGUI), from the npm project in web/ (package-lock.json pins it), copied into
# server/static/yasgui/; nothing is loaded from a CDN at run time. Without npm the query page is a
# plain HTML form.
YASGUI := server/static/yasgui/yasgui.min.js
$(YASGUI): web/package.json web/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd web && npm ci --no-audit --no-fund --ignore-scripts && cd .. && \
	  mkdir -p server/static/yasgui && \
	  cp web/node_modules/@zazuko/yasgui/build/yasgui.min.js web/node_modules/@zazuko/yasgui/build/yasgui.min.css \
	     server/static/yasgui/ && touch $@; \
	else \
	  echo "npm not found: the query page stays a plain HTML form (install Node.js and npm for YASGUI)"; \
	fi

yasgui: $(YASGUI)

# A second, independent SHACL engine (npm shacl-engine) for tests/test_shapes_second_engine.py.
SHACL_JS := tests/shacl-js/node_modules/.package-lock.json
$(SHACL_JS): tests/shacl-js/package.json tests/shacl-js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tests/shacl-js && npm ci --no-audit --no-fund --ignore-scripts && touch node_modules/.package-lock.json; \
	else \
	  echo "npm not found: the second SHACL engine's test is skipped (install Node.js and npm to run it)"; \
	fi

serve: $(BIN)/kg $(KG_DIR)/manifest.json $(YASGUI)
	$(BIN)/kg validate --kg $(KG_DIR)
	$(BIN)/kg serve --kg $(KG_DIR)

test: test-venv $(YASGUI) $(SHACL_JS)
	$(BIN)/python -m pytest

$(VENV)/.bench-installed: $(VENV)/.test-installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@touch $@

# The peers the benchmarks compare with (oxigraph serve, rdflib-endpoint) come with the bench extra;
# the load test needs Debian's wrk.
bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench

clean:
	rm -rf $(KG_DIR) .$(KG_DIR).releases
