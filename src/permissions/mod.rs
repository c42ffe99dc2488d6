//! Reads the decoded `permissionGroupKeys` value: a JSON array of `{"key": ..., "type": ...}`.
//!
//! A hand-written reader rather than `serde_json`, because every key and type must keep the
//! span of its source bytes, and because docs bend JSON in ways worth naming precisely
//! (a URL cut at a line break, single quotes, a `...` standing for more entries).

mod entries;
mod reader;

use std::ops::Range;

use crate::mapped::{Mapped, Problem};
use crate::placeholder::is_placeholder;
use reader::{Reader, Stop};

/// A JSON string value with the source span of its content (without the quotes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonStr {
    pub value: String,
    pub span: Range<usize>,
    /// The content's range in the decoded JSON text (JSON escapes still there), where a fix
    /// rewrites it.
    pub content: Range<usize>,
}

impl JsonStr {
    /// A placeholder, or text with an interpolation in it (`${svc}_scripts`).
    pub fn is_placeholder(&self) -> bool {
        is_placeholder(&self.value) || crate::placeholder::has_interpolation(&self.value)
    }
}

/// One `{"key": ..., "type": ...}` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    pub key: Option<JsonStr>,
    pub ty: Option<JsonStr>,
    /// The whole object.
    pub span: Range<usize>,
}

/// The parsed list. `fatal` problems mean the form cannot read the JSON at all, so `entries`
/// is empty; other problems (an extra field, a missing type) leave the rest readable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionList {
    pub entries: Vec<Permission>,
    pub problems: Vec<Problem>,
    pub fatal: bool,
    /// The list held `...` or a placeholder entry: docs or code showing part of a list. Not
    /// an error, and not "empty".
    pub elided: bool,
    /// Read with `parse_open`, the JSON stopped short: it continues in code, so what was read
    /// is kept (a last entry perhaps without its type) and nothing is reported for the rest.
    pub cut: bool,
}

/// Parses a decoded `permissionGroupKeys` value (valid UTF-8, spans through `map`).
pub fn parse(map: &Mapped) -> PermissionList {
    read(map, false)
}

/// Parses a value that code may continue (a string literal joined to more): JSON that stops
/// short is not a problem, and what was read before is kept.
pub fn parse_open(map: &Mapped) -> PermissionList {
    read(map, true)
}

fn read(map: &Mapped, open: bool) -> PermissionList {
    let mut out = PermissionList::default();
    let mut reader = Reader {
        text: map.bytes(),
        map,
        pos: 0,
        partial: None,
    };
    match reader.list(&mut out) {
        Ok(()) => {}
        Err(Stop(_, true)) if open => {
            out.entries.extend(reader.partial.take());
            out.cut = true;
            out.elided = true;
        }
        Err(Stop(problem, _)) => {
            out.problems.push(problem);
            out.entries.clear();
            out.fatal = true;
        }
    }
    out
}

/// `dns:edit,zone:read` (how people write permissions when they guess the format) as the JSON
/// the form reads, if it has that shape.
fn as_objects(text: &str) -> Option<String> {
    const TYPES: &[&str] = &["read", "edit", "write", "purge", "run", "revoke"];
    let entries: Option<Vec<String>> = text
        .split(',')
        .map(|pair| {
            let pair = pair.trim();
            // `dns:edit`, or `analytics_read` (a key and a type word joined by `_`).
            let (key, ty) = pair.split_once(':').or_else(|| {
                pair.rsplit_once('_')
                    .filter(|(_, ty)| TYPES.contains(&ty.to_ascii_lowercase().as_str()))
            })?;
            let word = |w: &str| {
                !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            };
            (word(key) && word(ty)).then(|| format!("{{\"key\":\"{key}\",\"type\":\"{ty}\"}}"))
        })
        .collect();
    Some(format!("[{}]", entries?.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(s: &str) -> Mapped {
        Mapped::identity(s.as_bytes())
    }

    #[test]
    fn reads_entries_with_content_spans() {
        let text = r#"[{"key":"dns","type":"edit"}, { "key": "zone", "type": "read" }]"#;
        let list = parse(&mapped(text));
        assert!(list.problems.is_empty(), "{:?}", list.problems);
        assert_eq!(list.entries.len(), 2);
        let key = list.entries[0].key.as_ref().unwrap();
        assert_eq!(
            (key.value.as_str(), &text[key.span.clone()]),
            ("dns", "dns")
        );
        let ty = list.entries[1].ty.as_ref().unwrap();
        assert_eq!(&text[ty.span.clone()], "read");
    }

    #[test]
    fn truncated_json_is_fatal_and_says_where() {
        let text = r#"[{"key":"dns","type":"ed"#;
        let list = parse(&mapped(text));
        assert!(list.fatal);
        assert_eq!(list.problems[0].span, text.len() - 1..text.len());
        assert!(list.problems[0].message.contains("line break"));
    }

    #[test]
    fn extra_fields_and_missing_type_are_not_fatal() {
        let text = r#"[{"key":"d1","type":"account","access":"edit"},{"key":"dns"}]"#;
        let list = parse(&mapped(text));
        assert!(!list.fatal);
        assert_eq!(list.entries.len(), 2);
        assert_eq!(&text[list.problems[0].span.clone()], "access");
        assert!(list.problems[1].message.contains("no `type`"));
    }

    #[test]
    fn names_common_mistakes() {
        assert!(parse(&mapped("[{'key':'dns'}]")).problems[0]
            .message
            .contains("single quotes"));
        assert!(parse(&mapped(r#"{"key":"dns","type":"edit"}"#)).problems[0]
            .message
            .contains("wrapped in [ ]"));
        assert!(
            parse(&mapped(r#"[{"key":"dns","type":"edit"},]"#)).problems[0]
                .message
                .contains("trailing comma")
        );
        assert!(
            parse(&mapped(r#"[{"key":"dns","type":"edit"}]x"#)).problems[0]
                .message
                .contains("after the closing")
        );
        let deep = "[".repeat(10_000);
        assert!(parse(&mapped(&deep)).fatal);
    }

    #[test]
    fn values_that_are_not_json_get_the_json_they_mean() {
        for (value, json) in [
            ("dns:edit", r#"[{"key":"dns","type":"edit"}]"#),
            ("analytics_read", r#"[{"key":"analytics","type":"read"}]"#),
            (
                "workers_scripts:edit,zone:read",
                r#"[{"key":"workers_scripts","type":"edit"},{"key":"zone","type":"read"}]"#,
            ),
        ] {
            let list = parse(&mapped(value));
            assert!(list.fatal && list.problems[0].message.contains("not JSON"));
            assert_eq!(list.problems[0].span, 0..value.len());
            assert!(
                list.problems[0].help.as_ref().unwrap().ends_with(json),
                "{value}"
            );
        }
    }

    #[test]
    fn an_open_list_keeps_what_it_read() {
        let list = parse_open(&mapped(
            r#"[{"key":"dns","type":"edit"},{"key":"zone_dns","type":""#,
        ));
        assert!(list.cut && !list.fatal && list.problems.is_empty());
        assert_eq!(list.entries.len(), 2);
        assert_eq!(list.entries[1].key.as_ref().unwrap().value, "zone_dns");
        assert!(list.entries[1].ty.is_none());
        let tokens = parse(&mapped(r#"[{"key":$k,"type":"edit"},$more]"#));
        assert!(
            tokens.problems.is_empty() && tokens.elided,
            "{:?}",
            tokens.problems
        );
        assert!(tokens.entries[0].key.as_ref().unwrap().is_placeholder());
    }

    #[test]
    fn ellipsis_marks_an_elided_list() {
        let list = parse(&mapped(r#"[{"key":"dns","type":"edit"}, ...]"#));
        assert!(list.elided && list.problems.is_empty());
    }
}
