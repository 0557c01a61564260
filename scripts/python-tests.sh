#!/usr/bin/env bash
# The Python package in CI (docs/analysis.md): a virtualenv under the repository (.venv-ci,
# ignored by git), the pinned tools of python/requirements-ci.txt, the wheel built by maturin
# (release), its tests (python/tests, including the Dask LocalCluster run against `cimic batch`)
# and the worked analysis in its reduced form. Needs CPython 3.11+ with venv and pip, and the
# release CLI (built here if missing).
set -euxo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
target="${CARGO_TARGET_DIR:-$root/target}"
# Debian keeps venv (ensurepip) in a package of its own.
python3 -m venv .venv-ci || { apt-get install -y python3-venv && python3 -m venv .venv-ci; }
.venv-ci/bin/pip install --quiet --upgrade pip
.venv-ci/bin/pip install --quiet -r python/requirements-ci.txt
cargo build --release -p cimic --no-default-features
export CIMIC_BIN="$target/release/cimic"
rm -rf "$target/wheels-ci"
.venv-ci/bin/maturin build --release -m python/Cargo.toml -o "$target/wheels-ci"
.venv-ci/bin/pip install --quiet --force-reinstall --no-deps "$target"/wheels-ci/cimic-*.whl
.venv-ci/bin/python -m pytest -q python/tests
CIMIC_REDUCED=1 .venv-ci/bin/python examples/python/sensitivity.py --out "$target/analysis-ci"
