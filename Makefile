# coldwar-kg: two commands. `make demo` sets up and runs the main job on the sample;
# `make test` sets up and runs the tests. Both create .venv if it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store
OUT    ?= out
KG     := $(BIN)/kg --store $(STORE)

.PHONY: demo test install install-test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	@mkdir -p $(OUT)
	$(KG) build data/wilson
	$(KG) validate --output $(OUT)/validation.txt --turtle $(OUT)/validation.ttl
	$(KG) reason
	$(KG) export --format trig --output $(OUT)/kg.trig
	$(KG) export --format turtle --output $(OUT)/kg.ttl
	$(KG) export --format jsonld --output $(OUT)/kg.jsonld
	$(KG) network --format graphml --output $(OUT)/network.graphml
	$(KG) network --format png --output $(OUT)/network.png
	$(KG) network --format html --output $(OUT)/network.html
	$(KG) report --output $(OUT)/report.html
	$(KG) network --top 10
	@cat $(OUT)/validation.txt
	$(KG) stats

test: install-test
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/build.py

lint: install-test
	$(BIN)/ruff check kg tests bench
	$(BIN)/lint-imports

clean:
	rm -rf $(STORE) $(OUT) .pytest_cache
