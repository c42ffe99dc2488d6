//! The configuration file (`cf-token-lint.toml` or `.cf-token-lint.toml`): rule severities,
//! which files to lint, extra catalog keys, and the team's least-privilege policy.
//!
//! Every section is optional and unknown fields are errors. Errors name the file, line and
//! column, and the values that would have been accepted.

mod resolver;

pub use resolver::Resolver;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{CatalogFile, CatalogSection, SharedCatalog};
use crate::diagnostic::Severity;
use crate::policy::{Policy, RawPolicy};
use crate::rules::{closest_rule, descriptors, Context, Severities};
use crate::source::LineIndex;
use crate::text::{printable, quoted_list};
use crate::walk::{absolute, FileFilter, Globs};

/// File names looked for, in this order, in the working directory and its ancestors.
pub const CONFIG_NAMES: &[&str] = &["cf-token-lint.toml", ".cf-token-lint.toml"];

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Level {
    Off,
    Note,
    Warning,
    Error,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Note => Some(Severity::Note),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<Level>>,
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    catalog: CatalogSection,
    #[serde(default)]
    policy: RawPolicy,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFiles {
    exclude: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_exclude: Vec<Spanned<String>>,
    include: Option<Vec<Spanned<String>>>,
}

impl RawFiles {
    fn globs(&self) -> Globs<'_> {
        fn spanned(list: &[Spanned<String>]) -> Vec<(Range<usize>, &str)> {
            list.iter()
                .map(|g| (g.span(), g.get_ref().as_str()))
                .collect()
        }
        Globs {
            exclude: self.exclude.as_deref().map(spanned),
            extend_exclude: spanned(&self.extend_exclude),
            include: self.include.as_deref().map(spanned),
        }
    }
}

/// Everything a run is configured with.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    pub severities: Severities,
    pub files: FileFilter,
    pub catalog: SharedCatalog,
    pub policy: Policy,
}

impl Default for Config {
    /// Built-in defaults, globs rooted at the working directory.
    fn default() -> Self {
        Config::defaults(&absolute(Path::new(".")))
    }
}

impl Config {
    /// No file: built-in catalog, default severities and file types, globs rooted at `root`.
    pub fn defaults(root: &Path) -> Config {
        Config {
            path: None,
            severities: Severities::default(),
            files: FileFilter::defaults(root),
            catalog: SharedCatalog::builtin(),
            policy: Policy::default(),
        }
    }

    /// What the rules consult: the catalog and the policy.
    pub fn rule_context(&self) -> Context<'_> {
        Context {
            catalog: &self.catalog,
            policy: &self.policy,
        }
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, String> {
        // Opened once, a regular file only, read with a cap: `--config /dev/zero` or a
        // committed symlink to a device is an error, not a hang.
        let text = crate::input::read_text(path)
            .map_err(|e| format!("{}: cannot read the configuration: {e}", path.display()))?;
        let root = path
            .parent()
            .map(absolute)
            .unwrap_or_else(|| absolute(Path::new(".")));
        // Messages name the file as the user would: relative to the working directory when
        // it is below it.
        let cwd = absolute(Path::new("."));
        let shown = absolute(path)
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf());
        Config::parse(&text, &shown, &root)
    }

    /// Parses configuration text; `path` names it in errors, `root` anchors its globs.
    pub fn parse(text: &str, path: &Path, root: &Path) -> Result<Config, String> {
        let at = |span: Option<Range<usize>>, message: &str| located(text, path, span, message);
        let raw: RawConfig = toml::from_str(text).map_err(|e| at(e.span(), e.message()))?;
        let mut config = Config::defaults(root);
        config.path = Some(path.to_path_buf());

        let known_rules: Vec<&str> = descriptors().map(|d| d.id).collect();
        for (rule, level) in &raw.rules {
            if !known_rules.contains(&rule.get_ref().as_str()) {
                let hint = match closest_rule(rule.get_ref()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("rules are {}", quoted_list(&known_rules)),
                };
                return Err(at(
                    Some(rule.span()),
                    &format!("unknown rule `{}` in [rules]; {hint}", rule.get_ref()),
                ));
            }
            config
                .severities
                .set(rule.get_ref(), level.get_ref().severity());
        }

        // Imported files first, so that what this file says about a key or group wins.
        for file in &raw.catalog.import {
            let imported = root.join(file.get_ref());
            let text = crate::input::read_text(&imported).map_err(|e| {
                at(
                    Some(file.span()),
                    &format!("cannot read catalog file {}: {e}", imported.display()),
                )
            })?;
            let shown = path.parent().unwrap_or(Path::new("")).join(file.get_ref());
            let at_import =
                |span: Option<Range<usize>>, message: &str| located(&text, &shown, span, message);
            let raw_file: CatalogFile =
                toml::from_str(&text).map_err(|e| at_import(e.span(), e.message()))?;
            if let Some(nested) = raw_file.catalog.import.first() {
                return Err(at_import(
                    Some(nested.span()),
                    "a catalog file cannot import others; list them all in the configuration",
                ));
            }
            config
                .catalog
                .merge(raw_file.catalog, &shown)
                .map_err(|(span, message)| at_import(Some(span), &message))?;
        }
        config
            .catalog
            .merge(raw.catalog, path)
            .map_err(|(span, message)| at(Some(span), &message))?;

        config.files = FileFilter::from_globs(raw.files.globs(), root)
            .map_err(|(span, message)| at(Some(span), &message))?;
        config.policy = Policy::from_section(raw.policy, &config.catalog)
            .map_err(|(span, message)| at(Some(span), &message))?;
        Ok(config)
    }

    /// The configuration for a run: `--isolated` ignores files, `--config` names one, else the
    /// nearest `cf-token-lint.toml` or `.cf-token-lint.toml` above `start`.
    pub fn resolve(
        explicit: Option<&Path>,
        isolated: bool,
        start: &Path,
    ) -> Result<Config, String> {
        if isolated {
            return Ok(Config::defaults(&absolute(Path::new("."))));
        }
        if let Some(path) = explicit {
            return Config::load(path);
        }
        match discover(start) {
            Some(path) => Config::load(&path),
            None => Ok(Config::defaults(&absolute(Path::new(".")))),
        }
    }
}

/// The nearest configuration file in `start` or its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = absolute(start);
    start
        .ancestors()
        .flat_map(|dir| CONFIG_NAMES.iter().map(move |name| dir.join(name)))
        .find(|p| p.is_file())
}

/// A message that does not name its table yet gets "(in [table])".
fn located(text: &str, path: &Path, span: Option<Range<usize>>, message: &str) -> String {
    let path = printable(&path.display().to_string());
    match span {
        Some(span) => {
            let at = LineIndex::new(text.as_bytes()).position(text.as_bytes(), span.start);
            let table = match table_at(text, span.start) {
                Some(table) if !message.contains('[') => format!(" (in [{table}])"),
                _ => String::new(),
            };
            format!("{path}:{}:{}: {message}{table}", at.line, at.column)
        }
        None => format!("{path}: {message}"),
    }
}

/// The table a byte of TOML text is in: the last `[header]` (or `[[header]]`) line at or
/// above its line.
fn table_at(text: &str, offset: usize) -> Option<&str> {
    let offset = offset.min(text.len());
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let before = text.get(..line_end)?;
    before.lines().rev().find_map(|line| {
        let line = line.split('#').next().unwrap_or("").trim();
        let inner = line.strip_prefix('[')?.strip_suffix(']')?;
        let inner = inner.trim_start_matches('[').trim_end_matches(']').trim();
        (!inner.is_empty()).then_some(inner)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("cf-token-lint.toml"), Path::new("/repo"))
    }

    #[test]
    fn errors_name_file_line_column_and_the_allowed_values() {
        let e = parse("[rules]\nover-broad = \"fatal\"\n").unwrap_err();
        assert_eq!(e, "cf-token-lint.toml:2:14: unknown variant `fatal`, expected one of `off`, `note`, `warning`, `error` (in [rules])");
        let e = parse("[rulez]\n").unwrap_err();
        assert!(
            e.starts_with("cf-token-lint.toml:1:2: unknown field `rulez`"),
            "{e}"
        );
        let e = parse("[rules]\noverbroad = \"off\"\n").unwrap_err();
        assert!(
            e.starts_with(
                "cf-token-lint.toml:2:1: unknown rule `overbroad` in [rules]; did you mean `over-broad`?"
            ),
            "{e}"
        );
        let e = parse("[policy]\nmax-type = { dnz = \"read\" }\n").unwrap_err();
        assert_eq!(
            e,
            "cf-token-lint.toml:2:14: unknown permission key `dnz`; did you mean `dns`? (in [policy])"
        );
        let e = parse("[policy]\ndeny = [\"billing\"]\n").unwrap_err();
        assert_eq!(
            e,
            "cf-token-lint.toml:2:9: `billing` is not `key:type` or `key:*` (in [policy])"
        );
        let e = parse("[policy]\nmax-permissions = 0\n").unwrap_err();
        assert!(
            e.starts_with("cf-token-lint.toml:2:19: max-permissions must be at least 1"),
            "{e}"
        );
        let e = parse("[catalog.keys.x]\nscope = \"planet\"\ntypes = [\"read\"]\nrisk = \"low\"\n")
            .unwrap_err();
        assert!(
            e.starts_with("cf-token-lint.toml:2:9: unknown variant `planet`"),
            "{e}"
        );
        let e = parse("[files]\nexclude = [\"docs/{a,b\"]\n").unwrap_err();
        assert!(
            e.starts_with("cf-token-lint.toml:2:12: invalid glob `docs/{a,b`"),
            "{e}"
        );
    }

    #[test]
    fn catalog_keys_default_their_risk_and_check_their_types() {
        let c = parse("[catalog.keys.x]\nscope = \"zone\"\ntypes = [\"read\"]\n").unwrap();
        assert_eq!(
            c.catalog.key("x").map(|k| k.risk),
            Some(crate::catalog::Risk::Low)
        );
        let e = parse("[catalog.keys.x]\nscope = \"zone\"\ntypes = [\"read\", \"write\"]\n")
            .unwrap_err();
        assert_eq!(
            e,
            "cf-token-lint.toml:1:15: [catalog.keys.x] types: `write` is not a type the token form takes; did you mean `edit`? (the form calls a Write level `edit`)"
        );
        let e = parse("[catalog.keys.x]\nscope = \"zone\"\ntypes = [\"Read\"]\n").unwrap_err();
        assert!(e.ends_with("types are lowercase: `read`"), "{e}");
        let e = parse("[catalog.keys.x]\nscope = \"zone\"\n").unwrap_err();
        assert_eq!(
            e,
            "cf-token-lint.toml:1:1: missing field `types` (in [catalog.keys.x])"
        );
    }

    #[test]
    fn sections_take_effect() {
        let c = parse(
            "[rules]\nover-broad = \"error\"\nstray-param = \"off\"\n\
             [catalog.keys.email_routing_rules]\nscope = \"zone\"\ntypes = [\"read\", \"edit\"]\nrisk = \"low\"\n\
             [policy]\nmax-type = { dns = \"read\", email_routing_rules = \"read\" }\ndeny = [\"billing:*\", \"account_api_tokens:edit\"]\n\
             high-risk = [\"zone\"]\nrequire-name = true\nwildcard-edit = false\nmax-permissions = 3\n",
        )
        .unwrap();
        assert_eq!(c.severities.of("over-broad"), Some(Severity::Error));
        assert_eq!(c.severities.of("stray-param"), None);
        assert_eq!(c.severities.of("unknown-key"), Some(Severity::Error));
        assert!(c.catalog.key("email_routing_rules").is_some());
        assert_eq!(c.policy.max_type["dns"], "read");
        assert!(c.policy.deny[0].matches("billing", "read"));
        assert!(!c.policy.deny[1].matches("account_api_tokens", "read"));
        assert!(c.policy.require_name && !c.policy.wildcard_edit);
        assert_eq!(c.policy.max_permissions, Some(3));
    }

    #[test]
    fn globs_are_relative_to_the_config_directory() {
        let c = parse(
            "[files]\nextend-exclude = [\"drafts/**\", \"CHANGELOG.md\"]\ninclude = [\"*.md\"]\n",
        )
        .unwrap();
        let f = &c.files;
        assert!(f.is_excluded(Path::new("/repo/drafts/a.md"), false));
        assert!(f.is_excluded_path(Path::new("docs/node_modules/x/a.md"), false));
        assert!(f.is_excluded(Path::new("/repo/CHANGELOG.md"), false));
        assert!(!f.is_excluded(Path::new("/repo/docs/CHANGELOG.txt"), false));
        assert!(
            !f.is_excluded(Path::new("/elsewhere/drafts/a.md"), false),
            "outside the root no glob applies"
        );
        assert!(f.is_included(Path::new("/repo/docs/a.md")));
        assert!(!f.is_included(Path::new("/repo/docs/a.html")));
        let replaced = parse("[files]\nexclude = [\"vendor/\"]\n").unwrap();
        assert!(!replaced
            .files
            .is_excluded(Path::new("/repo/node_modules/a.md"), false));
        assert!(replaced
            .files
            .is_excluded(Path::new("/repo/vendor/a.md"), false));
    }
}
