# Two commands on a fresh machine (Python 3.11 + pip + apt):
#   make study   set up, then run the whole study (results/ and the paper)
#   make test    set up, then run the test suite
# Set-up is incremental: a second `make study` only re-checks and is a no-op.

VENV   ?= .venv
PYTHON ?= python3
CORES  ?= 2
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: study test report setup system-packages lock manifests clean

study: setup
	$(BIN)/snakemake --cores $(CORES)

test: setup
	$(BIN)/pytest -q

# A browsable record of the last run (figures with captions, rules, runtimes).
report: study
	$(BIN)/snakemake --report results/report.html

setup: $(STAMP) system-packages

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# CJK fonts so Chinese renders in the PDF; poppler for the tests that look at PDF pages.
system-packages:
	@bash scripts/setup_system.sh

# Re-pin requirements.lock from requirements.in (needs network to PyPI).
lock: setup
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --no-header --strip-extras --output-file requirements.lock requirements.in

# Accept deliberate changes to data/: rewrite the checksum manifests (commit them).
manifests: setup
	$(BIN)/python scripts/update_manifests.py

clean:
	rm -rf results .snakemake manuscript/_variables.yml
