//! `not-encoded`: `permissionGroupKeys` or `name` written with characters that must be
//! percent-encoded (quotes, braces, brackets, spaces): Markdown links, chat clients and
//! e-mail break such URLs, and readers copy them half.

use super::{Descriptor, Rule};
use crate::config::Config;
use crate::diagnostic::{Finding, Severity};
use crate::template::{Permissions, TemplateUrl, PERMISSIONS_PARAM};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "not-encoded",
        default_severity: Severity::Warning,
        summary: "permissionGroupKeys or name has characters that must be percent-encoded (quotes, braces, spaces)",
        doc: include_str!("../../rules/not-encoded.md"),
    },
    check,
};

fn must_encode(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'"' | b'{' | b'}' | b'[' | b']' | b'<' | b'>' | b'|' | b'\\' | b'^' | b'`'
    ) || b < 0x20
}

fn check(url: &TemplateUrl, _config: &Config, out: &mut Vec<Finding>) {
    // Lists shown with `...` or placeholders are illustrations, not links to click.
    if let Permissions::List(list) = &url.permissions {
        let illustrative = list.elided
            || list.entries.iter().any(|e| {
                e.key.as_ref().is_some_and(|k| k.is_placeholder())
                    || e.ty.as_ref().is_some_and(|t| t.is_placeholder())
            });
        if illustrative {
            return;
        }
    }
    for name in [PERMISSIONS_PARAM, "name"] {
        let Some(param) = url.param(name) else {
            continue;
        };
        if param.is_placeholder() {
            continue;
        }
        let raw = param.raw_value.bytes();
        let Some(first) = raw.iter().position(|&b| must_encode(b)) else {
            continue;
        };
        let run = raw[first..].iter().take_while(|&&b| must_encode(b)).count();
        let shown: String = String::from_utf8_lossy(&raw[first..first + run]).into_owned();
        out.push(
            Finding::new(
                param.raw_value.source_span(first..first + run),
                format!("`{name}` has characters that must be percent-encoded, starting with `{}`", crate::diagnostic::printable(&shown)),
                "not encoded",
            )
            .with_help(Some("percent-encode the whole value (encodeURIComponent): `\"` is %22, `{` %7B, `[` %5B, a space %20".to_string())),
        );
    }
}
