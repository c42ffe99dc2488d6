#!/usr/bin/env bash
# The install step of the GitHub Action (action.yml): the release binary for this runner,
# checked against its published SHA-256, cached, and put on PATH for later steps.
#   CF_TOKEN_LINT_VERSION   the version to install (`v` optional); default: the action's own
#   CF_TOKEN_LINT_BASE_URL  where releases live, as <base>/v<version>/<asset> (mirrors, GHES);
#                           default: the repository's GitHub releases
#   CF_TOKEN_LINT_NO_SOURCE_FALLBACK=1  fail instead of `cargo install` when no asset fits or
#                           the download fails
#   CF_TOKEN_LINT_CACHE     where binaries are kept (default: $RUNNER_TOOL_CACHE/cf-token-lint)
#   RUNNER_OS, RUNNER_ARCH  set by the runner
# A checksum mismatch is always an error: a tampered asset is never installed, and it does not
# fall back to a build either. Writes `path` (the binary) to $GITHUB_OUTPUT and its directory
# to $GITHUB_PATH. `action-install.sh plan` only prints version=, target= and dir=.
set -euo pipefail
action_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_url="https://github.com/cf-token-lint/cf-token-lint"

log() { echo "cf-token-lint: $*" >&2; }
fail() { echo "::error title=cf-token-lint install::$*"; log "$*"; exit 1; }

own_version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_dir/Cargo.toml" | head -n 1)"
version="${CF_TOKEN_LINT_VERSION:-}"
version="${version#v}"
[ -n "$version" ] || version="$own_version"
case "$version" in
  *[!0-9A-Za-z.+-]* | "") fail "version '$version' is not a version number" ;;
esac

target=""
ext="tar.gz"
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target="x86_64-unknown-linux-musl" ;;
  Linux/ARM64) target="aarch64-unknown-linux-musl" ;;
  macOS/X64) target="x86_64-apple-darwin" ;;
  macOS/ARM64) target="aarch64-apple-darwin" ;;
  Windows/X64) target="x86_64-pc-windows-msvc" ext="zip" ;;
esac
exe="cf-token-lint"
[ "${RUNNER_OS:-}" = Windows ] && exe="cf-token-lint.exe"
cache="${CF_TOKEN_LINT_CACHE:-${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/cf-token-lint}"
dir="$cache/$version/${target:-source}"

if [ "${1:-}" = plan ]; then
  printf 'version=%s\ntarget=%s\ndir=%s\n' "$version" "${target:-none}" "$dir"
  exit 0
fi

finish() {
  local bin="$dir/$exe"
  "$bin" --version >/dev/null || fail "the installed $bin does not run"
  [ -n "${GITHUB_PATH:-}" ] && echo "$dir" >> "$GITHUB_PATH"
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "path=$bin" >> "$GITHUB_OUTPUT"
  log "$("$bin" --version) at $bin ($1)"
  exit 0
}

# A binary cached by an earlier run (actions/cache or a self-hosted runner's tool cache).
if [ -x "$dir/$exe" ] && [ "$("$dir/$exe" --version 2>/dev/null)" = "cf-token-lint $version" ]; then
  finish "cached"
fi

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

download() {
  local base="${CF_TOKEN_LINT_BASE_URL:-$repo_url/releases/download}"
  local asset="cf-token-lint-$target.$ext"
  local url="${base%/}/v$version/$asset"
  local tmp
  tmp="$(mktemp -d)"
  log "downloading $url"
  if ! curl -fsSL --retry 2 --retry-delay 1 -o "$tmp/$asset" "$url" \
    || ! curl -fsSL --retry 2 --retry-delay 1 -o "$tmp/$asset.sha256" "$url.sha256"; then
    rm -rf "$tmp"
    return 1
  fi
  local want got
  want="$(cut -d' ' -f1 < "$tmp/$asset.sha256" | tr -d '\r\n' | tr 'A-F' 'a-f')"
  got="$(sha256 "$tmp/$asset")"
  if [ "$want" != "$got" ]; then
    rm -rf "$tmp"
    fail "checksum mismatch for $url: the .sha256 says ${want:-nothing}, the download is $got; refusing to install it"
  fi
  mkdir -p "$tmp/x"
  if [ "$ext" = zip ]; then
    (cd "$tmp/x" && { unzip -q "../$asset" 2>/dev/null || tar -xf "../$asset"; })
  else
    tar -xzf "$tmp/$asset" -C "$tmp/x"
  fi
  [ -f "$tmp/x/$exe" ] || { rm -rf "$tmp"; fail "$asset holds no $exe"; }
  mkdir -p "$dir"
  mv -f "$tmp/x/$exe" "$dir/$exe"
  chmod +x "$dir/$exe"
  rm -rf "$tmp"
}

if [ -n "$target" ]; then
  if download; then finish "downloaded, SHA-256 checked"; fi
  why="the download of v$version for $target failed"
else
  why="no release asset fits this runner (${RUNNER_OS:-?} ${RUNNER_ARCH:-?})"
fi

if [ "${CF_TOKEN_LINT_NO_SOURCE_FALLBACK:-}" = 1 ]; then
  fail "$why, and CF_TOKEN_LINT_NO_SOURCE_FALLBACK=1 forbids building from source"
fi
command -v cargo >/dev/null 2>&1 || fail "$why, and cargo is not installed to build it"
echo "::warning title=cf-token-lint install::$why; building it with cargo install (slow)"
if [ "$version" = "$own_version" ]; then
  cargo install --locked --quiet --root "$dir/.cargo" --path "$action_dir"
else
  cargo install --locked --quiet --root "$dir/.cargo" --version "=$version" cf-token-lint
fi
mkdir -p "$dir"
cp "$dir/.cargo/bin/$exe" "$dir/$exe"
finish "built from source"
