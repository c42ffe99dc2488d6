//! `bad-type`: a permission type the key does not take (`write` for `edit`, `edit` for
//! `cache`, a scope word such as `account`).

use super::{group_named, Context, Descriptor, Rule};
use crate::catalog::{one_of, Catalog, KeyInfo};
use crate::diagnostic::{printable, Finding, FixPlan, Severity};
use crate::permissions::JsonStr;
use crate::template::{Kind, TemplateUrl};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "bad-type",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/bad-type.md"),
    },
    check,
};

/// The catalog entry a key stands for, following a rename.
fn key_info<'c>(catalog: &'c Catalog, key: &str) -> Option<(&'c str, &'c KeyInfo)> {
    if let Some((name, info)) = catalog.keys.get_key_value(key) {
        return Some((name.as_str(), info));
    }
    let renamed = catalog.renamed.get(key)?;
    catalog
        .keys
        .get_key_value(&renamed.key)
        .map(|(name, info)| (name.as_str(), info))
}

/// `write` where `edit` is meant: the one type the two kinds of URL treat differently.
/// Account-token URLs accept it (a warning: `edit` is documented and works everywhere);
/// user-token URLs drop the permission (an error).
fn write_for_edit(kind: Kind, ty: &JsonStr) -> Finding {
    let fix = Some(FixPlan::rewrite_json_string(ty, "edit"));
    match kind {
        Kind::Account => Finding::new(
            ty.span.clone(),
            "`write` works on account-token URLs, but `edit` is the documented type and the only one user-token URLs accept",
            "write for edit",
        )
        .with_help(Some("use `edit`".into()))
        .with_fix(fix)
        .at_most(Severity::Warning),
        Kind::User => Finding::new(
            ty.span.clone(),
            "user-token URLs need `edit`, not `write`: the form drops the permission silently",
            "not a valid type",
        )
        .with_help(Some(
            "use `edit`: the token form calls this level `edit` (only account-token URLs also accept `write`)".into(),
        ))
        .with_fix(fix),
    }
}

fn check(url: &TemplateUrl, cx: &Context, out: &mut Vec<Finding>) {
    let catalog = cx.catalog;
    for entry in url.entries() {
        let Some(ty) = &entry.ty else { continue };
        if ty.is_placeholder() {
            continue;
        }
        let key = entry
            .key
            .as_ref()
            .filter(|k| !k.is_placeholder())
            .map(|k| k.value.as_str());
        // Made only for a finding: most types are fine.
        let shown = || printable(&ty.value);
        // Keyed by a permission group ID (account-token URLs only): the type is its level.
        if let Some((id, group)) = key.and_then(|k| Some((k, group_named(url.kind, catalog, k)?))) {
            if ty.value == group.level {
                continue;
            }
            out.push(if ty.value == "write" && group.level == "edit" {
                write_for_edit(url.kind, ty)
            } else {
                Finding::new(
                    ty.span.clone(),
                    format!(
                        "`{}` does not match the permission group {} (`{}…`), whose level is `{}`",
                        shown(),
                        group.name,
                        &id[..8],
                        group.level
                    ),
                    "not the group's level",
                )
                .with_help(Some(format!(
                    "use type `{}`, or the ID of the group with the level you mean",
                    group.level
                )))
            });
            continue;
        }
        let known = key.and_then(|k| key_info(catalog, k));
        if ty.value == "write" && known.is_none_or(|(_, info)| info.accepts("edit")) {
            out.push(write_for_edit(url.kind, ty));
            continue;
        }
        let message = match known {
            // No source names the group's levels: nothing to judge the type by.
            Some((_, info)) if info.types.is_empty() => continue,
            Some((name, info)) if !info.accepts(&ty.value) => {
                let allowed: Vec<&str> = info.types.iter().map(String::as_str).collect();
                format!(
                    "`{}` is not a type of `{name}`, which takes {}",
                    shown(),
                    one_of(&allowed)
                )
            }
            Some(_) => continue,
            None if catalog.knows_type(&ty.value) => continue,
            None => {
                let documented: Vec<&str> = crate::catalog::DOCUMENTED_TYPES.to_vec();
                format!(
                    "`{}` is not a permission type: types are {}",
                    shown(),
                    one_of(&documented)
                )
            }
        };
        let suggestion = catalog.suggest_type(known.map(|(_, info)| info), &ty.value);
        let fix = suggestion
            .as_ref()
            .and_then(|s| s.replacement.as_deref())
            .map(|new| FixPlan::rewrite_json_string(ty, new));
        let finding = Finding::new(ty.span.clone(), message, "not a valid type")
            .with_help(suggestion.map(|s| s.help))
            .with_fix(fix);
        // The levels of an undocumented key come from group names: evidence, not certainty.
        let firm = known.is_none_or(|(_, info)| info.evidence().is_firm());
        out.push(if firm {
            finding
        } else {
            finding.at_most(Severity::Warning)
        });
    }
}
