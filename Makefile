# Two commands on a fresh machine (Python 3.11 + pip + apt):
#   make study   set up, then run the whole study (results/ and the paper)
#   make test    set up (plus the test tools), then run the test suite
# Set-up is incremental: a second `make study` only re-checks and is a no-op.

VENV       ?= .venv
TOOLS_VENV ?= .venv-tools
PYTHON     ?= python3
CORES      ?= 2
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
TOOLS_STAMP := $(TOOLS_VENV)/.installed
PIP_COMPILE_FLAGS := --quiet --no-header --strip-extras --no-emit-index-url --no-emit-find-links

QUARTO_KIT    ?= ../shared/tools/quarto
QUARTO_PREFIX ?= $(HOME)/.local/quarto-1.10.18

.PHONY: study test report readme setup tools system-packages quarto lock lock-tools manifests clean

study: setup
	$(BIN)/snakemake --cores $(CORES)

test: setup tools
	$(BIN)/pytest -q

# A browsable record of the last run (figures with captions, rules, runtimes).
report: study
	$(BIN)/snakemake --report results/report.html

# Refresh README.md's generated blocks (list of tables and figures, table of programs)
# from the workflow's results/tables/paper_map.md and the rule files.
readme: study
	$(BIN)/python scripts/update_readme_exhibits.py

setup: $(STAMP) system-packages

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Test tools whose pins conflict with the study environment (cffconvert 2.0.0 needs
# jsonschema<4, Snakemake jsonschema 4.x) live in their own virtual environment.
tools: $(TOOLS_STAMP)

$(TOOLS_STAMP): requirements-tools.lock
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-tools.lock
	touch $@

# CJK fonts so Chinese renders in the PDF; poppler for the tests that look at PDF pages;
# chromium and chromium-driver for the browser test of the HTML paper.
system-packages:
	@bash scripts/setup_system.sh

# Optional: a real Quarto (1.10.18, from source, every tool from PyPI/npm) from the team's
# offline kit; then put $(QUARTO_PREFIX)/bin on PATH and the workflow renders with Quarto.
quarto:
	bash $(QUARTO_KIT)/install.sh $(QUARTO_PREFIX)
	@echo "now: export PATH=\"$(QUARTO_PREFIX)/bin:\$$PATH\""

# Re-pin requirements.lock from requirements.in (needs network to PyPI).
lock: setup
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) --output-file requirements.lock requirements.in

# Re-pin requirements-tools.lock from requirements-tools.in (needs network to PyPI).
lock-tools: setup
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) --allow-unsafe --output-file requirements-tools.lock requirements-tools.in

# Accept deliberate changes to data/: rewrite the checksum manifests (commit them).
# Standard library only: the system python3, no virtual environment needed.
manifests:
	$(PYTHON) -I scripts/write_manifests.py

clean:
	rm -rf results .snakemake _variables.yml .quarto
