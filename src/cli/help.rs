//! The long help texts: examples and exit statuses, shown by `--help` and in the manual page.

pub(super) const ABOUT: &str = "Lint Cloudflare API token template URLs in docs and config files.";

pub(super) const LONG_ABOUT: &str = "\
Lint Cloudflare API token template URLs in docs and config files.

Finds every https://dash.cloudflare.com/profile/api-tokens?... (user token) and
https://dash.cloudflare.com/?to=/:account/api-tokens&... (account token) link in Markdown, MDX,
HTML, YAML, JSON, TOML, reStructuredText, AsciiDoc and text files, decodes its
permissionGroupKeys, and reports unknown keys, wrong types, missing or stray parameters and
over-broad permissions, pointing at the exact bytes in the file.

`cf-token-lint [PATH]...` is short for `cf-token-lint check [PATH]...`.";

pub(super) const AFTER_HELP: &str = "\
Examples:
  cf-token-lint                               lint the current directory
  cf-token-lint docs/ README.md               lint a tree and a file
  cf-token-lint --format json docs/ > report.json
  cf-token-lint --format sarif docs/ > cf-token-lint.sarif
  cat page.mdx | cf-token-lint check --stdin-filename docs/page.mdx -
  cf-token-lint --diff docs/                  show the safe fixes as a diff
  cf-token-lint --fix docs/                   apply them
  cf-token-lint --diff --unsafe-fixes docs/   also show the suggested fixes, set apart
  cf-token-lint --write-baseline .cf-token-lint-baseline.json docs/
  cf-token-lint --baseline .cf-token-lint-baseline.json docs/
  cf-token-lint --select unknown-key,bad-type --statistics docs/
  cf-token-lint --format gitlab -o gl-code-quality-report.json .
  cf-token-lint --show-settings docs/deep/page.md   which configuration applies, and why
  cf-token-lint init                          write a commented starter cf-token-lint.toml

Each file is linted under the nearest cf-token-lint.toml (or .cf-token-lint.toml) in its
directory or above; --config names one for all, --isolated uses none.
Exit status: 0 no diagnostic at or above --fail-on (or --exit-zero); 1 at least one; 2 the
run failed or was incomplete (bad arguments, a path that does not exist: reported, and the
rest linted). With --fix, what remains after fixing
decides; with --diff, 1 means there is something to fix. In the machine formats (json, sarif,
github, compact) the summary line goes to standard error, so standard output stays parseable.";

pub(super) const EXPLAIN_HELP: &str = "\
Examples:
  cf-token-lint explain 'https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=%2A&zoneId=all&name=DNS%20Read'
  pbpaste | cf-token-lint explain -
  cf-token-lint explain --format json URL

Exit status: 0 the URL has no errors; 1 it has; 2 no template URL was found.";

pub(super) const NEW_HELP: &str = "\
Examples:
  cf-token-lint new --user -p dns:edit -p zone:read --name 'DNS edit'
  cf-token-lint new --account -p workers_scripts:edit --name 'Deploy Workers' --markdown

The URL is percent-encoded as Cloudflare's template URL page writes its examples. An unknown
key or a type the key does not take is an error (exit 2) with a suggestion; other findings
(an over-broad permission) are printed on standard error.";

pub(super) const RULES_HELP: &str = "\
Examples:
  cf-token-lint rules                 every rule: id, default severity, fixable, summary
  cf-token-lint rules unknown-key     the rule's page: what, why, examples, how to fix
  cf-token-lint rules --format json";

pub(super) const MAN_HELP: &str = "\
Examples:
  cf-token-lint man > cf-token-lint.1 && man ./cf-token-lint.1
  for page in check explain new rules catalog init lsp completions; do
    cf-token-lint man $page > cf-token-lint-$page.1
  done";

pub(super) const COMPLETIONS_HELP: &str = "\
Examples:
  mkdir -p ~/.local/share/bash-completion/completions
  cf-token-lint completions bash > ~/.local/share/bash-completion/completions/cf-token-lint
  mkdir -p ~/.zfunc && cf-token-lint completions zsh > ~/.zfunc/_cf-token-lint
  mkdir -p ~/.config/fish/completions
  cf-token-lint completions fish > ~/.config/fish/completions/cf-token-lint.fish";

pub(super) const IMPORT_HELP: &str = "\
FILE is the endpoint's response ({\"result\": [...]}), a bare array of groups, or a Markdown
page holding one in a ```json block. Fetch it with your own token (the linter never goes to the
network):

  curl -sS https://api.cloudflare.com/client/v4/user/tokens/permission_groups \\
    -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" > permission-groups.json
  cf-token-lint catalog import permission-groups.json -o cf-token-lint.catalog.toml

then point the configuration at the file:

  [catalog]
  import = [\"cf-token-lint.catalog.toml\"]

Keys the catalog does not document are derived from the group names (\"Email Routing Rules
Write\" is `email_routing_rules` with `edit`) and marked `derived = true`: unverified.";
