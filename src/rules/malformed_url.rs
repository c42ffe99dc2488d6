//! `malformed-url`: `permissionGroupKeys` cannot be read: a bad percent-escape, invalid UTF-8,
//! broken or cut-off JSON, or entries that are not `{"key", "type"}` objects.

use super::{Context, Descriptor, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::template::TemplateUrl;

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "malformed-url",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/malformed-url.md"),
    },
    check,
};

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    for problem in url.permission_problems() {
        out.push(
            Finding::new(problem.span, problem.message, "cannot be read here")
                .with_help(problem.help),
        );
    }
}
