//! `over-broad`: more privilege than the task needs: `edit` on a high-risk key, `read` and
//! `edit` of one key, a permission listed twice, or a name promising read-only access on a
//! token that can edit.

use std::collections::HashMap;

use super::{grants, Context, Descriptor, Rule};
use crate::catalog::Risk;
use crate::diagnostic::{printable, Finding, FixPlan, Severity};
use crate::fix::removal_span;
use crate::template::{Permissions, TemplateUrl};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "over-broad",
        default_severity: Severity::Warning,
        doc: include_str!("../../rules/over-broad.md"),
    },
    check,
};

/// Whether a token name promises read-only access ("DNS Read Token", "viewer"), without also
/// naming write access ("DNS read/write").
fn promises_read_only(name: &str) -> bool {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let reads = words.iter().any(|w| {
        matches!(
            *w,
            "read" | "readonly" | "viewer" | "view" | "monitor" | "monitoring"
        )
    });
    let writes = words.iter().any(|w| {
        matches!(
            *w,
            "write" | "edit" | "manage" | "management" | "admin" | "full" | "deploy"
        )
    });
    reads && !writes
}

fn check(url: &TemplateUrl, cx: &Context, out: &mut Vec<Finding>) {
    let catalog = cx.catalog;
    let entries = grants(url, catalog);
    // Entries can be removed only from a list the form reads as a whole.
    let removable =
        matches!(&url.permissions, Permissions::List(l) if l.problems.is_empty() && !l.elided);
    let mut types_by_key: HashMap<&str, Vec<&str>> = HashMap::with_capacity(entries.len());
    for grant in &entries {
        let (i, ty) = (grant.index, grant.written_type);
        // Shown only in findings: made when there is one.
        let k = || printable(grant.key);
        let earlier = types_by_key.entry(grant.key).or_default();
        if earlier.contains(&grant.ty) {
            let (k, t) = (k(), printable(grant.ty));
            let entry_spans: Vec<_> = url.entries().iter().map(|e| e.span.clone()).collect();
            out.push(
                Finding::new(
                    ty.span.clone(),
                    format!("permission `{k}`:`{t}` is listed twice"),
                    "repeated",
                )
                .with_help(Some("remove the repeat".into()))
                .with_fix(
                    removable
                        .then(|| removal_span(&entry_spans, i))
                        .flatten()
                        .map(|span| {
                            FixPlan::delete(format!("remove the repeated `{k}`:`{t}`"), span)
                        }),
                ),
            );
            continue;
        }
        let pair = (earlier.contains(&"read") && grant.ty == "edit")
            || (earlier.contains(&"edit") && grant.ty == "read");
        earlier.push(grant.ty);
        if pair {
            let k = k();
            out.push(
                Finding::new(
                    ty.span.clone(),
                    format!(
                        "`{k}` is granted both `read` and `edit`; `edit` already includes reading"
                    ),
                    "redundant",
                )
                .with_help(Some(
                    "keep only the level the task needs: `read` if it only reads".into(),
                )),
            );
            continue;
        }
        if grant.ty == "edit" {
            let why = match catalog.key(grant.key) {
                Some(info) if info.risk == Risk::High => Some(
                    info.why
                        .as_deref()
                        .unwrap_or("the catalog marks it high-risk"),
                ),
                _ if cx.policy.high_risk.iter().any(|k| k == grant.key) => {
                    Some("the team's policy marks it high-risk")
                }
                _ => None,
            };
            if let Some(why) = why {
                let k = k();
                out.push(
                    Finding::new(
                        ty.span.clone(),
                        format!("`edit` on `{k}` is high-risk: {why}"),
                        "high-risk",
                    )
                    .with_help(Some(format!(
                        "use `read` on `{k}` unless the task really needs to change it"
                    ))),
                );
            }
        }
    }

    if let Some(name) = url.token_name().filter(|n| promises_read_only(n)) {
        if let Some(grant) = entries.iter().find(|g| g.ty == "edit") {
            out.push(
                Finding::new(
                    grant.written_type.span.clone(),
                    format!(
                        "the token name `{}` promises read-only access, but it grants `edit` on `{}`",
                        printable(&name),
                        printable(grant.key)
                    ),
                    "grants edit",
                )
                .with_help(Some("use `read`, or rename the token to say it can edit".into())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::promises_read_only;

    #[test]
    fn read_only_names() {
        assert!(promises_read_only("DNS Read Token"));
        assert!(promises_read_only("analytics-viewer"));
        assert!(!promises_read_only("DNS read/write"));
        assert!(!promises_read_only("DNS Management Token"));
        assert!(!promises_read_only("Thread pool"));
    }
}
