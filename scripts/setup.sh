#!/usr/bin/env bash
# Set up everything Jianggao needs in a local virtual env (.venv).
#   scripts/setup.sh            the toolkit with JupyterLab and the composer
#   scripts/setup.sh test       the same plus the test tools and the system packages
#                               the rendering tests use (LibreOffice, fonts, pandoc, Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
extras="notebook"
[ "${1:-}" = "test" ] && extras="test"
[ "${1:-}" = "bench" ] && extras="test,bench"

python=${PYTHON:-python3}
if ! command -v uv >/dev/null 2>&1; then
  "$python" -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1 || true
fi
if command -v uv >/dev/null 2>&1 || "$python" -m uv --version >/dev/null 2>&1; then
  uv_cmd=(uv); command -v uv >/dev/null 2>&1 || uv_cmd=("$python" -m uv)
  [ -x .venv/bin/python ] || "${uv_cmd[@]}" venv --quiet --python "$python" .venv
  # Bytecode compiled now, once: uv writes no .pyc files by default, and Python writes them
  # at import only where it may (not with PYTHONDONTWRITEBYTECODE, not in a read-only
  # install), so every Voila kernel could spend a second compiling Jupyter and IPython
  # before the composer appears (benchmarks/README.md).
  "${uv_cmd[@]}" pip install --quiet --compile-bytecode --python .venv/bin/python -e ".[$extras]"
  # rfc3987-syntax makes every `import nbformat` cost ~3 s and nothing here needs it.
  "${uv_cmd[@]}" pip uninstall --quiet --python .venv/bin/python rfc3987-syntax >/dev/null 2>&1 || true
else
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
  .venv/bin/python -m pip uninstall --quiet -y rfc3987-syntax >/dev/null 2>&1 || true
fi

if [ "$extras" != "notebook" ]; then
  scripts/install-system-packages.sh
fi
