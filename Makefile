# The two commands the README gives:
#   make compose   set everything up and open the composer in JupyterLab
#   make test      set everything up and run every test
PY := .venv/bin/python
PORT ?= 8888

.PHONY: compose test setup setup-test voila bench template clean

compose: setup
	$(PY) -m jupyterlab --ServerApp.root_dir="$(CURDIR)" notebooks/compose.ipynb --port $(PORT)

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh test

test: setup-test
	$(PY) -m pytest

voila: setup
	.venv/bin/voila notebooks/compose.ipynb --port $(PORT)

bench: setup-test
	$(PY) benchmarks/run.py

clean:
	rm -rf .venv .pytest_cache test-artifacts
