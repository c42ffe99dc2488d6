//! `unknown-key`: a permission key the catalog does not know. The form drops such entries
//! silently, so the token lacks a permission the docs promise.

use super::{Descriptor, Rule};
use crate::catalog::{Catalog, KeySuggestion};
use crate::config::Config;
use crate::diagnostic::{printable, Finding, FixPlan, Severity};
use crate::permissions::JsonStr;
use crate::template::{is_hex_id, Kind, TemplateUrl};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "unknown-key",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/unknown-key.md"),
    },
    check,
};

/// A permission group ID where a key goes: account-token URLs resolve it, user-token URLs
/// drop it.
fn group_id(kind: Kind, key: &JsonStr, catalog: &Catalog) -> Option<Finding> {
    let id = &key.value;
    let short = &id[..8];
    let group = catalog.group(id);
    let (message, help, fix) = match (kind, group) {
        (Kind::Account, Some(_)) => return None,
        (Kind::Account, None) => (
            format!("no permission group with ID `{short}…` in the catalog"),
            "account-token URLs take a permission group ID, but this one is unknown: if Cloudflare \
             added the group after this catalog was written, import the current list with \
             `cf-token-lint catalog import` (see the README); otherwise use the group's short key"
                .to_string(),
            None,
        ),
        (Kind::User, Some(group)) => (
            format!(
                "user-token URLs take short keys, not permission group IDs: `{short}…` is {} (key `{}`), and the form drops it",
                group.name, group.key
            ),
            format!(
                "use key `{}` with type `{}`, or make it an account-token URL, which accepts IDs",
                group.key, group.level
            ),
            Some(FixPlan::rewrite_json_string(key, &group.key)),
        ),
        (Kind::User, None) => (
            format!(
                "user-token URLs take short keys, not permission group IDs, and `{short}…` is no group the catalog knows"
            ),
            "use the short key of the permission you mean".to_string(),
            None,
        ),
    };
    Some(
        Finding::new(key.span.clone(), message, "not a known key")
            .with_help(Some(help))
            .with_fix(fix),
    )
}

fn check(url: &TemplateUrl, config: &Config, out: &mut Vec<Finding>) {
    let catalog = &config.catalog;
    for entry in url.entries() {
        let Some(key) = &entry.key else { continue };
        if key.is_placeholder() || catalog.key(&key.value).is_some() {
            continue;
        }
        if is_hex_id(&key.value) {
            if let Some(finding) = group_id(url.kind, key, catalog) {
                out.push(finding);
            }
            continue;
        }
        let shown = printable(&key.value);
        let suggestion = catalog.suggest_key(&key.value);
        // Only one key can be meant: a rename, a display name, or a single near spelling.
        let fix = match &suggestion {
            KeySuggestion::Renamed { key: new, .. }
            | KeySuggestion::DisplayName { key: new, .. } => Some(new.as_str()),
            KeySuggestion::Near(keys) if keys.len() == 1 => Some(keys[0].as_str()),
            _ => None,
        }
        .map(|new| FixPlan::rewrite_json_string(key, new));
        let (message, help) = match suggestion {
            KeySuggestion::Renamed { key: new, ty } => (
                format!("permission key `{shown}` was renamed to `{new}`"),
                match ty {
                    Some(ty) => format!("use key `{new}` with type `{ty}`"),
                    None => format!("use key `{new}`"),
                },
            ),
            KeySuggestion::DisplayName { key: k, ty } => (
                format!("`{shown}` is a permission group's display name, not a key"),
                match ty {
                    Some(ty) => format!("use key `{k}` with type `{ty}`"),
                    None => format!("use key `{k}`"),
                },
            ),
            KeySuggestion::Near(keys) => (
                format!("unknown permission key `{shown}`"),
                match keys.as_slice() {
                    [one] => format!("did you mean `{one}`?"),
                    many => format!("did you mean one of {}?", many.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
                },
            ),
            KeySuggestion::None => (
                format!("unknown permission key `{shown}`"),
                "the form drops unknown keys silently; check the key against Cloudflare's permission reference, \
                 and if Cloudflare added it after this catalog was written, teach it under [catalog.keys.<key>] in cf-token-lint.toml"
                    .to_string(),
            ),
        };
        out.push(
            Finding::new(key.span.clone(), message, "not a known key")
                .with_help(Some(help))
                .with_fix(fix),
        );
    }
}
