//! The catalog of permission keys, the types each accepts and the evidence that the token form
//! pre-fills it. Built from `rules/catalog.toml` and `rules/permission-groups.tsv` at build
//! time (`build.rs` merges them with `model`, `naming` and `current`, which it compiles too)
//! and embedded as Rust constants (`embedded`). Suggestions made from it live in `suggest`.

// Compiled for the build script; here only its test checks what the build script made.
#[cfg(test)]
mod current;
mod embedded;
mod model;
mod naming;
mod section;
mod suggest;

pub(crate) use section::{CatalogFile, CatalogSection};

use std::collections::BTreeSet;
use std::ops::{Deref, Range};
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use crate::text::{edit_distance, one_of};
pub use model::{Catalog, Evidence, GroupInfo, KeyInfo, Renamed, ReplacedBecause, Risk, Scope};
pub use naming::normalise;
pub use suggest::{KeySuggestion, TypeSuggestion};

/// Cloudflare's current permission group names, as `build.rs` reads them.
#[cfg(test)]
const GROUPS_TSV: &str = include_str!("../../rules/permission-groups.tsv");

/// Types the template URL page documents for every key.
pub const DOCUMENTED_TYPES: &[&str] = &["read", "edit", "revoke", "run", "purge"];

/// A short key found for a permission group's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedKey {
    pub key: String,
    /// The type the name's level word means.
    pub level: String,
    /// Only the naming convention says so.
    pub derived: bool,
}

impl Catalog {
    /// The built-in catalog: `rules/catalog.toml` with the current group list merged in. Its
    /// validity is checked by the test suite.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(embedded::catalog)
    }

    pub fn key(&self, key: &str) -> Option<&KeyInfo> {
        self.keys.get(key)
    }

    /// The permission group with this ID (any case).
    pub fn group(&self, id: &str) -> Option<&GroupInfo> {
        // Most keys are short keys: no lookup, and no lower-casing, for them.
        if !crate::text::is_hex_id(id) {
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
        let (base, level) = naming::split_level(name);
        let level = level?.to_string();
        if let Some(key) = self.key_named(base) {
            return Some(DerivedKey {
                key: key.to_string(),
                level,
                derived: self.keys[key].evidence() == Evidence::Derived,
            });
        }
        let key = normalise(base);
        (!key.is_empty()).then_some(DerivedKey {
            key,
            level,
            derived: true,
        })
    }

    /// The key one of whose display names has this base ("DNS" for "DNS Write"), preferring
    /// the key with the firmest evidence.
    fn key_named(&self, base: &str) -> Option<&str> {
        let base_lower = base.to_lowercase();
        self.keys
            .iter()
            .filter(|(_, info)| {
                info.names
                    .iter()
                    .any(|n| naming::split_level(n).0.to_lowercase() == base_lower)
            })
            .min_by_key(|(_, info)| info.evidence())
            .map(|(key, _)| key.as_str())
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
}

/// The catalog a configuration uses: the built-in one, shared by every configuration and
/// built on first use (a run whose files hold no template URL never builds it), or a copy of
/// it that a `[catalog]` section taught keys or groups.
#[derive(Clone, Debug, Default)]
pub struct SharedCatalog(Option<Arc<Catalog>>);

impl SharedCatalog {
    /// The built-in catalog, not built yet.
    pub fn builtin() -> Self {
        SharedCatalog(None)
    }

    /// The catalog to change: copied from the built-in one (or from the configuration it is
    /// shared with) the first time.
    pub fn make_mut(&mut self) -> &mut Catalog {
        Arc::make_mut(
            self.0
                .get_or_insert_with(|| Arc::new(Catalog::builtin().clone())),
        )
    }

    /// Adds a `[catalog]` section's keys and groups; a section that teaches nothing leaves
    /// the built-in catalog shared.
    pub(crate) fn merge(
        &mut self,
        raw: CatalogSection,
        path: &Path,
    ) -> Result<(), (Range<usize>, String)> {
        if raw.keys.is_empty() && raw.groups.is_empty() {
            return Ok(());
        }
        self.make_mut().merge(raw, path)
    }
}

impl Deref for SharedCatalog {
    type Target = Catalog;

    fn deref(&self) -> &Catalog {
        self.0.as_deref().unwrap_or_else(|| Catalog::builtin())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What `build.rs` embedded is what the library's own types and merge make of the two
    /// files now: the build script compiles the same `model`, `naming` and `current`.
    #[test]
    fn the_embedded_catalog_is_the_toml_with_the_group_list_merged() {
        let mut merged: Catalog = toml::from_str(include_str!("../../rules/catalog.toml")).unwrap();
        assert!(merged.covered.is_empty(), "the TOML writes no `covered`");
        merged.add_current_groups(&current::parse(GROUPS_TSV).unwrap());
        let embedded = Catalog::builtin();
        assert_eq!(format!("{embedded:?}"), format!("{merged:?}"));
        assert_eq!(embedded.keys.len(), 220);
    }

    #[test]
    fn builtin_catalog_loads_and_is_consistent() {
        let c = Catalog::builtin();
        for (key, info) in &c.keys {
            assert!(!info.source.is_empty(), "{key} has no source");
            assert!(info.evidence.is_some(), "{key} states no evidence");
            assert_eq!(normalise(key), *key, "{key} is not a normalised key");
        }
        for (old, r) in &c.renamed {
            assert!(c.key(old).is_none(), "{old} is both a key and renamed");
            let new = c
                .key(&r.key)
                .unwrap_or_else(|| panic!("{old} renamed to missing {}", r.key));
            if let Some(ty) = &r.ty {
                assert!(new.accepts(ty));
            }
        }
        assert_eq!(c.key("cache").unwrap().types, ["purge"]);
        // Cloudflare's Flagship page uses `evaluate`; the current list adds Read and Write.
        assert_eq!(
            c.key("flagship_app").unwrap().types,
            ["evaluate", "read", "edit"]
        );
        // Every group names a key that takes its level, and its name says that level.
        assert_eq!(c.groups.len(), 52);
        for (id, g) in &c.groups {
            assert!(
                crate::text::is_hex_id(id) && id.to_lowercase() == *id,
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
            assert_eq!(info.evidence() == Evidence::Derived, g.derived, "{id}");
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
    fn every_current_group_has_a_key_by_name_or_by_a_covering_key() {
        let c = Catalog::builtin();
        let rows = current::parse(GROUPS_TSV).unwrap();
        assert_eq!(rows.len(), 404);
        for row in &rows {
            let info = c.key(row.key).unwrap();
            assert!(info.names.iter().any(|n| n == row.name), "{}", row.name);
            if let Some(level) = row.level {
                assert!(
                    info.accepts(level),
                    "{}: {} lacks {level}",
                    row.name,
                    row.key
                );
            }
            let (base, _) = naming::split_level(row.name);
            let own = normalise(if row.level.is_some() { base } else { row.name });
            // A row's key is its own name in snake case, or a key with firmer evidence whose
            // documentation or reports name the group.
            assert!(
                own == row.key || info.evidence() != Evidence::Derived,
                "{}: key {} is neither its name nor documented",
                row.name,
                row.key
            );
        }
        let evidence = |k: &str| c.key(k).unwrap().evidence();
        assert_eq!(evidence("workers_tail"), Evidence::ReportedWorking);
        assert_eq!(evidence("argotunnel"), Evidence::ReportedWorking);
        assert_eq!(evidence("hyperdrive"), Evidence::Derived);
        assert_eq!(evidence("workers_r2"), Evidence::Documented);
        assert_eq!(evidence("load_balancers"), Evidence::CloudflareUsed);
        assert_eq!(
            c.covered["workers_r2_storage"],
            (
                "workers_r2".to_string(),
                "Workers R2 Storage Read".to_string()
            )
        );
        assert_eq!(c.covered["pages"].0, "page");
        assert_eq!(c.covered["zero_trust"].0, "teams");
        assert!(
            !c.covered.contains_key("cloudflare_tunnel"),
            "a reported-dead key, renamed"
        );
        assert_eq!(
            c.key("hyperdrive").unwrap().evidence_text(),
            "derived from the group *Hyperdrive Read*; not documented as a template key"
        );
    }

    /// The shared corpus's list, when present, is the one `rules/` holds.
    #[test]
    fn the_group_list_matches_the_shared_corpus() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/cloudflare/permission-groups-2026.tsv"
        );
        let Ok(shared) = std::fs::read_to_string(path) else {
            eprintln!("SKIPPED: {path} is absent (a user's clone has no ../shared)");
            return;
        };
        let ours: Vec<(String, String)> = current::parse(GROUPS_TSV)
            .unwrap()
            .into_iter()
            .map(|r| (r.name.to_string(), r.sources.to_string()))
            .collect();
        let theirs: Vec<(String, String)> = shared
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?.to_string(), f.nth(1)?.to_string()))
            })
            .collect();
        assert_eq!(ours, theirs);
    }
}
