#!/usr/bin/env bash
# Builds the playground into dist/playground/: the page and its script from playground/, the
# linter compiled to WebAssembly (crates/wasm) and wasm-bindgen's loader for it. The result is
# a static site with no network access at run time: serve the folder, or publish it as is.
#   Needs: rustup target add wasm32-unknown-unknown, and the wasm-bindgen CLI of the version
#   in Cargo.lock (.ci/install-editor-tools.sh installs both; WASM_BINDGEN names another one).
#   OUT=DIR builds elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-dist/playground}"

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
# Where .ci/install-editor-tools.sh builds it.
cached="${CF_TOKEN_LINT_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cf-token-lint-ci}/wasm-bindgen-$want/bin/wasm-bindgen"
bindgen="${WASM_BINDGEN:-}"
if [ -z "$bindgen" ]; then
  if [ -x "$cached" ]; then bindgen="$cached"; else bindgen=wasm-bindgen; fi
fi
if ! have=$("$bindgen" --version 2>/dev/null); then
  echo "playground.sh: no wasm-bindgen CLI; install it with: cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi
if [ "${have##* }" != "$want" ]; then
  echo "playground.sh: $have, but Cargo.lock links wasm-bindgen $want; install: cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi

# Size over speed for the download; the native release profile is left as it is.
CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_LTO=true \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
  cargo build --quiet --release --target wasm32-unknown-unknown -p cf-token-lint-wasm

rm -rf "$out"
mkdir -p "$out"
"$bindgen" --target web --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/release/cf_token_lint_wasm.wasm
cp playground/index.html playground/rules.html playground/app.js playground/rules.js \
  playground/style.css "$out/"
# Pages serves a folder with a leading underscore only without Jekyll.
touch "$out/.nojekyll"
size=$(wc -c < "$out/cf_token_lint_wasm_bg.wasm")
echo "playground: $out ($((size / 1024)) KiB of WebAssembly)"
