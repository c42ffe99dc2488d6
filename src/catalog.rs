//! The catalog of permission keys and the types each accepts, loaded from `rules/catalog.toml`
//! (embedded at build time), and the suggestions made from it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

/// The catalog file, part of the binary.
pub const CATALOG_TOML: &str = include_str!("../rules/catalog.toml");

/// Types the template URL page documents for every key.
pub const DOCUMENTED_TYPES: &[&str] = &["read", "edit", "revoke", "run", "purge"];

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Account,
    Zone,
    User,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    High,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyInfo {
    pub scope: Scope,
    pub types: Vec<String>,
    pub risk: Risk,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub derived: bool,
    /// For a high-risk key: what a token holding it can do.
    #[serde(default)]
    pub why: Option<String>,
}

impl KeyInfo {
    pub fn accepts(&self, ty: &str) -> bool {
        self.types.iter().any(|t| t == ty)
    }

    /// The permission group's display name for this level: "DNS Write" for `edit`.
    pub fn display_name(&self, ty: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|n| split_level(n).1 == Some(ty))
            .map(String::as_str)
    }
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Zone => "zone",
            Scope::User => "user",
        }
    }
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::High => "high",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renamed {
    pub key: String,
    #[serde(rename = "type")]
    pub ty: Option<String>,
}

/// A permission group of Cloudflare's list, by ID: account-token URLs accept the ID where a
/// short key goes.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GroupInfo {
    /// "DNS Write".
    pub name: String,
    /// The short key the group belongs to.
    pub key: String,
    /// The type its level means: "Write" is `edit`, "Read" `read`, "Purge" `purge`, ...
    pub level: String,
    pub scope: Scope,
    /// The key follows the naming convention but no page documents it (unverified).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub keys: BTreeMap<String, KeyInfo>,
    #[serde(default)]
    pub renamed: BTreeMap<String, Renamed>,
    /// Permission groups by ID (lower-case hex).
    #[serde(default)]
    pub groups: BTreeMap<String, GroupInfo>,
}

/// A short key found for a permission group's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedKey {
    pub key: String,
    /// The type the name's level word means.
    pub level: String,
    /// Only the naming convention says so.
    pub derived: bool,
}

/// What `unknown-key` can say about a key the catalog does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySuggestion {
    /// An older name of a key (`zone_dns` is now `dns`).
    Renamed {
        key: String,
        ty: Option<String>,
    },
    /// A permission group's display name ("DNS Write"), with the type its level implies.
    DisplayName {
        key: String,
        ty: Option<String>,
    },
    /// Keys spelled like it (within the suggestion distance), closest first, at most three.
    Near(Vec<String>),
    None,
}

/// Level words that end permission group names, and the type each means.
const LEVELS: &[(&str, &str)] = &[
    ("read", "read"),
    ("write", "edit"),
    ("edit", "edit"),
    ("purge", "purge"),
    ("evaluate", "evaluate"),
    ("report", "report"),
    ("run", "run"),
    ("revoke", "revoke"),
];

impl Catalog {
    /// The built-in catalog. Its validity is checked by the test suite.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            toml::from_str(CATALOG_TOML).expect("rules/catalog.toml is valid (tested)")
        })
    }

    pub fn key(&self, key: &str) -> Option<&KeyInfo> {
        self.keys.get(key)
    }

    /// The permission group with this ID (any case).
    pub fn group(&self, id: &str) -> Option<&GroupInfo> {
        // Most keys are short keys: no lookup, and no lower-casing, for them.
        if !crate::template::is_hex_id(id) {
            return None;
        }
        self.groups
            .get(id)
            .or_else(|| self.groups.get(&id.to_ascii_lowercase()))
    }

    /// The group a key and type stand for: `dns` with `edit` is "DNS Write", with its ID.
    pub fn group_for(&self, key: &str, ty: &str) -> Option<(&str, &GroupInfo)> {
        self.groups
            .iter()
            .find(|(_, g)| g.key == key && g.level == ty)
            .map(|(id, g)| (id.as_str(), g))
    }

    /// The short key and level a permission group's name stands for: ("dns", "edit") for
    /// "DNS Write", found through the catalog's display names, else by the naming convention
    /// (the name in snake case without its level word), which `derived` marks as unverified.
    pub fn key_for_group_name(&self, name: &str) -> Option<DerivedKey> {
        let (base, level) = split_level(name);
        let level = level?.to_string();
        let base_lower = base.to_lowercase();
        for (key, info) in &self.keys {
            if info
                .names
                .iter()
                .any(|n| split_level(n).0.to_lowercase() == base_lower)
            {
                return Some(DerivedKey {
                    key: key.clone(),
                    level,
                    derived: info.derived,
                });
            }
        }
        let key = normalise(base);
        (!key.is_empty()).then_some(DerivedKey {
            key,
            level,
            derived: true,
        })
    }

    /// Whether any key takes `ty`, or it is a documented type (no allocation: it runs for
    /// every permission of an unknown key).
    pub fn knows_type(&self, ty: &str) -> bool {
        DOCUMENTED_TYPES.contains(&ty) || self.keys.values().any(|info| info.accepts(ty))
    }

    /// Every type any key accepts, plus the documented ones.
    pub fn all_types(&self) -> BTreeSet<&str> {
        let mut all: BTreeSet<&str> = DOCUMENTED_TYPES.iter().copied().collect();
        for info in self.keys.values() {
            all.extend(info.types.iter().map(String::as_str));
        }
        all
    }

    pub fn suggest_key(&self, input: &str) -> KeySuggestion {
        if let Some(r) = self.renamed.get(input) {
            return KeySuggestion::Renamed {
                key: r.key.clone(),
                ty: r.ty.clone(),
            };
        }
        if let Some((key, ty)) = self.match_display_name(input) {
            return KeySuggestion::DisplayName { key, ty };
        }
        let normal = normalise(input);
        if self.keys.contains_key(&normal) {
            return KeySuggestion::Near(vec![normal]);
        }
        if let Some(r) = self.renamed.get(&normal) {
            return KeySuggestion::Renamed {
                key: r.key.clone(),
                ty: r.ty.clone(),
            };
        }
        if normal.len() > 64 {
            return KeySuggestion::None;
        }
        let limit = match normal.len() {
            0..=4 => 1,
            5..=10 => 2,
            _ => 3,
        };
        let mut best: Vec<(usize, &String)> = self
            .keys
            .keys()
            // The distance is at least the difference in length: most keys need no comparison.
            .filter(|k| k.len().abs_diff(normal.len()) <= limit)
            .map(|k| (edit_distance(&normal, k), k))
            .filter(|(d, _)| *d <= limit)
            .collect();
        best.sort();
        if best.is_empty() {
            return KeySuggestion::None;
        }
        // Every key within the distance, closest first: one alone is what `--fix` writes.
        KeySuggestion::Near(best.iter().take(3).map(|(_, k)| (*k).clone()).collect())
    }

    /// "DNS Write" -> (`dns`, `edit`); "Zone Settings" -> (`zone_settings`, none).
    fn match_display_name(&self, input: &str) -> Option<(String, Option<String>)> {
        if !input.contains(' ') && !input.contains(':') {
            return None;
        }
        let (base, ty) = split_level(input);
        let base_norm = base.to_lowercase();
        for (key, info) in &self.keys {
            for name in &info.names {
                if split_level(name).0.to_lowercase() == base_norm {
                    return Some((key.clone(), ty.map(str::to_string)));
                }
            }
        }
        let snake = normalise(base);
        self.keys
            .contains_key(&snake)
            .then(|| (snake, ty.map(str::to_string)))
    }

    /// A better type for `key` than `ty`, with the reason, when one is clear.
    pub fn suggest_type(&self, key: Option<&KeyInfo>, ty: &str) -> Option<TypeSuggestion> {
        let allowed: Vec<&str> = match key {
            Some(info) => info.types.iter().map(String::as_str).collect(),
            None => DOCUMENTED_TYPES.to_vec(),
        };
        let lower = ty.trim().to_lowercase();
        if lower != ty && allowed.contains(&lower.as_str()) {
            return Some(TypeSuggestion::fix(
                format!("types are lowercase: use `{lower}`"),
                &lower,
            ));
        }
        let synonym = match lower.as_str() {
            "write" | "rw" | "readwrite" | "read_write" | "read-write" | "read/write" | "full"
            | "admin" | "manage" | "update" | "modify" | "create" | "delete" => Some("edit"),
            "readonly" | "read-only" | "read_only" | "view" | "viewer" | "get" | "list" | "ro" => {
                Some("read")
            }
            _ => None,
        };
        if let Some(target) = synonym {
            if allowed.contains(&target) {
                return Some(TypeSuggestion::fix(
                    format!("use `{target}`: the token form calls this level `{target}`"),
                    target,
                ));
            }
        }
        if matches!(
            lower.as_str(),
            "account" | "accounts" | "zone" | "zones" | "user" | "all" | "specified"
        ) {
            return Some(TypeSuggestion {
                help: format!(
                    "`{lower}` is a scope, not a type: scope comes from accountId/zoneId (user tokens) or the form (account tokens); the type is {}",
                    one_of(&allowed)
                ),
                replacement: None,
            });
        }
        if allowed.len() == 1 {
            return Some(TypeSuggestion::fix(
                format!("use `{}`: it is the only type this key takes", allowed[0]),
                allowed[0],
            ));
        }
        let near: Vec<&str> = allowed
            .iter()
            .copied()
            .filter(|t| edit_distance(&lower, t) <= 2)
            .collect();
        if near.len() == 1 {
            return Some(TypeSuggestion::fix(
                format!("did you mean `{}`?", near[0]),
                near[0],
            ));
        }
        None
    }
}

/// What `bad-type` can say about a type: the help, and the one type to write instead when
/// the meaning is unambiguous (then `--fix` writes it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSuggestion {
    pub help: String,
    pub replacement: Option<String>,
}

impl TypeSuggestion {
    fn fix(help: String, replacement: &str) -> Self {
        TypeSuggestion {
            help,
            replacement: Some(replacement.to_string()),
        }
    }
}

/// How much a type grants, for the policy's `max-type`: `read` < the single-purpose types
/// (`report`, `evaluate`, `run`, `purge`, `revoke`, and any other) < `edit`.
pub fn type_rank(ty: &str) -> u8 {
    match ty {
        "read" => 0,
        "edit" => 2,
        _ => 1,
    }
}

/// "`read` or `edit`", "`purge`", "`read`, `edit` or `report`".
pub fn one_of(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|t| format!("`{t}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Splits a trailing level word: ("DNS", Some("edit")) for "DNS Write".
fn split_level(name: &str) -> (&str, Option<&'static str>) {
    let trimmed = name.trim();
    if let Some((base, last)) = trimmed.rsplit_once(' ') {
        let last = last.to_lowercase();
        if let Some((_, ty)) = LEVELS.iter().find(|(word, _)| *word == last) {
            return (base.trim_end(), Some(ty));
        }
    }
    (trimmed, None)
}

/// Lower case, with spaces, hyphens, dots and colons as single underscores: "Zone Settings"
/// -> "zone_settings".
fn normalise(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        if c == ' ' || c == '-' || c == '.' || c == ':' || c == '_' {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), so that
/// `dnss` is one edit from `dns` and `zoen` one from `zone`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_and_is_consistent() {
        let c = Catalog::builtin();
        assert!(c.keys.len() >= 35);
        for (key, info) in &c.keys {
            assert!(!info.types.is_empty(), "{key} has no types");
            assert!(!info.source.is_empty(), "{key} has no source");
            assert_eq!(normalise(key), *key, "{key} is not a normalised key");
        }
        for (old, r) in &c.renamed {
            let new = c
                .key(&r.key)
                .unwrap_or_else(|| panic!("{old} renamed to missing {}", r.key));
            if let Some(ty) = &r.ty {
                assert!(new.accepts(ty));
            }
        }
        assert_eq!(c.key("cache").unwrap().types, ["purge"]);
        assert_eq!(c.key("flagship_app").unwrap().types, ["evaluate"]);
        // Every group names a key that takes its level, and its name says that level.
        assert_eq!(c.groups.len(), 52);
        for (id, g) in &c.groups {
            assert!(
                crate::template::is_hex_id(id) && id.to_lowercase() == *id,
                "{id}"
            );
            let info = c
                .key(&g.key)
                .unwrap_or_else(|| panic!("{id}: no key {}", g.key));
            assert!(
                info.accepts(&g.level),
                "{id}: {} does not take {}",
                g.key,
                g.level
            );
            assert_eq!(info.derived, g.derived, "{id}");
            let derived = c.key_for_group_name(&g.name).unwrap();
            assert_eq!(
                (derived.key.as_str(), derived.level.as_str()),
                (g.key.as_str(), g.level.as_str())
            );
        }
        let (id, dns_write) = c.group_for("dns", "edit").unwrap();
        assert_eq!(
            (id, dns_write.name.as_str()),
            ("4755a26eedb94da69e1066d98aa820be", "DNS Write")
        );
    }

    #[test]
    fn group_names_give_keys_documented_or_by_convention() {
        let c = Catalog::builtin();
        let known = c.key_for_group_name("Workers KV Storage Write").unwrap();
        assert_eq!(
            (known.key.as_str(), known.level.as_str(), known.derived),
            ("workers_kv_storage", "edit", false)
        );
        let new = c.key_for_group_name("Email Routing Rules Read").unwrap();
        assert_eq!(
            (new.key.as_str(), new.level.as_str(), new.derived),
            ("email_routing_rules", "read", true)
        );
        let run = c.key_for_group_name("AI Gateway Run").unwrap();
        assert_eq!(
            (run.key.as_str(), run.level.as_str()),
            ("ai_gateway", "run")
        );
        assert_eq!(c.key_for_group_name("No level word"), None);
    }

    #[test]
    fn suggests_keys() {
        let c = Catalog::builtin();
        assert_eq!(
            c.suggest_key("dnss"),
            KeySuggestion::Near(vec!["dns".into()])
        );
        assert_eq!(
            c.suggest_key("zone_dns"),
            KeySuggestion::Renamed {
                key: "dns".into(),
                ty: None
            }
        );
        assert_eq!(
            c.suggest_key("DNS Write"),
            KeySuggestion::DisplayName {
                key: "dns".into(),
                ty: Some("edit".into())
            }
        );
        assert_eq!(
            c.suggest_key("Workers Scripts"),
            KeySuggestion::DisplayName {
                key: "workers_scripts".into(),
                ty: None
            }
        );
        assert_eq!(
            c.suggest_key("Workers-Scripts"),
            KeySuggestion::Near(vec!["workers_scripts".into()])
        );
        assert_eq!(c.suggest_key("qwertyuiop"), KeySuggestion::None);
    }

    #[test]
    fn suggests_types() {
        let c = Catalog::builtin();
        let dns = c.key("dns");
        let write = c.suggest_type(dns, "write").unwrap();
        assert!(write.help.contains("`edit`"));
        assert_eq!(write.replacement.as_deref(), Some("edit"));
        assert!(c
            .suggest_type(dns, "Edit")
            .unwrap()
            .help
            .contains("lowercase"));
        assert!(c
            .suggest_type(c.key("cache"), "edit")
            .unwrap()
            .help
            .contains("`purge`"));
        let scope = c.suggest_type(dns, "account").unwrap();
        assert!(scope.help.contains("scope"));
        assert_eq!(scope.replacement, None, "read or edit: not ours to choose");
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("zoen", "zone"), 1);
        assert_eq!(edit_distance("dnss", "dns"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
