#!/usr/bin/env bash
# The lint step of the GitHub Action (action.yml): annotations as workflow commands on
# standard output and, when asked, a SARIF report. Inputs come as environment variables, never
# spliced into the script, so no input can inject shell code.
#   CF_TOKEN_LINT     the binary
#   INPUT_PATHS       paths, separated by spaces or new lines (default: .)
#   INPUT_ARGS        extra options for `cf-token-lint check`
#   INPUT_SARIF_FILE  where to write SARIF (optional)
#   GITHUB_STEP_SUMMARY  when set, a job summary is added: findings per rule and the first 20
#                     (GitHub shows only a few annotations per step)
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
status=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "$status" -le 1 ]; then
  findings="$("$CF_TOKEN_LINT" check --format compact --color never --quiet --exit-zero "${extra[@]}" -- "${paths[@]}" 2>/dev/null)"
  {
    echo "## cf-token-lint"
    echo
    if [ -z "$findings" ]; then
      echo "No findings."
    else
      echo "$(printf '%s\n' "$findings" | wc -l | tr -d ' ') findings."
      echo
      echo "| rule | severity | findings |"
      echo "| --- | --- | ---: |"
      # path:line:col: severity[rule]: message
      printf '%s\n' "$findings" | sed -n 's/^.*:[0-9]*:[0-9]*: \([a-z]*\)\[\([^]]*\)\]: .*$/\2 \1/p' \
        | sort | uniq -c | sort -k1,1nr -k2 | awk '{ printf "| `%s` | %s | %d |\n", $2, $3, $1 }'
      echo
      echo "| where | finding |"
      echo "| --- | --- |"
      # shellcheck disable=SC2016 # the backticks are Markdown
      printf '%s\n' "$findings" | head -n 20 \
        | sed 's/|/\\|/g; s/^\(.*:[0-9]*:[0-9]*\): \(.*\)$/| `\1` | \2 |/'
      total="$(printf '%s\n' "$findings" | wc -l)"
      [ "$total" -le 20 ] || echo "| | and $((total - 20)) more |"
    fi
  } >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"
