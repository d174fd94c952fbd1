# Quick start: `make demo` runs the pipeline on demo data, `make test` runs the checks and the tests.
# Both create the virtual environment in .venv themselves (Python 3.11 + uv).
PYTHON ?= python3.11
VENV := .venv
HASH := $(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(HASH)
# the test extras (pytest, mypy, moto, ...) on top: only `make test`, `make lint` and the developers' targets
TEST_STAMP := $(VENV)/.installed-test-$(HASH)
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: demo test lint format bench bench-gemeenten venv clean print-tools server-tools browser-tools readme-image

venv: $(TEST_STAMP)  # a developer's environment: the program and the test extras

# What the program needs (`make demo`); said before it starts, as it takes a while the first time
$(STAMP): pyproject.toml constraints.txt
	@echo "make: de Python-pakketten van het programma worden in $(VENV) geïnstalleerd (ongeveer 130 pakketten, 1,2 GB); de eerste keer duurt dat 1 tot enkele minuten, daarna niet meer"
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(VENV)/bin/python --compile-bytecode \
		--constraint constraints.txt -e .
	rm -f $(VENV)/.installed-* && touch $@

# ... and for the checks and the tests the test extras on top
$(TEST_STAMP): $(STAMP)
	@echo "make: de testgereedschappen (pytest, ruff, mypy, moto, ...) worden in $(VENV) geïnstalleerd; eenmalig, ongeveer een minuut"
	$(VENV)/bin/uv pip install --quiet --python $(VENV)/bin/python --compile-bytecode \
		--constraint constraints.txt -e '.[test]'
	touch $@

demo: $(STAMP)
	$(VENV)/bin/dvm demo

# Reports are printed to PDF by LibreOffice (with the Carlito of reports/fonts/, the twin of the workbook's Calibri);
# the print test measures those PDFs and the README image is made with poppler's pdftoppm. Debian
# packages, installed here when missing, as root or through sudo - and said before it starts.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
PRINT_PACKAGES := libreoffice-calc poppler-utils
print-tools:
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || \
		( echo "make: LibreOffice of poppler ontbreekt; nu installeren met apt-get$(if $(SUDO), via sudo,) ($(PRINT_PACKAGES)): nodig voor de PDF van de rapporten en de printtest; eenmalig, enkele minuten" && \
		  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
		  --no-install-recommends $(PRINT_PACKAGES) >/dev/null )

# The test of the production topology (tests/topology) starts a PostgreSQL cluster of its own for the
# Prefect server: Debian's package, installed here when missing, the same way as the print tools.
SERVER_PACKAGES := postgresql
server-tools:
	@test -x "$$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/initdb" || \
		( echo "make: PostgreSQL ontbreekt; nu installeren met apt-get$(if $(SUDO), via sudo,) ($(SERVER_PACKAGES)): nodig voor de test van de Prefect-server op PostgreSQL; eenmalig, een minuut" && \
		  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
		  --no-install-recommends $(SERVER_PACKAGES) >/dev/null )

# The dashboard's browser test (tests/flows/test_dashboard_on_demo.py) drives Debian's chromium through
# Playwright (no browser download): installed here when missing, the same way as the print tools.
BROWSER_PACKAGES := chromium
browser-tools:
	@test -x /usr/bin/chromium || \
		( echo "make: Chromium ontbreekt; nu installeren met apt-get$(if $(SUDO), via sudo,) ($(BROWSER_PACKAGES)): nodig voor de browsertest van het dashboard (toegankelijkheid, offline, 320 px); eenmalig, een minuut" && \
		  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
		  --no-install-recommends $(BROWSER_PACKAGES) >/dev/null )

# The formatter check, the linter and the type checker (configured in pyproject.toml): silent when
# clean; the first that fails stops make with its findings.
lint: $(TEST_STAMP)
	@$(VENV)/bin/ruff format --check --quiet .
	@$(VENV)/bin/ruff check --quiet .
	@out=$$($(VENV)/bin/mypy 2>&1) || { echo "$$out"; exit 1; }

# Apply the formatter and the linter's safe fixes.
format: $(TEST_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(TEST_STAMP) lint print-tools server-tools browser-tools
	$(VENV)/bin/python -m pytest -n 2 --dist loadgroup

# The README's picture of the printed Samenvatting, from the demo's annual report.
readme-image: $(TEST_STAMP) print-tools
	$(VENV)/bin/python docs/make_readme_image.py

bench: $(TEST_STAMP)
	$(VENV)/bin/python benchmarks/bench_kcc.py

clean:
	rm -rf $(VENV) dvm-home
