//! `not-encoded`: `permissionGroupKeys` or `name` written with characters that must be
//! percent-encoded (quotes, braces, brackets, spaces): Markdown links, chat clients and
//! e-mail break such URLs, and readers copy them half.

use super::{Context, Descriptor, Rule};
use crate::diagnostic::{Change, Edit, Finding, FixPlan, Severity};
use crate::percent;
use crate::template::{Param, Permissions, TemplateUrl, PERMISSIONS_PARAM};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "not-encoded",
        default_severity: Severity::Warning,
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

/// Encodes what must be encoded, keeping every other byte as written. A value with no `%`
/// at all was never encoded, so it is encoded as the template URL page does (`:` as `%3A`);
/// one that is partly encoded keeps its style. A value that does not decode, or JSON the
/// form cannot read (a URL cut at a line break), is another rule's to report and not safe
/// to touch.
fn encoding_fix(
    url: &TemplateUrl,
    name: &str,
    param: &Param,
    kept: &[std::ops::Range<usize>],
) -> Option<FixPlan> {
    if param.value.is_err()
        || (name == PERMISSIONS_PARAM
            && !matches!(&url.permissions, Permissions::List(l) if !l.fatal))
    {
        return None;
    }
    let raw = &param.raw_value;
    let never_encoded = !raw.bytes().contains(&b'%');
    // `+` is left alone: the form reads it as a space, and it needs no encoding.
    let needs =
        |b: u8| must_encode(b) || (never_encoded && !percent::is_unreserved(b) && b != b'+');
    let mut changes = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        // Bytes from one escape of the host syntax (`&eacute;`) are rewritten together.
        let mut origin = raw.origin(i);
        let mut end = i + 1;
        while end < raw.len() && raw.origin(end) == origin {
            end += 1;
        }
        // A character written as it is spans several bytes: rewrite them together, so an
        // edit never splits it.
        if end == i + 1 && raw.bytes()[i] >= 0xC0 {
            while end < raw.len() && raw.bytes()[end] & 0xC0 == 0x80 {
                end += 1;
            }
            origin = origin.start..raw.origin(end - 1).end;
        }
        let unit = &raw.bytes()[i..end];
        // An interpolation is code, and a placeholder in the value stands for one: never
        // rewritten.
        let kept = kept.iter().any(|r| r.contains(&i));
        if unit.iter().any(|&b| needs(b)) && !url.in_hole(&origin) && !kept {
            let mut replacement = String::new();
            for &b in unit {
                if needs(b) {
                    replacement.push_str(&format!("%{b:02X}"));
                } else {
                    replacement.push(b as char);
                }
            }
            changes.push(Change::Source(Edit {
                span: origin,
                replacement,
            }));
        }
        i = end;
    }
    Some(FixPlan::new(format!("percent-encode `{name}`"), changes))
}

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    // Most URLs are encoded: one pass over two values, before any placeholder check.
    let unencoded = |name: &str| {
        url.param(name)
            .is_some_and(|p| p.raw_value.bytes().iter().any(|&b| must_encode(b)))
    };
    if !unencoded(PERMISSIONS_PARAM) && !unencoded("name") {
        return;
    }
    // Lists shown with `...` or placeholders are illustrations, not links to click.
    if url.is_illustration() {
        return;
    }
    for name in [PERMISSIONS_PARAM, "name"] {
        let Some(param) = url.param(name) else {
            continue;
        };
        if param.is_placeholder() {
            continue;
        }
        let raw = param.raw_value.bytes();
        // `name=brewnet-{projectName}`: the braces are the placeholder's, not the name's.
        let kept = crate::placeholder::embedded(raw);
        let skipped = |i: usize| {
            url.in_hole(&param.raw_value.origin(i)) || kept.iter().any(|r| r.contains(&i))
        };
        let Some(first) = (0..raw.len()).find(|&i| must_encode(raw[i]) && !skipped(i)) else {
            continue;
        };
        let run = raw[first..]
            .iter()
            .enumerate()
            .take_while(|&(j, &b)| must_encode(b) && !skipped(first + j))
            .count();
        let fix = encoding_fix(url, name, param, &kept);
        let shown: String = String::from_utf8_lossy(&raw[first..first + run]).into_owned();
        out.push(
            Finding::new(
                param.raw_value.source_span(first..first + run),
                format!("`{name}` has characters that must be percent-encoded, starting with `{}`", crate::diagnostic::printable(&shown)),
                "not encoded",
            )
            .with_help(Some("percent-encode the whole value (encodeURIComponent): `\"` is %22, `{` %7B, `[` %5B, a space %20".to_string()))
            .with_fix(fix),
        );
    }
}
