# Quick start: `make demo` runs the pipeline on demo data, `make test` runs the tests.
# Both create the virtual environment in .venv themselves (Python 3.11 + uv).
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: demo test bench venv clean print-tools

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(VENV)/bin/python --compile-bytecode \
		--constraint constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)
	$(VENV)/bin/dvm demo

# The print test converts workbooks with LibreOffice and reads page sizes with poppler's pdfinfo
# (Debian packages); installed here when missing, as root or through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
print-tools:
	@command -v soffice >/dev/null && command -v pdfinfo >/dev/null || \
		( echo "make test: LibreOffice (libreoffice-calc) en poppler-utils ontbreken; nu installeren met apt-get$(if $(SUDO), via sudo,) (nodig voor de printtest: werkmap naar PDF, paginaformaat controleren; eenmalig, enkele minuten)" && \
		  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
		  --no-install-recommends libreoffice-calc poppler-utils >/dev/null )

test: $(STAMP) print-tools
	$(VENV)/bin/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_kcc.py

clean:
	rm -rf $(VENV) dvm-home
