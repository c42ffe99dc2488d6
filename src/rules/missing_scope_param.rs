//! `missing-scope-param`: a user-token URL without `accountId` or `zoneId`. The template docs
//! call both required, yet the form opens without them and Cloudflare publishes such links: a
//! warning, not an error.

use super::Context;
use super::{Descriptor, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::template::{Kind, TemplateUrl, PERMISSIONS_PARAM, SCOPE_PARAMS};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "missing-scope-param",
        default_severity: Severity::Warning,
        doc: include_str!("../../rules/missing-scope-param.md"),
    },
    check,
};

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    // A link without a permission list (`?name=CI`) gets `missing-permissions` alone; a
    // fragment joined to code may get its scope from there.
    if url.kind != Kind::User || url.param(PERMISSIONS_PARAM).is_none() || url.fragment {
        return;
    }
    for (param, wildcard, meaning) in SCOPE_PARAMS {
        let present = url.param(param).is_some_and(|p| !p.raw_value.is_empty());
        if present {
            continue;
        }
        out.push(
            Finding::new(
                url.span.clone(),
                format!(
                    "user-token URL has no `{param}`: the template docs require it, and without it the form leaves the token's scope to the reader"
                ),
                format!("no {param}"),
            )
            .with_help(Some(format!(
                "add `&{param}={wildcard}` ({meaning}) or a specific 32-hex id"
            ))),
        );
    }
}
