//! Command-line definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Lint Cloudflare API token template URLs in docs and config files.";

const LONG_ABOUT: &str = "\
Lint Cloudflare API token template URLs in docs and config files.

Finds every https://dash.cloudflare.com/profile/api-tokens?... (user token) and
https://dash.cloudflare.com/?to=/:account/api-tokens&... (account token) link in Markdown, MDX,
HTML, YAML, JSON, TOML, reStructuredText, AsciiDoc and text files, decodes its
permissionGroupKeys, and reports unknown keys, wrong types, missing or stray parameters and
over-broad permissions, pointing at the exact bytes in the file.

`cf-token-lint [PATH]...` is short for `cf-token-lint check [PATH]...`.";

const AFTER_HELP: &str = "\
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

Exit status: 0 no diagnostic at or above --fail-on (or --exit-zero); 1 at least one; 2 the
run failed (bad arguments, a path that does not exist). With --fix, what remains after fixing
decides; with --diff, 1 means there is something to fix. In the machine formats (json, sarif,
github, compact) the summary line goes to standard error, so standard output stays parseable.";

#[derive(Debug, Parser)]
#[command(
    name = "cf-token-lint",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (the default command).
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
    /// Decode one template URL and print what the token would be granted.
    #[command(after_help = EXPLAIN_HELP)]
    Explain(ExplainArgs),
    /// Build a template URL from permissions, checked against the catalog.
    #[command(after_help = NEW_HELP)]
    New(NewArgs),
    /// List the rules, or print one rule's page.
    #[command(after_help = RULES_HELP)]
    Rules(RulesArgs),
    /// Import Cloudflare's permission group list, or show what the catalog knows.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Run the language server (LSP over standard input and output), for editors.
    #[command(
        after_help = "Editors start it themselves; see the README for Neovim, VS Code, Helix and Emacs."
    )]
    Lsp,
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on standard output.
    #[command(
        after_help = "Example:\n  cf-token-lint man > cf-token-lint.1 && man ./cf-token-lint.1"
    )]
    Man,
}

const EXPLAIN_HELP: &str = "\
Examples:
  cf-token-lint explain 'https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=%2A&zoneId=all&name=DNS%20Read'
  pbpaste | cf-token-lint explain -
  cf-token-lint explain --format json URL

Exit status: 0 the URL has no errors; 1 it has; 2 no template URL was found.";

const NEW_HELP: &str = "\
Examples:
  cf-token-lint new --user -p dns:edit -p zone:read --name 'DNS edit'
  cf-token-lint new --account -p workers_scripts:edit --name 'Deploy Workers' --markdown

The URL is percent-encoded as Cloudflare's template URL page writes its examples. An unknown
key or a type the key does not take is an error (exit 2) with a suggestion; other findings
(an over-broad permission) are printed on standard error.";

const RULES_HELP: &str = "\
Examples:
  cf-token-lint rules                 every rule: id, default severity, fixable, summary
  cf-token-lint rules unknown-key     the rule's page: what, why, examples, how to fix
  cf-token-lint rules --format json";

const COMPLETIONS_HELP: &str = "\
Examples:
  cf-token-lint completions bash > ~/.local/share/bash-completion/completions/cf-token-lint
  cf-token-lint completions zsh > ~/.zfunc/_cf-token-lint
  cf-token-lint completions fish > ~/.config/fish/completions/cf-token-lint.fish";

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Turn the JSON of Cloudflare's "List permission groups" endpoint into a catalog file.
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Print what the catalog knows: every key, or one key or permission group ID.
    Show(ShowArgs),
}

const IMPORT_HELP: &str = "\
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

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The permission group list (JSON), or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the catalog file here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// A key (`dns`) or a permission group ID; without one, every key.
    #[arg(value_name = "KEY|ID")]
    pub item: Option<String>,

    #[arg(long, value_enum, default_value_t = DataFormat::Human)]
    pub format: DataFormat,

    /// Use this configuration file (its catalog and imports) instead of the one found from the
    /// working directory.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// The built-in catalog only.
    #[arg(long)]
    pub isolated: bool,
}

/// Output format of the commands that print data (`explain`, `rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// The template URL (quote it for the shell), or `-` to read text holding one or more
    /// URLs from standard input.
    #[arg(value_name = "URL")]
    pub url: String,

    #[arg(long, value_enum, default_value_t = DataFormat::Human)]
    pub format: DataFormat,

    /// When to colour the diagnostics.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Use this configuration file (its catalog and rules) instead of the one found from the
    /// working directory.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, Clone, Args)]
#[command(group = clap::ArgGroup::new("kind").required(true).args(["user", "account"]))]
pub struct NewArgs {
    /// A user token (`/profile/api-tokens`, with accountId and zoneId).
    #[arg(long)]
    pub user: bool,

    /// An account token (`/?to=/:account/api-tokens`).
    #[arg(long)]
    pub account: bool,

    /// A permission as KEY:TYPE (`dns:edit`, `analytics:read`); repeat for more.
    #[arg(
        short = 'p',
        long = "permission",
        value_name = "KEY:TYPE",
        required = true
    )]
    pub permissions: Vec<String>,

    /// The token's name, shown pre-filled in the form.
    #[arg(long)]
    pub name: Option<String>,

    /// User tokens: the account, `*` for all (the default) or a 32-hex account id.
    #[arg(
        long,
        value_name = "ID",
        default_value = "*",
        conflicts_with = "account"
    )]
    pub account_id: String,

    /// User tokens: the zone, `all` (the default) or a 32-hex zone id.
    #[arg(
        long,
        value_name = "ID",
        default_value = "all",
        conflicts_with = "account"
    )]
    pub zone_id: String,

    /// Print a Markdown link (`[name](url)`), safe inside a table.
    #[arg(long)]
    pub markdown: bool,

    /// Use this configuration file (its catalog and policy) instead of the one found from the
    /// working directory.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// A rule id: print its page.
    #[arg(value_name = "RULE")]
    pub rule: Option<String>,

    #[arg(long, value_enum, default_value_t = DataFormat::Human)]
    pub format: DataFormat,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads standard input. Directories are walked for
    /// .md .markdown .mdx .html .htm .yaml .yml .json .jsonc .toml .rst .adoc .txt files,
    /// skipping .git, node_modules, target and git-ignored paths. A file named here is always
    /// linted, whatever its extension. [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Name standard input as this path: its extension picks the syntax (Markdown when
    /// absent), and reports show it. Implies `-` when no PATH is given.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Apply the safe fixes in place (see `cf-token-lint rules` for which rules fix), then
    /// report what remains. Files are rewritten atomically, and a file with nothing to fix is
    /// not touched. With `-`, the fixed text goes to standard output and the report to
    /// standard error.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix: bool,

    /// Print the fixes `--fix` would make as a unified diff and change nothing. Exits 1 when
    /// there is something to fix.
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,

    /// With --fix or --diff, also apply the suggested fixes whose meaning is not certain: a
    /// key chosen because it is spelled like the one written, which could change what the
    /// token grants. `--diff` shows them after the safe fixes, under their own heading.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// When to colour human output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Exit with status 1 when any diagnostic is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Exit with status 0 even when there are diagnostics (a failed run still exits 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print diagnostics only: no summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Use this configuration file instead of looking for cf-token-lint.toml or
    /// .cf-token-lint.toml in the working directory (or --stdin-filename's) and its parents.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file: built-in defaults only.
    #[arg(long)]
    pub isolated: bool,

    /// Apply the configuration's excludes to paths named on the command line too (as
    /// pre-commit passes every changed file by name).
    #[arg(long)]
    pub force_exclude: bool,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record every current finding in this baseline file, and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Files larger than this many bytes are reported (unreadable-file) instead of linted.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE, value_parser = clap::value_parser!(u64).range(1..=u64::from(u32::MAX)))]
    pub max_file_size: u64,

    /// Say on standard error which files were skipped and why (binary files, FIFOs, ...).
    #[arg(long, short)]
    pub verbose: bool,

    /// List the files the walk would read, one path per line, sorted, and exit 0 without
    /// linting them.
    #[arg(long)]
    pub show_files: bool,
}

/// 100 MiB: far above any docs page, below what could exhaust memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics drawn under the source, with help lines and a summary.
    Human,
    /// The versioned JSON report (see the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...`): annotations on pull requests.
    Github,
    /// `path:line:col: severity[rule]: message`, one line each, for editors.
    Compact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
}

impl FailOn {
    pub fn severity(self) -> crate::diagnostic::Severity {
        use crate::diagnostic::Severity;
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Note => Severity::Note,
        }
    }
}
