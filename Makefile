# Everything a fresh machine needs: `make site` and `make test` set up .venv themselves.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
# The browser tests' axe-core, pinned in package-lock.json (npm runs no package's scripts).
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | cksum | cut -d' ' -f1)

.PHONY: all setup site serve test lint bench docs requirements clean

all: test

$(STAMP): pyproject.toml constraints.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

setup: $(STAMP) $(NODE_STAMP)

## site: check the proposals, then build the public site into site/ (ENGINE=zensical: with Zensical)
# MkDocs runs the registry's steps in its hook; Zensical runs no hook, so they run around it:
# `registry site prepare` writes build/ (docs and generated pages, build/mkdocs.yml), `registry site
# finish` sanitises the built pages, indexes search and moves the site to site/ (docs/development.md).
ENGINE ?= mkdocs
site: $(STAMP)
	$(BIN)/registry validate
ifeq ($(ENGINE),mkdocs)
	$(BIN)/mkdocs build --strict
else ifeq ($(ENGINE),zensical)
	$(BIN)/registry site prepare
	rm -rf build/site
	$(BIN)/zensical build --config-file build/mkdocs.yml
	$(BIN)/registry site finish
else
	$(error ENGINE must be mkdocs or zensical, not $(ENGINE))
endif

# The site at http://127.0.0.1:8000/, rebuilt as docs/, proposals/ or registry.yml change; a proposal with
# errors gets a preview page listing them (scripts/registry/mkdocs_hook.py), which no build publishes.
serve: $(STAMP)
	$(BIN)/mkdocs serve

lint: $(STAMP)
	$(BIN)/ruff check scripts tests bench
	$(BIN)/ruff format --check scripts tests bench
	$(BIN)/mypy
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/zizmor --offline --no-progress .github/workflows

## test: lint, type-check and run every test
test: lint $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

## bench: time the commands on synthetic registries, beside the alternatives run in turn on the same data
## (figures go to docs/benchmarks.md by hand)
bench: $(STAMP)
	$(BIN)/python -m bench.bench

## docs: regenerate the pages made from the code, the proposal schema's status conditions and the
## shipped registry schema's compiled check
docs: $(STAMP)
	$(BIN)/registry --lang en rules --format markdown > docs/rules.md
	$(BIN)/registry schema
	$(BIN)/python -m registry.quickcheck

## requirements: regenerate the workflows' hashed pins from pyproject.toml and constraints.txt (needs PyPI)
# pip-tools runs in a throwaway venv; local pip settings (extra indexes, wheel folders) are ignored so
# that every file PyPI has for each pinned version is hashed, whatever machine the workflow runs on.
PIP_TOOLS := .venv-pip-tools
requirements:
	rm -rf $(PIP_TOOLS)
	$(PYTHON) -m venv $(PIP_TOOLS)
	$(PIP_TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	  $(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --constraint constraints.txt \
	  --output-file requirements/workflows.txt pyproject.toml requirements/build.in
	rm -rf $(PIP_TOOLS)

clean:
	rm -rf $(VENV) node_modules $(PIP_TOOLS) site .bench .pytest_cache .mypy_cache .ruff_cache .hypothesis
