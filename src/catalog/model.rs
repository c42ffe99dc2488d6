//! The catalog's data: keys, the types each accepts, the evidence behind them, replaced keys
//! and groups by ID. Types with serde, and `naming` for group names, nothing else, so that
//! `build.rs` compiles this file too: it reads `rules/catalog.toml` into them, merges the
//! current group list, and embeds the result as Rust constants (`embedded`).

use std::collections::BTreeMap;

use crate::catalog::naming::split_level;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Account,
    Zone,
    User,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// What a key taught without a `risk` is: `catalog import` writes the same.
    #[default]
    Low,
    High,
}

/// What says that the token form pre-fills a key: the ground `unknown-key` stands on.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// The template URL page's key reference lists it.
    Documented,
    /// Cloudflare's own published template URLs use it.
    CloudflareUsed,
    /// Taught by the user's configuration: their word is the evidence.
    Taught,
    /// People who tried the link report that it pre-fills.
    ReportedWorking,
    /// Only the naming convention says so: a current group's name in snake case.
    Derived,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Documented => "documented",
            Evidence::CloudflareUsed => "cloudflare-used",
            Evidence::Taught => "taught",
            Evidence::ReportedWorking => "reported-working",
            Evidence::Derived => "derived",
        }
    }

    /// Whether the evidence is firm enough that using the key needs no word.
    pub fn is_firm(self) -> bool {
        matches!(
            self,
            Evidence::Documented | Evidence::CloudflareUsed | Evidence::Taught
        )
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyInfo {
    /// Where the permission applies; unknown for groups whose source gives no scope.
    #[serde(default)]
    pub scope: Option<Scope>,
    /// The types the form takes; empty when no source names a level (the type is unknown).
    pub types: Vec<String>,
    #[serde(default)]
    pub risk: Risk,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub source: String,
    /// Absent in a configuration file: the user's word ([`Evidence::Taught`]).
    #[serde(default)]
    pub evidence: Option<Evidence>,
    /// The older way catalog files marked [`Evidence::Derived`], still read.
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

    pub fn evidence(&self) -> Evidence {
        match self.evidence {
            Some(e) => e,
            None if self.derived => Evidence::Derived,
            None => Evidence::Taught,
        }
    }

    /// The evidence in a sentence a docs author understands: "derived from the group
    /// *Workers AI Read*; not documented as a template key".
    pub fn evidence_text(&self) -> String {
        let group = self.names.first().map(String::as_str);
        match (self.evidence(), group) {
            (Evidence::Documented, _) => "documented as a template key".into(),
            (Evidence::CloudflareUsed, _) => {
                "used in Cloudflare's own template URLs; not in the key reference".into()
            }
            (Evidence::Taught, _) => "taught by the configuration".into(),
            (Evidence::ReportedWorking, Some(g)) => format!(
                "not documented as a template key; people who tried it report that it pre-fills *{g}*"
            ),
            (Evidence::ReportedWorking, None) => {
                "not documented as a template key; people who tried it report that it pre-fills"
                    .into()
            }
            (Evidence::Derived, Some(g)) => {
                format!("derived from the group *{g}*; not documented as a template key")
            }
            (Evidence::Derived, None) => {
                "derived from a group name; not documented as a template key".into()
            }
        }
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

    /// The scope's name, or "unknown" when no source gives it.
    pub fn name(scope: Option<Scope>) -> &'static str {
        scope.map_or("unknown", Scope::as_str)
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

/// Why a key no longer works, when the catalog knows the one to use instead.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ReplacedBecause {
    /// An older revision of the template URL page used the old name.
    Renamed,
    /// People report that the form does not pre-fill it, and that the other key does.
    ReportedDead,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Renamed {
    pub key: String,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    #[serde(default = "renamed_by_default")]
    pub evidence: ReplacedBecause,
}

fn renamed_by_default() -> ReplacedBecause {
    ReplacedBecause::Renamed
}

/// A permission group of Cloudflare's list, by ID: account-token URLs accept the ID where a
/// short key goes.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
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

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub keys: BTreeMap<String, KeyInfo>,
    #[serde(default)]
    pub renamed: BTreeMap<String, Renamed>,
    /// Permission groups by ID (lower-case hex).
    #[serde(default)]
    pub groups: BTreeMap<String, GroupInfo>,
    /// The snake-case names of current groups that a key with another name covers:
    /// `workers_r2_storage` → (`workers_r2`, "Workers R2 Storage Read"). Filled from the
    /// current group list when `build.rs` merges it in; `rules/catalog.toml` writes none.
    #[serde(default)]
    pub covered: BTreeMap<String, (String, String)>,
}
