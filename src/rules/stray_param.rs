//! `stray-param`: a parameter the token form does not read: `accountId`/`zoneId` on an
//! account-token URL, a misspelt name, or a parameter given twice.

use super::{Context, Descriptor, Rule};
use crate::catalog::edit_distance;
use crate::diagnostic::{printable, Finding, FixPlan, Severity};
use crate::fix::removal_span;
use crate::template::{Kind, TemplateUrl, KNOWN_PARAMS};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "stray-param",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/stray-param.md"),
    },
    check,
};

/// Parameters the form reads for each kind of URL.
fn known_for(kind: Kind, name: &str) -> bool {
    match kind {
        Kind::User => matches!(
            name,
            "permissionGroupKeys" | "name" | "accountId" | "zoneId" | "scope"
        ),
        Kind::Account => matches!(name, "to" | "permissionGroupKeys" | "name" | "scope"),
    }
}

/// The known parameter a stray name most likely meant.
fn meant(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if let Some(exact) = KNOWN_PARAMS
        .iter()
        .find(|k| k.to_ascii_lowercase() == lower)
    {
        return Some(exact);
    }
    // A short name is near only one edit away (`nam`, not `type`, for `name`); a long one
    // may be further off (`permissionsGroupKey`).
    let near = |k: &str| match k.len() {
        0..=6 => 1,
        7..=11 => 2,
        _ => 3,
    };
    KNOWN_PARAMS
        .iter()
        .filter(|k| k.len() > 3)
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= near(k))
        .min()
        .map(|(_, k)| k)
}

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    // Most URLs have three or four parameters, none of them stray: no hashing, and no
    // copies of values or names unless there is something to say.
    let removal = |i: usize, name: &str| {
        let pairs: Vec<_> = url.params.iter().map(|p| p.pair_span.clone()).collect();
        removal_span(&pairs, i).map(|span| FixPlan::delete(format!("remove `{name}`"), span))
    };
    for (i, param) in url.params.iter().enumerate() {
        let span = param.pair_span.clone();
        let earlier = &url.params[..i];
        if let Some(first) = earlier.iter().find(|p| p.name == param.name) {
            let name = printable(&param.name);
            // Removing a repeat is safe only when it says the same as the first.
            let same = first.value_text() == param.value_text();
            out.push(
                Finding::new(
                    span,
                    format!("parameter `{name}` is given twice; the form reads only one"),
                    "repeated",
                )
                .with_help(Some(if same {
                    "remove the repeat".into()
                } else {
                    "keep the value you mean and remove the other".into()
                }))
                .with_fix(if same { removal(i, &name) } else { None }),
            );
            continue;
        }
        if known_for(url.kind, &param.name) {
            continue;
        }
        let name = printable(&param.name);
        let finding = if KNOWN_PARAMS.contains(&param.name.as_str()) {
            let (message, help) = match url.kind {
                Kind::Account => (
                    format!("account-token URLs do not use `{name}`: the form ignores it"),
                    "remove it: an account token's resources are chosen in the form",
                ),
                Kind::User => (
                    format!("user-token URLs do not use `{name}`: the form ignores it"),
                    "remove it, or use the account-token URL (`/?to=/:account/api-tokens`)",
                ),
            };
            // The form ignores it, so removing it changes nothing but the noise.
            let fix = if url.kind == Kind::Account {
                removal(i, &name)
            } else {
                None
            };
            Finding::new(span, message, "ignored by the form")
                .with_help(Some(help.into()))
                .with_fix(fix)
        } else {
            match meant(&param.name) {
                // A misspelling of a parameter the form reads: that one is missing.
                Some(k) => Finding::new(
                    span,
                    format!("unknown parameter `{name}`: the token form ignores it"),
                    "unknown parameter",
                )
                .with_help(Some(format!("did you mean `{k}`?"))),
                // Nothing like a parameter the docs give. The dashboard reads parameters the
                // template docs never name (`scope`, on Cloudflare's own Flagship page), so
                // this one may be read too: a warning.
                None => Finding::new(
                    span,
                    format!("unknown parameter `{name}`: the template docs do not give it, so the form may ignore it"),
                    "unknown parameter",
                )
                .with_help(Some("remove it unless you know the dashboard reads it; the docs give permissionGroupKeys, name, accountId and zoneId (user tokens), and to (account tokens)".into()))
                .at_most(Severity::Warning),
            }
        };
        out.push(finding);
    }
}
