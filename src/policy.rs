//! The team's least-privilege policy (`[policy]` in the configuration), checked by the
//! `policy` rule; its `high-risk` keys also widen `over-broad`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{Catalog, KeySuggestion};
use crate::text::quoted_list;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawPolicy {
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

impl Policy {
    /// Validates a `[policy]` section against the catalog: every key it names must be one the
    /// catalog knows, every type one some key takes.
    pub(crate) fn from_section(
        raw: RawPolicy,
        catalog: &Catalog,
    ) -> Result<Policy, (Range<usize>, String)> {
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
                KeySuggestion::Near(keys) if !keys.is_empty() => {
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
                        quoted_list(&type_names)
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
}
