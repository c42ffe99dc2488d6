#!/usr/bin/env bash
# The lint step of the GitHub Action (action.yml): annotations as workflow commands on
# standard output and, when asked, a SARIF report. Inputs come as environment variables, never
# spliced into the script, so no input can inject shell code.
#   CF_TOKEN_LINT     the binary
#   INPUT_PATHS       paths, separated by spaces or new lines (default: .)
#   INPUT_ARGS        extra options for `cf-token-lint check`
#   INPUT_SARIF_FILE  where to write SARIF (optional)
set -uo pipefail

# Split on whitespace without expanding globs.
set -f
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})
# shellcheck disable=SC2206
extra=(${INPUT_ARGS:-})
set +f
[ ${#paths[@]} -gt 0 ] || paths=(.)

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  "$CF_TOKEN_LINT" check --format sarif --quiet "${extra[@]}" -- "${paths[@]}" > "$INPUT_SARIF_FILE"
  status=$?
  # 1 means findings, which the annotations below report; 2 means the run failed.
  [ "$status" -le 1 ] || exit "$status"
fi

"$CF_TOKEN_LINT" check --format github "${extra[@]}" -- "${paths[@]}"
