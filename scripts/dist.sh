#!/usr/bin/env bash
# Builds this platform's distribution into dist/ from the release binary:
#   dist/cf_token_lint-<version>-py3-none-<platform>.whl   the wheel (maturin, bindings = "bin")
#   dist/cf-token-lint-<version>.tgz                       the npm launcher
#   dist/cf-token-lint-cli-<os>-<cpu>[-musl]-<version>.tgz this platform's npm package
#   dist/cf-token-lint-<target>.tar.gz (+ .sha256)         the release archive the Action fetches
# Needs cargo, maturin (pip install maturin) and npm. The binary is built as releases build it
# (scripts/release-env.sh: on Linux with glibc, linked statically) under target/<host>/release,
# which maturin shares, so a second run only repackages.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${DIST_DIR:-$root/dist}"
for tool in cargo maturin npm node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "dist: $tool is not on PATH" >&2; exit 1; }
done

host="$(rustc -vV | sed -n 's/^host: //p')"
rm -rf "$out"
mkdir -p "$out"

bash scripts/release-env.sh "$host" cargo build --release --locked --quiet --bin cf-token-lint --target "$host"
binary="$root/target/$host/release/cf-token-lint"

# maturin runs the same cargo build (nothing left to compile) and wraps the binary.
(cd python && bash ../scripts/release-env.sh "$host" \
  maturin build --release --locked --quiet --target "$host" --out "$out") >/dev/null

bash scripts/npm-package.sh launcher "$out"
bash scripts/npm-package.sh "$host" "$binary" "$out"

# The release archive, as .github/workflows/release.yml makes it: the binary at the top level.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$binary" LICENSE-MIT LICENSE-APACHE README.md "$stage/"
archive="cf-token-lint-$host.tar.gz"
tar -czf "$out/$archive" -C "$stage" cf-token-lint LICENSE-MIT LICENSE-APACHE README.md
(cd "$out" && sha256sum "$archive" > "$archive.sha256")

ls -1 "$out"
