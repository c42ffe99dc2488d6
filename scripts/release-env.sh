#!/usr/bin/env bash
# How releases build the binary for TARGET, in one place for the release workflow, scripts/dist.sh
# and bench/run.py:
#   scripts/release-env.sh TARGET COMMAND...   runs COMMAND with the release build's environment
#   scripts/release-env.sh TARGET              prints that environment as NAME=value lines
#                                              (for $GITHUB_ENV; nothing for most targets)
# On Linux with glibc (*-linux-gnu), the binary is linked statically (crt-static). It then starts
# without the dynamic loader, which saves about 0.2 ms of every run (an eighth of a run on a
# small file), and it needs no particular glibc, so its wheel is tagged manylinux_2_5. Build with
# `--target TARGET`: with the target named, Cargo keeps these flags off build scripts and
# proc-macros, which must stay dynamic. The walk never reads the global gitignore
# (src/walk/mod.rs), so no path of the binary calls glibc's user lookups, which a static glibc
# would load at run time.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: scripts/release-env.sh TARGET [COMMAND...]" >&2
  exit 2
fi
target="$1"
shift
case "$target" in
  *-linux-gnu) export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C target-feature=+crt-static" ;;
esac
if [ $# -eq 0 ]; then
  if [ -n "${RUSTFLAGS:-}" ]; then echo "RUSTFLAGS=$RUSTFLAGS"; fi
  exit 0
fi
exec "$@"
