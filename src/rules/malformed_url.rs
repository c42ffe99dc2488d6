//! `malformed-url`: `permissionGroupKeys` cannot be read: a bad percent-escape, invalid UTF-8,
//! broken or cut-off JSON, entries that are not `{"key", "type"}` objects, or raw JSON with a
//! space in a Markdown link, which a click cuts short there.

use super::{Context, Descriptor, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::template::{TemplateUrl, PERMISSIONS_PARAM};

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
    link_break(url, out);
}

/// Markdown ends a link at whitespace: a click on a link whose raw JSON holds a space sends
/// the list cut short there, which the form cannot read. The reader reads on, so that the
/// keys are checked and `not-encoded` can encode the whole value.
fn link_break(url: &TemplateUrl, out: &mut Vec<Finding>) {
    let Some(at) = url.link_break else {
        return;
    };
    let in_permissions = url
        .param(PERMISSIONS_PARAM)
        .is_some_and(|p| p.raw_value.full_source_span().contains(&at));
    if !in_permissions || url.is_illustration() {
        return;
    }
    out.push(
        Finding::new(
            at..at + 1,
            format!(
                "Markdown ends the link at this space: a click sends `{PERMISSIONS_PARAM}` cut short here, and the form cannot read it"
            ),
            "the link ends here",
        )
        .with_help(Some(
            "percent-encode the value (a space is %20): `cf-token-lint check --fix` does it (not-encoded)"
                .into(),
        )),
    );
}
