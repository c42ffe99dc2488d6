//! `unknown-key`: a permission key the form may not know. The form drops unknown keys
//! silently, so the token lacks a permission the docs promise. The severity follows the
//! evidence about the key: an error when the form certainly drops it, a warning when it may,
//! a note when only the naming convention vouches for it.

use super::{Context, Descriptor, Rule};
use crate::catalog::{Catalog, Evidence, KeyInfo, KeySuggestion, ReplacedBecause};
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

/// What is known of a key that neither documentation nor a current group name vouches for.
const UNPLACED: &str =
    "it is neither documented nor the name of a current permission group, so the form may drop it";

/// How to tell the catalog about a key the user has seen work.
fn teach(key: &str) -> String {
    format!("teach the key under [catalog.keys.{key}] in cf-token-lint.toml")
}

/// A key the catalog has, on evidence short of documentation: a note that says what vouches
/// for it.
fn weak_evidence(key: &JsonStr, ty: Option<&str>, info: &KeyInfo) -> Option<Finding> {
    let shown = printable(&key.value);
    // The group of the level written ("Hyperdrive Write" for `edit`), else the first.
    let group = ty
        .and_then(|ty| info.display_name(ty))
        .or(info.names.first().map(String::as_str))
        .unwrap_or("");
    let message = match info.evidence() {
        Evidence::ReportedWorking => format!(
            "`{shown}` is not documented as a template key; people who tried it report that it pre-fills {group}"
        ),
        Evidence::Derived => format!(
            "`{shown}` is not documented as a template key: it is derived from the current permission group {group}, and the form may drop it"
        ),
        _ => return None,
    };
    let help = format!(
        "open the link and check that the form lists {group}; if it does, {}",
        teach(&shown)
    );
    Some(
        Finding::new(key.span.clone(), message, "not documented")
            .with_help(Some(help))
            .at_most(Severity::Note),
    )
}

/// A permission group ID where a key goes: account-token URLs resolve it, user-token URLs
/// drop it.
fn group_id(kind: Kind, key: &JsonStr, catalog: &Catalog) -> Option<Finding> {
    let id = &key.value;
    let short = &id[..8];
    let group = catalog.group(id);
    let finding = match (kind, group) {
        (Kind::Account, Some(_)) => return None,
        // The catalog knows the IDs of an old list only: a newer group's ID is no evidence of
        // a problem.
        (Kind::Account, None) => Finding::new(
            key.span.clone(),
            format!("the catalog has no permission group with ID `{short}…`, so cf-token-lint cannot tell what it grants"),
            "unknown group ID",
        )
        .with_help(Some(
            "the catalog knows the IDs of an older group list only: import the current list with \
             `cf-token-lint catalog import` (see the README), or use the group's short key"
                .to_string(),
        ))
        .at_most(Severity::Note),
        (Kind::User, Some(group)) => Finding::new(
            key.span.clone(),
            format!(
                "user-token URLs take short keys, not permission group IDs: `{short}…` is {} (key `{}`), and the form drops it",
                group.name, group.key
            ),
            "not a known key",
        )
        .with_help(Some(format!(
            "use key `{}` with type `{}`, or make it an account-token URL, which accepts IDs",
            group.key, group.level
        )))
        .with_fix(Some(FixPlan::rewrite_json_string(key, &group.key))),
        (Kind::User, None) => Finding::new(
            key.span.clone(),
            format!(
                "user-token URLs take short keys, not permission group IDs, and `{short}…` is no group the catalog knows"
            ),
            "not a known key",
        )
        .with_help(Some("use the short key of the permission you mean".to_string())),
    };
    Some(finding)
}

/// "use key `dns` with type `edit`".
fn use_key(key: &str, ty: Option<&str>) -> String {
    match ty {
        Some(ty) => format!("use key `{key}` with type `{ty}`"),
        None => format!("use key `{key}`"),
    }
}

/// Why a replaced key fails, in the words of its evidence.
fn replaced(shown: &str, new: &str, because: ReplacedBecause) -> String {
    match because {
        ReplacedBecause::Renamed => {
            format!("permission key `{shown}` was renamed to `{new}`, and the form drops the old name")
        }
        ReplacedBecause::ReportedDead => format!(
            "people who tried it report that the form does not pre-fill `{shown}`; `{new}` is the key that does"
        ),
    }
}

/// A key the catalog does not have, judged by what it resembles. `also_asks(key, type)` says
/// whether another entry of the same list asks for that key with that type.
fn unknown(
    key: &JsonStr,
    ty: Option<&str>,
    also_asks: impl Fn(&str, Option<&str>) -> bool,
    catalog: &Catalog,
) -> Finding {
    let shown = printable(&key.value);
    let firm = |k: &str| catalog.key(k).is_some_and(|i| i.evidence().is_firm());
    let rewrite = |new: &str| FixPlan::rewrite_json_string(key, new);
    let span = key.span.clone();
    match catalog.suggest_key(&key.value) {
        // The list also asks for the replacement, with the type this entry would take: the
        // token gets what was meant, and the old entry adds nothing.
        KeySuggestion::Replaced {
            key: new,
            ty: new_ty,
            because,
        } if also_asks(&new, new_ty.as_deref().or(ty)) => {
            let fix = rewrite(&new);
            Finding::new(
                span,
                format!(
                    "{}; this list also asks for `{new}`, so the token still gets it",
                    replaced(&shown, &new, because)
                ),
                "adds nothing",
            )
            .with_help(Some(format!("remove this entry, or {}", use_key(&new, new_ty.as_deref()))))
            .with_fix(Some(match because {
                ReplacedBecause::Renamed => fix,
                ReplacedBecause::ReportedDead => fix.unsafe_(),
            }))
            .at_most(Severity::Warning)
        }
        KeySuggestion::Replaced {
            key: new,
            ty,
            because: ReplacedBecause::Renamed,
        } => Finding::new(
            span,
            replaced(&shown, &new, ReplacedBecause::Renamed),
            "renamed key",
        )
        .with_help(Some(use_key(&new, ty.as_deref())))
        .with_fix(Some(rewrite(&new))),
        KeySuggestion::Replaced {
            key: new,
            ty,
            because: ReplacedBecause::ReportedDead,
        } => Finding::new(
            span,
            replaced(&shown, &new, ReplacedBecause::ReportedDead),
            "reported not to work",
        )
        .with_help(Some(use_key(&new, ty.as_deref())))
        .with_fix(Some(rewrite(&new).unsafe_())),
        KeySuggestion::DisplayName { key: new, ty } => {
            let fix = rewrite(&new);
            Finding::new(
                span,
                format!("`{shown}` is a permission group's display name, not a key, and the form drops it"),
                "not a key",
            )
            .with_help(Some(use_key(&new, ty.as_deref())))
            .with_fix(Some(if firm(&new) { fix } else { fix.unsafe_() }))
        }
        KeySuggestion::Spelling { key: new } => Finding::new(
            span,
            format!("keys are lower case with underscores: the form does not read `{shown}` as `{new}` and drops it"),
            "not a known key",
        )
        .with_help(Some(use_key(&new, None)))
        .with_fix(Some(rewrite(&new))),
        KeySuggestion::Covered { key: new, group } => {
            let evidence = catalog.key(&new).map_or(String::new(), |i| format!(" ({})", i.evidence_text()));
            Finding::new(
                span,
                format!("`{shown}` is the group {group} in snake case, but that group's key is `{new}`{evidence}: the form may drop `{shown}`"),
                "not the group's key",
            )
            .with_help(Some(use_key(&new, None)))
            .with_fix(Some(rewrite(&new).unsafe_()))
            .at_most(Severity::Warning)
        }
        KeySuggestion::Near(keys) => {
            let help = match keys.as_slice() {
                [one] => format!("did you mean `{one}`?"),
                many => format!(
                    "did you mean one of {}?",
                    crate::catalog::one_of(&many.iter().map(String::as_str).collect::<Vec<_>>())
                ),
            };
            let fix = (keys.len() == 1).then(|| rewrite(&keys[0]).unsafe_());
            // A misspelt documented key names no current group: the form drops it. Near a
            // key that is itself unverified, nothing is certain.
            let certain = firm(&keys[0]);
            let message = if certain {
                format!("unknown permission key `{shown}`: no permission group has this name, and the form drops it")
            } else {
                format!("unknown permission key `{shown}`: {UNPLACED}")
            };
            let finding = Finding::new(span, message, "not a known key")
                .with_help(Some(help))
                .with_fix(fix);
            if certain {
                finding
            } else {
                finding.at_most(Severity::Warning)
            }
        }
        KeySuggestion::None => Finding::new(
            span,
            format!("unknown permission key `{shown}`: {UNPLACED}"),
            "not a known key",
        )
        .with_help(Some(format!(
            "check the key against Cloudflare's permission reference; if Cloudflare added it after this catalog was written, {}",
            teach(&shown)
        )))
        .at_most(Severity::Warning),
    }
}

fn check(url: &TemplateUrl, cx: &Context, out: &mut Vec<Finding>) {
    let catalog = cx.catalog;
    for entry in url.entries() {
        let Some(key) = &entry.key else { continue };
        if key.is_placeholder() {
            continue;
        }
        if let Some(info) = catalog.key(&key.value) {
            let ty = entry.ty.as_ref().map(|t| url.kind.granted_type(&t.value));
            out.extend(weak_evidence(key, ty, info));
        } else if is_hex_id(&key.value) {
            out.extend(group_id(url.kind, key, catalog));
        } else {
            let ty = entry.ty.as_ref().map(|t| t.value.as_str());
            let also_asks = |want: &str, want_ty: Option<&str>| {
                url.entries().iter().any(|other| {
                    other.key.as_ref().is_some_and(|k| k.value == want)
                        && other.ty.as_ref().map(|t| t.value.as_str()) == want_ty
                })
            };
            out.push(unknown(key, ty, also_asks, catalog));
        }
    }
}
