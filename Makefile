# The two commands the README gives:
#   make compose   set everything up and open the composer in JupyterLab
#   make test      set everything up and run every test
PY := .venv/bin/python
PORT ?= 8888

.PHONY: compose test setup setup-test voila bench template clean

ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

compose: setup
	JIANGGAO_WORKDIR="$(CURDIR)/workspace" $(PY) -m jupyterlab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" --port $(PORT) notebooks/compose.ipynb

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh test

# Two test processes (pytest-xdist), one per core of the 2-core machines the suite must
# finish on in under 10 minutes: much of its time is waiting on LibreOffice, Chromium and
# Jupyter servers, which another process can use.
test: setup-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n 2

# A kernel started ahead, the page without style sheets from the internet, and a page's
# kernel shut down with the page, as `jianggao compose` serves it (the options are
# toolkit/notebook/app.py's VOILA_OPTIONS, read from there so both stay the same).
voila: setup
	JIANGGAO_WORKDIR="$(CURDIR)/workspace" JUPYTER_PATH="$(CURDIR)/toolkit/data" .venv/bin/voila notebooks/compose.ipynb \
		--port $(PORT) --Voila.ip=127.0.0.1 \
		$$(.venv/bin/python -c 'from toolkit.notebook.app import VOILA_OPTIONS; print(*VOILA_OPTIONS)')

bench: setup-test
	scripts/setup.sh bench
	$(PY) benchmarks/run.py
	$(PY) benchmarks/browser.py

clean:
	rm -rf .venv .pytest_cache test-artifacts
