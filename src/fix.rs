//! Autofix: turns the rules' fix plans into byte edits written in the file's own escaping,
//! and applies them until nothing more can be fixed.
//!
//! Edits are as small as the change: `workers_scritps` → `workers_scripts` rewrites the three
//! bytes that differ, so `workers\_` in a Markdown table or `%5F` stays exactly as written.

use std::ops::Range;

use crate::diagnostic::{Change, Edit, Fix, FixPlan};
use crate::mapped::Mapped;
use crate::template::{TemplateUrl, PERMISSIONS_PARAM};

/// Writes a rule's plan as edits of `src`. `None` when the plan cannot be written safely (the
/// permissions JSON it names is not there).
pub fn resolve(plan: &FixPlan, src: &[u8], url: &TemplateUrl) -> Option<Fix> {
    let mut edits = Vec::with_capacity(plan.changes.len());
    for change in &plan.changes {
        let edit = match change {
            Change::Source(edit) => edit.clone(),
            Change::JsonString { content, text } => {
                let json = url.param(PERMISSIONS_PARAM)?.value.as_ref().ok()?;
                rewrite_json_string(src, json, content.clone(), text)?
            }
        };
        edits.push(edit);
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    if edits.windows(2).any(|w| w[0].span.end > w[1].span.start) {
        return None;
    }
    Some(Fix {
        description: plan.description.clone(),
        applicability: plan.applicability,
        edits,
    })
}

/// The edit that gives the JSON string at `content` (decoded range) the text `new`: only the
/// differing middle is rewritten, and each new character is written the way the same
/// character is already written in this URL's JSON (`\_`, `%5F` or `_`), else plainly or
/// percent-encoded to match the URL.
fn rewrite_json_string(
    src: &[u8],
    json: &Mapped,
    content: Range<usize>,
    new: &str,
) -> Option<Edit> {
    let bytes = json.bytes();
    let old = bytes.get(content.clone())?;
    // Catalog words need no JSON escaping; anything else is not ours to write.
    if !new
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        || old.contains(&b'\\')
    {
        return None;
    }
    let new = new.as_bytes();
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let changed = content.start + prefix..content.end - suffix;
    let middle = &new[prefix..new.len() - suffix];
    // Only a character the URL never writes needs to know whether the JSON is encoded.
    let encoded_json = || {
        json.origin_ranges()
            .any(|r| src.get(r).is_some_and(|s| s.first() == Some(&b'%')))
    };
    let mut replacement = String::new();
    for &b in middle {
        if b.is_ascii_alphanumeric() {
            replacement.push(b as char);
        } else if let Some(written) = written_as(src, json, b) {
            replacement.push_str(written);
        } else if encoded_json() {
            replacement.push_str(&format!("%{b:02X}"));
        } else {
            replacement.push(b as char);
        }
    }
    Some(Edit {
        span: json.source_span(changed),
        replacement,
    })
}

/// How the file already writes the decoded byte `b` in this JSON, if it does.
fn written_as<'s>(src: &'s [u8], json: &Mapped, b: u8) -> Option<&'s str> {
    let i = json.bytes().iter().position(|&c| c == b)?;
    std::str::from_utf8(src.get(json.origin(i))?).ok()
}

/// The source bytes that remove item `i` of a list (query parameters, JSON entries) together
/// with one separator: from the end of the item before it, or else to the start of the item
/// after it. Whatever the separator is written as (`&`, `&amp;`, `\u0026`, `%2C`) goes with it.
pub fn removal_span(items: &[Range<usize>], i: usize) -> Option<Range<usize>> {
    let item = items.get(i)?;
    match (i.checked_sub(1).map(|p| &items[p]), items.get(i + 1)) {
        (Some(before), _) => Some(before.end..item.end),
        (None, Some(after)) => Some(item.start..after.start),
        (None, None) => None,
    }
}

/// Applies the fixes that do not overlap one another (the first in file order wins; the next
/// round gets the rest). Returns the new text and how many fixes were applied.
pub fn apply<'f>(src: &[u8], fixes: impl IntoIterator<Item = &'f Fix>) -> (Vec<u8>, usize) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| (f.edits[0].span.start, f.edits[0].span.end));
    let mut out = Vec::with_capacity(src.len());
    let mut copied = 0;
    let mut applied = 0;
    for fix in fixes {
        let first = fix.edits[0].span.start;
        let last = fix.edits[fix.edits.len() - 1].span.end;
        // `first < copied` overlaps an applied edit; an insertion exactly where the previous
        // edit ended would make the order of the two matter, so it waits a round too.
        if first < copied || (applied > 0 && first == copied) || last > src.len() {
            continue;
        }
        for edit in &fix.edits {
            out.extend_from_slice(&src[copied..edit.span.start]);
            out.extend_from_slice(edit.replacement.as_bytes());
            copied = edit.span.end;
        }
        applied += 1;
    }
    out.extend_from_slice(&src[copied..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Range<usize>, replacement: &str) -> Fix {
        Fix {
            description: String::new(),
            applicability: crate::diagnostic::Applicability::Safe,
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
    }

    #[test]
    fn applies_fixes_in_order_and_skips_overlaps() {
        let fixes = [edit(4..7, "XY"), edit(0..2, ""), edit(5..6, "z")];
        let (out, n) = apply(b"abcdefgh", &fixes);
        assert_eq!((out.as_slice(), n), (&b"cdXYh"[..], 2));
    }

    #[test]
    fn rewrites_only_the_differing_middle_in_the_urls_own_escaping() {
        // Decoded JSON `"workers_scritps"` from `%22workers\_scritps%22` in Markdown.
        let src = br#"%22workers\_scritps%22"#;
        let mut json = Mapped::new();
        json.push_all(b"\"", 0..3);
        for (i, &b) in b"workers".iter().enumerate() {
            json.push_all(&[b], 3 + i..4 + i);
        }
        json.push_all(b"_", 10..12);
        for (i, &b) in b"scritps".iter().enumerate() {
            json.push_all(&[b], 12 + i..13 + i);
        }
        json.push_all(b"\"", 19..22);
        let e = rewrite_json_string(src, &json, 1..16, "workers_scripts").unwrap();
        assert_eq!((e.span, e.replacement.as_str()), (16..18, "pt"));
        let e = rewrite_json_string(src, &json, 1..16, "workers_kv_storage").unwrap();
        assert_eq!(e.replacement, r"kv\_storage");
        assert_eq!(&src[e.span], b"scritps");
    }
}
