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

# A kernel started ahead and the page without style sheets from the internet, as
# `jianggao compose` serves it (toolkit/notebook/app.py, VOILA_OPTIONS).
voila: setup
	JIANGGAO_WORKDIR="$(CURDIR)/workspace" JUPYTER_PATH="$(CURDIR)/toolkit/data" .venv/bin/voila notebooks/compose.ipynb \
		--port $(PORT) --Voila.ip=127.0.0.1 --preheat_kernel=True --pool_size=1 --VoilaKernelManager.fill_delay=5 \
		--template=jianggao

bench: setup-test
	scripts/setup.sh bench
	$(PY) benchmarks/run.py
	$(PY) benchmarks/browser.py

clean:
	rm -rf .venv .pytest_cache test-artifacts
