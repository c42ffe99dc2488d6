//! Command-line definitions.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

mod help;

use help::{
    ABOUT, AFTER_HELP, COMPLETIONS_HELP, EXPLAIN_HELP, IMPORT_HELP, LONG_ABOUT, MAN_HELP, NEW_HELP,
    RULES_HELP,
};

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
    /// Write a commented starter cf-token-lint.toml (in DIR, default the working directory).
    #[command(
        after_help = "Examples:\n  cf-token-lint init\n  cf-token-lint init docs/\nIt never overwrites an existing file."
    )]
    Init {
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on standard output: cf-token-lint(1), or a subcommand's
    /// page, cf-token-lint-SUBCOMMAND(1), which cf-token-lint(1) refers to.
    #[command(after_help = MAN_HELP)]
    Man {
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Turn the JSON of Cloudflare's "List permission groups" endpoint into a catalog file.
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Print what the catalog knows: every key, or one key or permission group ID.
    Show(ShowArgs),
}

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

    /// Run only these rules (comma-separated ids, e.g. `unknown-key,bad-type`), whatever the
    /// configuration turns on. A rule it turned off runs at its default severity.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Run these rules too (comma-separated ids), on top of the configuration's.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,

    /// Leave out these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Print how many findings each rule has (most first), instead of the findings.
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline"])]
    pub statistics: bool,

    /// Write the report to this file instead of standard output (the summary goes to
    /// standard error).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Print the configuration that applies to FILE (which file it came from, each rule's
    /// severity, the policy) and exit.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff", "write_baseline"])]
    pub show_settings: Option<PathBuf>,

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

    /// Files larger than this are reported (unreadable-file) instead of linted: bytes, or
    /// with a unit (`512KiB`, `10MiB`, `1GB`; K, M, G are 1024-based, KB, MB, GB 1000-based).
    /// [default: 100MiB]
    #[arg(long, value_name = "SIZE", default_value_t = DEFAULT_MAX_FILE_SIZE, hide_default_value = true, value_parser = parse_size)]
    pub max_file_size: u64,

    /// Say on standard error which files were skipped and why (binary files, FIFOs, ...).
    #[arg(long, short)]
    pub verbose: bool,

    /// List the files the walk would read, one path per line, sorted, and exit 0 without
    /// linting them.
    #[arg(long)]
    pub show_files: bool,

    /// How many threads read and lint files. [default: all cores; 0 means the same]
    #[arg(
        long,
        short = 'j',
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub threads: usize,
}

/// 100 MiB: far above any docs page, below what could exhaust memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 * 1024 * 1024;

/// A size as people write it: `4096`, `512KiB`, `10MiB`, `1GB`, `2k`.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size: write bytes or e.g. 512KiB, 10MiB"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        other => {
            return Err(format!(
                "unknown unit `{other}`: use B, KiB, MiB, GiB (or KB, MB, GB)"
            ))
        }
    };
    match number.checked_mul(factor) {
        Some(0) => Err("the size must be at least 1 byte".into()),
        Some(size) if size <= u64::from(u32::MAX) => Ok(size),
        _ => Err(format!("`{text}` is over the 4 GiB limit")),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("1KiB"), Ok(1024));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("1MB"), Ok(1_000_000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("5GiB").is_err());
        assert_eq!(
            parse_size("1KB/s"),
            Err("unknown unit `kb/s`: use B, KiB, MiB, GiB (or KB, MB, GB)".into())
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether to colour standard output: `auto` colours a terminal unless NO_COLOR is set.
    pub fn enabled(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
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
