//! A `[catalog]` section, in the configuration or in a catalog file written by
//! `cf-token-lint catalog import`: keys and groups newer than the built-in catalog.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Catalog, GroupInfo, KeyInfo};
use crate::text::{edit_distance, is_hex_id, quoted_list};

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
        // The types a taught key may take are the ones the form knows.
        let known: Vec<String> = catalog.all_types().into_iter().map(String::from).collect();
        for (key, info) in raw.keys {
            let mut info = info.into_inner();
            if info.types.is_empty() {
                return Err((
                    key.span(),
                    format!(
                        "[catalog.keys.{}] types: a key needs at least one type",
                        key.get_ref()
                    ),
                ));
            }
            if let Some(bad) = info.types.iter().find(|t| !known.contains(t)) {
                return Err((
                    key.span(),
                    format!(
                        "[catalog.keys.{}] types: `{bad}` is not a type the token form takes; {}",
                        key.get_ref(),
                        type_hint(bad, &known)
                    ),
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

/// What to write instead of an unknown type: the form's word for a group level (`Write` is
/// `edit`), the closest type, or the list.
fn type_hint(bad: &str, known: &[String]) -> String {
    let lower = bad.to_ascii_lowercase();
    if lower == "write" {
        return "did you mean `edit`? (the form calls a Write level `edit`)".to_string();
    }
    if known.contains(&lower) {
        return format!("types are lowercase: `{lower}`");
    }
    let closest = known
        .iter()
        .map(|k| (edit_distance(k, &lower), k))
        .filter(|(d, _)| *d <= 2)
        .min();
    match closest {
        Some((_, near)) => format!("did you mean `{near}`?"),
        None => {
            let all: Vec<&str> = known.iter().map(String::as_str).collect();
            format!("types are {}", quoted_list(&all))
        }
    }
}
