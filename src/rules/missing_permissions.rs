//! `missing-permissions`: a template URL with no `permissionGroupKeys`, or an empty list. A
//! link that only pre-fills the name (`?name=CI`) is often written on purpose: a note.

use super::Context;
use super::{Descriptor, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::template::{is_near_permissions_param, Permissions, TemplateUrl, PERMISSIONS_PARAM};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "missing-permissions",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/missing-permissions.md"),
    },
    check,
};

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    // A fragment's permissions may come from the code it is joined to.
    if !matches!(url.permissions, Permissions::Missing) || url.fragment {
        return;
    }
    let present = url.param(PERMISSIONS_PARAM).is_some();
    let message = if present {
        "permissionGroupKeys is empty: the form opens with no permissions selected"
    } else {
        "template URL has no permissionGroupKeys: the form opens with no permissions selected"
    };
    let misspelt = url
        .params
        .iter()
        .find(|p| is_near_permissions_param(&p.name));
    let finding = match misspelt {
        Some(p) => Finding::new(url.span.clone(), message, "no permissions").with_help(Some(format!(
            "the URL has `{}`; the form reads only `{PERMISSIONS_PARAM}`",
            crate::diagnostic::printable(&p.name)
        ))),
        None if present => Finding::new(url.span.clone(), message, "no permissions")
            .with_help(Some(format!("add permissions to the list, e.g. {EXAMPLE}"))),
        // No list at all: the link may be meant to pre-fill only the name.
        None => Finding::new(
            url.span.clone(),
            "template URL pre-fills no permissions (it has no permissionGroupKeys): the form opens with none selected",
            "no permissions",
        )
        .with_help(Some(format!(
            "if that is meant, nothing to do; otherwise add {PERMISSIONS_PARAM}= with the URL-encoded JSON list of permissions, e.g. {EXAMPLE}"
        )))
        .at_most(Severity::Note),
    };
    out.push(finding);
}

/// `[{"key":"dns","type":"read"}]`, URL-encoded.
const EXAMPLE: &str = "%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D";
