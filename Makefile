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

.PHONY: serve test kg venv test-venv clean bench help

help:
	@echo "make serve   build the KG if needed, validate it, serve it on http://127.0.0.1:5000"
	@echo "make test    run the whole test suite"
	@echo "make kg      (re)build the KG in $(KG_DIR)/"
	@echo "make bench   run the benchmarks in bench/"

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

serve: $(BIN)/kg $(KG_DIR)/manifest.json
	$(BIN)/kg validate --kg $(KG_DIR)
	$(BIN)/kg serve --kg $(KG_DIR)

test: test-venv
	$(BIN)/python -m pytest

bench: test-venv
	$(BIN)/python -m bench

clean:
	rm -rf $(KG_DIR) .$(KG_DIR).releases
