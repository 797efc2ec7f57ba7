# coldwar-kg: two commands. `make demo` sets up and runs the main job on the sample;
# `make test` sets up and runs the tests. Both create .venv if it is missing.
#
# `make test` runs the tests on every core (pytest-xdist; each test file stays on one worker,
# so that its module fixtures are built once) and, unless CI is set, deselects the tests
# marked slow (comparisons with the reference engines, linters over kg/) and external
# (outside checkers). `make test-all` runs them all; `make test CI=1` runs them all and, as
# CI does (.ci/run), fails where a checker or the corpus is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store
OUT    ?= out
KG     := $(BIN)/kg --store $(STORE)
PYTEST_WORKERS ?= auto
PYTEST_XDIST   := -n $(PYTEST_WORKERS) --dist loadfile
PYTEST_ARGS    ?= $(if $(CI),,-m "not slow and not external")

.PHONY: demo test test-all install install-test bench lint clean

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
	@$(if $(CI),,echo "make test: slow and external tests deselected; run everything with 'make test-all' (or 'make test CI=1', as CI does)")
	$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

test-all: install-test
	$(BIN)/python -m pytest $(PYTEST_XDIST)

bench: install
	$(BIN)/python bench/build.py

lint: install-test
	$(BIN)/ruff check kg tests bench docs
	$(BIN)/flake8 kg
	$(BIN)/pylint kg --score=n
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(STORE) $(OUT) .pytest_cache
