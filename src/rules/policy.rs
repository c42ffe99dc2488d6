//! `policy`: the team's least-privilege rules from the `[policy]` section of the
//! configuration: highest type per key, denied permissions, a required `name`, no wildcard
//! scope with `edit`, and a cap on permissions per URL. Silent without a policy.

use super::{grants, Context, Descriptor, Rule};
use crate::catalog::type_rank;
use crate::diagnostic::{printable, Finding, Severity};
use crate::template::{Kind, TemplateUrl, PERMISSIONS_PARAM};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "policy",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/policy.md"),
    },
    check,
};

fn check(url: &TemplateUrl, cx: &Context, out: &mut Vec<Finding>) {
    let policy = cx.policy;
    if policy.checks_nothing() {
        return;
    }
    let entries = grants(url, cx.catalog);

    for grant in &entries {
        let ty = grant.written_type;
        let (k, t) = (printable(grant.key), printable(grant.ty));
        if let Some(rule) = policy.deny.iter().find(|d| d.matches(grant.key, grant.ty)) {
            out.push(
                Finding::new(
                    ty.span.clone(),
                    format!("`{k}`:`{t}` is denied by the policy (`{}`)", rule.as_text()),
                    "denied",
                )
                .with_help(Some(
                    "remove this permission: the team's policy forbids it".into(),
                )),
            );
            continue;
        }
        if let Some(max) = policy.max_type.get(grant.key) {
            if type_rank(grant.ty) > type_rank(max) {
                out.push(
                    Finding::new(
                        ty.span.clone(),
                        format!("the policy allows at most `{max}` on `{k}`, not `{t}`"),
                        "above the policy",
                    )
                    .with_help(Some(format!("use `{max}`"))),
                );
            }
        }
    }

    if let Some(max) = policy.max_permissions {
        if entries.len() > max {
            if let Some(param) = url.param(PERMISSIONS_PARAM) {
                out.push(
                    Finding::new(
                        param.raw_value.full_source_span(),
                        format!(
                            "{} permissions, more than the policy's maximum of {max}",
                            entries.len()
                        ),
                        "too many permissions",
                    )
                    .with_help(Some(
                        "split the task into tokens with fewer permissions each".into(),
                    )),
                );
            }
        }
    }

    if policy.require_name {
        match url.param("name") {
            None => out.push(
                Finding::new(
                    url.span.clone(),
                    "template URL has no `name`: the policy requires one",
                    "no name",
                )
                .with_help(Some(
                    "add `&name=` with a name that says what the token is for".into(),
                )),
            ),
            Some(p) if p.value_text().trim().is_empty() => out.push(
                Finding::new(
                    p.pair_span.clone(),
                    "the token `name` is empty: the policy requires one",
                    "empty name",
                )
                .with_help(Some(
                    "give the token a name that says what it is for".into(),
                )),
            ),
            Some(_) => {}
        }
    }

    if !policy.wildcard_edit && url.kind == Kind::User {
        let account = url.param("accountId").filter(|p| p.value_text() == "*");
        let zone = url.param("zoneId").filter(|p| p.value_text() == "all");
        if let (Some(a), Some(z)) = (account, zone) {
            if entries.iter().any(|g| g.ty == "edit") {
                let span =
                    a.pair_span.start.min(z.pair_span.start)..a.pair_span.end.max(z.pair_span.end);
                out.push(
                    Finding::new(span, "wildcard scope (`accountId=*` and `zoneId=all`) with `edit`: the policy forbids it", "every account and zone")
                        .with_help(Some("scope the token to one account id and zone id, or grant only `read`".into())),
                );
            }
        }
    }
}
