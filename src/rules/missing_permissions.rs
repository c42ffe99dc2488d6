//! `missing-permissions`: a template URL with no `permissionGroupKeys`, or an empty list.

use super::{Descriptor, Rule};
use crate::config::Config;
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

fn check(url: &TemplateUrl, _config: &Config, out: &mut Vec<Finding>) {
    if !matches!(url.permissions, Permissions::Missing) {
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
    let help = match misspelt {
        Some(p) => format!("the URL has `{}`; the form reads only `{PERMISSIONS_PARAM}`", crate::diagnostic::printable(&p.name)),
        None => format!(
            "add {PERMISSIONS_PARAM}= with the URL-encoded JSON list of permissions, e.g. %5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D"
        ),
    };
    out.push(Finding::new(url.span.clone(), message, "no permissions").with_help(Some(help)));
}
