//! A `[catalog]` section, in the configuration or in a catalog file written by
//! `cf-token-lint catalog import`: keys and groups newer than the built-in catalog.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Catalog, GroupInfo, KeyInfo};
use crate::text::is_hex_id;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogSection {
    #[serde(default)]
    pub keys: BTreeMap<Spanned<String>, Spanned<KeyInfo>>,
    /// Permission groups by ID, as `cf-token-lint catalog import` writes them.
    #[serde(default)]
    pub groups: BTreeMap<Spanned<String>, Spanned<GroupInfo>>,
    /// Catalog files (written by `cf-token-lint catalog import`), relative to this file.
    #[serde(default)]
    pub import: Vec<Spanned<String>>,
}

/// A catalog file: a `[catalog]` section and nothing else.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogFile {
    #[serde(default)]
    pub catalog: CatalogSection,
}

/// Adds a `[catalog]` section's keys and groups to the catalog. Keys come first, so a group
/// may name a key taught beside it.
impl Catalog {
    pub(crate) fn merge(
        &mut self,
        raw: CatalogSection,
        path: &Path,
    ) -> Result<(), (Range<usize>, String)> {
        let catalog = self;
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
            if !is_hex_id(&id) {
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
}
