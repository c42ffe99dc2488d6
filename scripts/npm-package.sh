#!/usr/bin/env bash
# Packs one npm package into OUT_DIR (a .tgz, with `npm pack`):
#   scripts/npm-package.sh launcher OUT_DIR
#   scripts/npm-package.sh TARGET BINARY OUT_DIR     (TARGET: a key of npm/cf-token-lint/platforms.json)
# The platform package is generated from platforms.json (name, os, cpu, libc) and holds the binary
# at bin/; its version is the launcher's, which must be Cargo.toml's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$root/npm/cf-token-lint"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const [file, version] = process.argv.slice(1);
  const pkg = require(file);
  const pins = Object.values(pkg.optionalDependencies);
  if (pkg.version !== version || pins.some((v) => v !== version)) {
    console.error(`npm-package: ${file} is not at version ${version} (Cargo.toml) throughout`);
    process.exit(1);
  }' "$launcher/package.json" "$version"

if [ "${1:-}" = launcher ]; then
  [ $# -eq 2 ] || { echo "usage: $0 launcher OUT_DIR" >&2; exit 2; }
  out="$2"
  cp -R "$launcher/." "$stage/"
  cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/"
else
  [ $# -eq 3 ] || { echo "usage: $0 TARGET BINARY OUT_DIR" >&2; exit 2; }
  target="$1" binary="$2" out="$3"
  [ -f "$binary" ] || { echo "npm-package: no binary at $binary" >&2; exit 1; }
  mkdir -p "$stage/bin"
  exe="cf-token-lint"
  case "$target" in *windows*) exe="cf-token-lint.exe" ;; esac
  cp "$binary" "$stage/bin/$exe"
  chmod 755 "$stage/bin/$exe"
  cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/"
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const [platformsFile, target, version, dir] = process.argv.slice(1);
    const p = require(platformsFile)[target];
    if (!p) { console.error(`npm-package: no npm package for target ${target}`); process.exit(1); }
    const pkg = {
      name: p.package,
      version,
      description: `The cf-token-lint binary for ${target}; install the cf-token-lint package, which uses it.`,
      license: "MIT OR Apache-2.0",
      homepage: "https://github.com/cf-token-lint/cf-token-lint#readme",
      repository: { type: "git", url: "git+https://github.com/cf-token-lint/cf-token-lint.git" },
      os: [p.os],
      cpu: [p.cpu],
      ...(p.libc ? { libc: [p.libc] } : {}),
      files: ["bin/", "LICENSE-MIT", "LICENSE-APACHE", "README.md"],
      preferUnplugged: true,
    };
    const fs = require("fs");
    fs.writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
    fs.writeFileSync(`${dir}/README.md`,
      `# ${p.package}\n\nThe \`cf-token-lint\` binary for ${target}. Install \`cf-token-lint\` instead:` +
      ` it picks this package when it fits.\n`);
  ' "$launcher/platforms.json" "$target" "$version" "$stage"
fi
mkdir -p "$out"
(cd "$stage" && npm pack --silent --pack-destination "$(cd "$out" && pwd)" >/dev/null)
