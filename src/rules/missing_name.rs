//! `missing-name`: a template without `name`, or with one that says nothing ("token",
//! "test"). Cloudflare's guidance asks for descriptive names, so that a token list read months
//! later says what each token is for.

use super::{Context, Descriptor, Rule};
use crate::diagnostic::{printable, Finding, Severity};
use crate::template::TemplateUrl;

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "missing-name",
        default_severity: Severity::Note,
        doc: include_str!("../../rules/missing-name.md"),
    },
    check,
};

/// Names that describe no purpose.
const VAGUE: &[&str] = &[
    "token",
    "test",
    "testing",
    "tmp",
    "temp",
    "my token",
    "new token",
    "api token",
    "cloudflare",
    "cloudflare token",
    "foo",
    "bar",
    "example",
    "x",
    "abc",
    "default",
    "name",
    "untitled",
];

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    match url.param("name") {
        // A fragment's name may come from the code it is joined to.
        None if url.fragment => {}
        None => out.push(
            Finding::new(url.span.clone(), "template URL has no `name`: the token will be named by the form's default", "no name")
                .with_help(Some("add `&name=` with what the token is for, e.g. `&name=Docs%20deploy%20(DNS%20edit)`".into())),
        ),
        Some(param) if !param.is_placeholder() => {
            let name = param.value_text();
            let normal = name.trim().to_lowercase();
            if normal.is_empty() || VAGUE.contains(&normal.as_str()) {
                let message = if normal.is_empty() {
                    "the token name is empty: it says nothing about what the token is for".to_string()
                } else {
                    format!("the token name `{}` says nothing about its purpose", printable(name.trim()))
                };
                out.push(
                    Finding::new(param.pair_span.clone(), message, "vague name")
                        .with_help(Some("name what the token is for and who uses it, e.g. `CI deploy: Workers scripts`".into())),
                );
            }
        }
        Some(_) => {}
    }
}
