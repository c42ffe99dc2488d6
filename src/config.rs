//! The configuration file (`cf-token-lint.toml` or `.cf-token-lint.toml`): rule severities,
//! which files to lint, extra catalog keys, and the team's least-privilege policy.
//!
//! Every section is optional and unknown fields are errors. Errors name the file, line and
//! column, and the values that would have been accepted.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{Catalog, GroupInfo, KeyInfo};
use crate::diagnostic::Severity;
use crate::rules::descriptors;

/// File names looked for, in this order, in the working directory and its ancestors.
pub const CONFIG_NAMES: &[&str] = &["cf-token-lint.toml", ".cf-token-lint.toml"];

/// Directory names excluded wherever they are, unless `[files] exclude` replaces the defaults.
/// (`.git`, `.hg` and `.svn` are never entered.)
pub const DEFAULT_EXCLUDED_DIRS: &[&str] = &["node_modules", "target"];

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
    catalog: RawCatalog,
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<KeyInfo>>,
    /// Permission groups by ID, as `cf-token-lint catalog import` writes them.
    #[serde(default)]
    groups: BTreeMap<Spanned<String>, Spanned<GroupInfo>>,
    /// Catalog files (written by `cf-token-lint catalog import`), relative to this file.
    #[serde(default)]
    import: Vec<Spanned<String>>,
}

/// A catalog file: a `[catalog]` section and nothing else.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    catalog: RawCatalog,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicy {
    #[serde(default)]
    max_type: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    deny: Vec<Spanned<String>>,
    #[serde(default)]
    high_risk: Vec<Spanned<String>>,
    #[serde(default)]
    require_name: bool,
    wildcard_edit: Option<bool>,
    max_permissions: Option<Spanned<i64>>,
}

/// A permission the policy forbids: `key:type`, or `key:*` for every type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denied {
    pub key: String,
    /// `None` for `*`.
    pub ty: Option<String>,
}

impl Denied {
    pub fn matches(&self, key: &str, ty: &str) -> bool {
        self.key == key && self.ty.as_deref().is_none_or(|t| t == ty)
    }

    pub fn as_text(&self) -> String {
        format!("{}:{}", self.key, self.ty.as_deref().unwrap_or("*"))
    }
}

/// The team's least-privilege rules, checked by the `policy` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The highest type allowed per key (types ranked by `catalog::type_rank`).
    pub max_type: BTreeMap<String, String>,
    pub deny: Vec<Denied>,
    /// Keys counted as high risk by `over-broad`, beyond the catalog's.
    pub high_risk: BTreeSet<String>,
    pub require_name: bool,
    /// Whether `accountId=*` with `zoneId=all` may come with `edit`.
    pub wildcard_edit: bool,
    pub max_permissions: Option<usize>,
}

impl Policy {
    /// Whether the `policy` rule has nothing to check (no `[policy]`, or only `high-risk`,
    /// which `over-broad` reads): then it costs nothing per URL.
    pub fn checks_nothing(&self) -> bool {
        self.max_type.is_empty()
            && self.deny.is_empty()
            && !self.require_name
            && self.wildcard_edit
            && self.max_permissions.is_none()
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_type: BTreeMap::new(),
            deny: Vec::new(),
            high_risk: BTreeSet::new(),
            require_name: false,
            wildcard_edit: true,
            max_permissions: None,
        }
    }
}

/// Severity per rule id; a missing entry means the rule's default, `None` means off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Severities {
    overrides: HashMap<String, Option<Severity>>,
}

impl Severities {
    /// The severity `rule` reports at, or `None` when it is off.
    pub fn of(&self, rule: &str) -> Option<Severity> {
        match self.overrides.get(rule) {
            Some(level) => *level,
            None => descriptors()
                .find(|d| d.id == rule)
                .map(|d| d.default_severity),
        }
    }

    pub fn set(&mut self, rule: &str, level: Option<Severity>) {
        self.overrides.insert(rule.to_string(), level);
    }
}

/// Which files a walk picks up, with globs relative to `root` (the config's directory).
#[derive(Clone, Debug)]
pub struct FileFilter {
    root: PathBuf,
    /// The configuration's `exclude` and `extend-exclude` globs.
    exclude: Gitignore,
    /// Whether `DEFAULT_EXCLUDED_DIRS` still apply (`exclude` was not given).
    default_dirs: bool,
    /// `None`: the default extensions.
    include: Option<Gitignore>,
}

impl FileFilter {
    /// The default filter, rooted at `root`.
    pub fn defaults(root: &Path) -> FileFilter {
        FileFilter {
            root: root.to_path_buf(),
            exclude: Gitignore::empty(),
            default_dirs: true,
            include: None,
        }
    }

    /// Whether a directory of this name is skipped wherever it is.
    pub fn excludes_dir_name(&self, name: &std::ffi::OsStr) -> bool {
        self.default_dirs && DEFAULT_EXCLUDED_DIRS.iter().any(|d| name == *d)
    }

    /// Whether an (absolute) path, or a directory above it, matches an exclude glob. Globs
    /// see the path relative to the root, never an absolute path; outside the root none apply.
    pub fn is_excluded(&self, absolute: &Path, is_dir: bool) -> bool {
        match absolute.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => self
                .exclude
                .matched_path_or_any_parents(rel, is_dir)
                .is_ignore(),
            _ => false,
        }
    }

    /// Whether a path named on the command line is excluded (for `--force-exclude`).
    pub fn is_excluded_path(&self, given: &Path, is_dir: bool) -> bool {
        self.is_excluded(&absolute(given), is_dir)
            || given
                .components()
                .any(|c| self.excludes_dir_name(c.as_os_str()))
    }

    /// Whether a walked (absolute) file is of a type to lint.
    pub fn is_included(&self, absolute: &Path) -> bool {
        match &self.include {
            Some(include) => absolute
                .strip_prefix(&self.root)
                .is_ok_and(|rel| include.matched(rel, false).is_ignore()),
            None => crate::filetype::is_default_lint_target(absolute),
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
    pub catalog: Catalog,
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
            catalog: Catalog::builtin().clone(),
            policy: Policy::default(),
        }
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
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
                return Err(at(
                    Some(rule.span()),
                    &format!(
                        "unknown rule `{}`; rules are {}",
                        rule.get_ref(),
                        quoted(&known_rules)
                    ),
                ));
            }
            config
                .severities
                .set(rule.get_ref(), level.get_ref().severity());
        }

        // Imported files first, so that what this file says about a key or group wins.
        for file in &raw.catalog.import {
            let imported = root.join(file.get_ref());
            let text = std::fs::read_to_string(&imported).map_err(|e| {
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
            merge_catalog(raw_file.catalog, &shown, &mut config.catalog)
                .map_err(|(span, message)| at_import(Some(span), &message))?;
        }
        merge_catalog(raw.catalog, path, &mut config.catalog)
            .map_err(|(span, message)| at(Some(span), &message))?;

        config.files =
            file_filter(&raw.files, root).map_err(|(span, message)| at(Some(span), &message))?;
        config.policy = policy(raw.policy, &config.catalog)
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

fn file_filter(raw: &RawFiles, root: &Path) -> Result<FileFilter, (Range<usize>, String)> {
    let build = |globs: &mut dyn Iterator<Item = (Option<Range<usize>>, &str)>| -> Result<Gitignore, (Range<usize>, String)> {
        let mut builder = GitignoreBuilder::new(root);
        for (span, glob) in globs {
            builder
                .add_line(None, glob)
                .map_err(|e| (span.clone().unwrap_or(0..0), format!("invalid glob `{glob}`: {e}")))?;
        }
        builder.build().map_err(|e| (0..0, format!("invalid globs: {e}")))
    };
    let base: Vec<(Option<Range<usize>>, &str)> = match &raw.exclude {
        Some(list) => list
            .iter()
            .map(|g| (Some(g.span()), g.get_ref().as_str()))
            .collect(),
        None => Vec::new(),
    };
    let extended = raw
        .extend_exclude
        .iter()
        .map(|g| (Some(g.span()), g.get_ref().as_str()));
    let exclude = build(&mut base.into_iter().chain(extended))?;
    let include = match &raw.include {
        Some(list) => Some(build(
            &mut list.iter().map(|g| (Some(g.span()), g.get_ref().as_str())),
        )?),
        None => None,
    };
    Ok(FileFilter {
        root: root.to_path_buf(),
        exclude,
        default_dirs: raw.exclude.is_none(),
        include,
    })
}

fn policy(raw: RawPolicy, catalog: &Catalog) -> Result<Policy, (Range<usize>, String)> {
    let all_types: Vec<String> = catalog
        .all_types()
        .into_iter()
        .map(str::to_string)
        .collect();
    let type_names: Vec<&str> = all_types.iter().map(String::as_str).collect();
    let known_key = |key: &Spanned<String>| -> Result<(), (Range<usize>, String)> {
        if catalog.key(key.get_ref()).is_some() {
            return Ok(());
        }
        let hint = match catalog.suggest_key(key.get_ref()) {
            crate::catalog::KeySuggestion::Near(keys) if !keys.is_empty() => {
                format!("; did you mean `{}`?", keys[0])
            }
            _ => "; add it under [catalog.keys] if it is newer than the catalog".to_string(),
        };
        Err((
            key.span(),
            format!("unknown permission key `{}`{hint}", key.get_ref()),
        ))
    };
    let known_type = |ty: &Spanned<String>| -> Result<(), (Range<usize>, String)> {
        if type_names.contains(&ty.get_ref().as_str()) {
            Ok(())
        } else {
            Err((
                ty.span(),
                format!(
                    "unknown type `{}`; types are {}",
                    ty.get_ref(),
                    quoted(&type_names)
                ),
            ))
        }
    };

    let mut out = Policy {
        require_name: raw.require_name,
        wildcard_edit: raw.wildcard_edit.unwrap_or(true),
        ..Policy::default()
    };
    for (key, ty) in &raw.max_type {
        known_key(key)?;
        known_type(ty)?;
        out.max_type
            .insert(key.get_ref().clone(), ty.get_ref().clone());
    }
    for entry in &raw.deny {
        let Some((key, ty)) = entry.get_ref().split_once(':') else {
            return Err((
                entry.span(),
                format!("`{}` is not `key:type` or `key:*`", entry.get_ref()),
            ));
        };
        known_key(&Spanned::new(entry.span(), key.to_string()))?;
        if ty != "*" {
            known_type(&Spanned::new(entry.span(), ty.to_string()))?;
        }
        out.deny.push(Denied {
            key: key.to_string(),
            ty: (ty != "*").then(|| ty.to_string()),
        });
    }
    for key in &raw.high_risk {
        known_key(key)?;
        out.high_risk.insert(key.get_ref().clone());
    }
    if let Some(max) = &raw.max_permissions {
        let n = *max.get_ref();
        if n < 1 {
            return Err((
                max.span(),
                format!("max-permissions must be at least 1, not {n}"),
            ));
        }
        out.max_permissions = Some(n as usize);
    }
    Ok(out)
}

/// "file:line:col: message", or "file: message" without a position.
fn located(text: &str, path: &Path, span: Option<Range<usize>>, message: &str) -> String {
    match span {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!("{}:{line}:{column}: {message}", path.display())
        }
        None => format!("{}: {message}", path.display()),
    }
}

/// Adds a `[catalog]` section's keys and groups to the catalog. Keys come first, so a group
/// may name a key taught beside it.
fn merge_catalog(
    raw: RawCatalog,
    path: &Path,
    catalog: &mut Catalog,
) -> Result<(), (Range<usize>, String)> {
    for (key, info) in raw.keys {
        let mut info = info.into_inner();
        if info.types.is_empty() {
            return Err((
                key.span(),
                format!("catalog key `{}` needs at least one type", key.get_ref()),
            ));
        }
        if info.source.is_empty() {
            info.source = format!("configuration file {}", path.display());
        }
        catalog.keys.insert(key.into_inner(), info);
    }
    for (id, group) in raw.groups {
        let span = id.span();
        let id = id.into_inner().to_ascii_lowercase();
        if !crate::template::is_hex_id(&id) {
            return Err((
                span,
                format!("`{id}` is not a permission group ID (32 hex digits)"),
            ));
        }
        let group = group.into_inner();
        match catalog.key(&group.key) {
            None => {
                return Err((
                    span,
                    format!(
                        "group `{id}` belongs to key `{}`, which the catalog does not have: add it under [catalog.keys.{}]",
                        group.key, group.key
                    ),
                ))
            }
            Some(info) if !info.accepts(&group.level) => {
                return Err((
                    span,
                    format!(
                        "group `{id}` has level `{}`, which key `{}` does not take",
                        group.level, group.key
                    ),
                ))
            }
            Some(_) => {}
        }
        catalog.groups.insert(id, group);
    }
    Ok(())
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// `path` made absolute against the working directory, with `.` and `..` resolved lexically
/// (symlinks are not followed, so paths stay as the user sees them).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
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
        assert_eq!(e, "cf-token-lint.toml:2:14: unknown variant `fatal`, expected one of `off`, `note`, `warning`, `error`");
        let e = parse("[rulez]\n").unwrap_err();
        assert!(
            e.starts_with("cf-token-lint.toml:1:2: unknown field `rulez`"),
            "{e}"
        );
        let e = parse("[rules]\noverbroad = \"off\"\n").unwrap_err();
        assert!(
            e.starts_with(
                "cf-token-lint.toml:2:1: unknown rule `overbroad`; rules are `malformed-url`"
            ),
            "{e}"
        );
        let e = parse("[policy]\nmax-type = { dnz = \"read\" }\n").unwrap_err();
        assert_eq!(
            e,
            "cf-token-lint.toml:2:14: unknown permission key `dnz`; did you mean `dns`?"
        );
        let e = parse("[policy]\ndeny = [\"billing\"]\n").unwrap_err();
        assert_eq!(
            e,
            "cf-token-lint.toml:2:9: `billing` is not `key:type` or `key:*`"
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
