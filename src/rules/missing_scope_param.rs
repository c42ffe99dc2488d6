//! `missing-scope-param`: a user-token URL without `accountId` or `zoneId`, which the template
//! URL format requires for user tokens.

use super::{Descriptor, Rule};
use crate::config::Config;
use crate::diagnostic::{Finding, Severity};
use crate::template::{Kind, TemplateUrl, SCOPE_PARAMS};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "missing-scope-param",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/missing-scope-param.md"),
    },
    check,
};

fn check(url: &TemplateUrl, _config: &Config, out: &mut Vec<Finding>) {
    if url.kind != Kind::User {
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
                    "user-token URL has no `{param}`: the form cannot pre-fill the token's scope"
                ),
                format!("no {param}"),
            )
            .with_help(Some(format!(
                "add `&{param}={wildcard}` ({meaning}) or a specific 32-hex id"
            ))),
        );
    }
}
