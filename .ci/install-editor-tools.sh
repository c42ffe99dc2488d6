#!/usr/bin/env bash
# CI: the tools that the editor and playground tests drive, so that none of them skips:
# Chromium and its headless shell (tests/playground.rs), Emacs with Eglot and markdown-mode
# (tests/lsp.rs), the wasm32 target and the wasm-bindgen CLI whose version matches the
# `wasm-bindgen` crate in Cargo.lock (scripts/playground.sh). (actionlint, which checks the
# Pages workflow with every other, comes from .ci/install-dist-tools.sh.) Each step is skipped when its tool is already there; the CLI is built once into
# the machine's cache (~/.cache/cf-token-lint-ci) and reused by later runs. Sourced by .ci/run, so it exports PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS

sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
apt_install() {
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1; then
    $sudo apt-get update -q >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null
  fi
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromium-headless-shell >/dev/null 2>&1 || missing+=(chromium-headless-shell)
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa-src ] && ls -d /usr/share/emacs/site-lisp/elpa-src/eglot-* >/dev/null 2>&1 \
  || missing+=(elpa-eglot)
[ -d /usr/share/emacs/site-lisp/elpa-src ] && ls -d /usr/share/emacs/site-lisp/elpa-src/markdown-mode-* >/dev/null 2>&1 \
  || missing+=(elpa-markdown-mode)
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci: apt-get install ${missing[*]}"
  apt_install "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ci: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown >/dev/null
fi

# The CLI must be exactly the version of the crate that the playground links.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ -z "$version" ]; then
  echo "ci: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
# Kept in the machine's cache, not target/: CI runs in a fresh clone each time, and building
# the CLI takes minutes.
tools="${CF_TOKEN_LINT_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cf-token-lint-ci}/wasm-bindgen-$version"
if [ ! -x "$tools/bin/wasm-bindgen" ] && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ]; then
  echo "ci: using $(command -v wasm-bindgen) ($version)"
  mkdir -p "$tools/bin"
  ln -sf "$(command -v wasm-bindgen)" "$tools/bin/wasm-bindgen"
fi
if [ ! -x "$tools/bin/wasm-bindgen" ]; then
  echo "ci: cargo install wasm-bindgen-cli $version into $tools"
  cargo install --quiet --no-default-features --root "$tools" wasm-bindgen-cli --version "=$version"
fi
export PATH="$tools/bin:$PATH"

echo "ci: editor and playground tools ready in $((SECONDS - started)) s"
