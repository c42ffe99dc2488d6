//! Reads the decoded `permissionGroupKeys` value: a JSON array of `{"key": ..., "type": ...}`.
//!
//! A hand-written reader rather than `serde_json`, because every key and type must keep the
//! span of its source bytes, and because docs bend JSON in ways worth naming precisely
//! (a URL cut at a line break, single quotes, a `...` standing for more entries).

use std::ops::Range;

use crate::mapped::{Mapped, Problem};
use crate::placeholder::is_placeholder;

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

const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    text: &'a [u8],
    map: &'a Mapped,
    pos: usize,
    /// The entry being read, kept for a list cut short.
    partial: Option<Permission>,
}

/// A syntax error: the reader stops there. `cut`: because the text ended.
struct Stop(Problem, bool);

impl<'a> Reader<'a> {
    fn span(&self, range: Range<usize>) -> Range<usize> {
        let end = range.end.min(self.text.len());
        let start = range.start.min(end);
        if start == end {
            // Point at one real character: the one at `start`, or the last one.
            let mut at = start.min(self.text.len().saturating_sub(1));
            while at > 0 && self.text[at] & 0xC0 == 0x80 {
                at -= 1;
            }
            let mut after = (at + 1).min(self.text.len());
            while after < self.text.len() && self.text[after] & 0xC0 == 0x80 {
                after += 1;
            }
            return self.map.source_span(at..after);
        }
        self.map.source_span(start..end)
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn stop(&self, at: Range<usize>, message: impl Into<String>, help: Option<&str>) -> Stop {
        Stop(
            Problem {
                span: self.span(at),
                message: message.into(),
                help: help.map(str::to_string),
            },
            false,
        )
    }

    fn ended(&self, expecting: &str) -> Stop {
        let Stop(problem, _) = self.stop(
            self.text.len()..self.text.len(),
            format!(
                "the JSON ends before {expecting}: was the URL cut at a line break or a space?"
            ),
            Some("keep the whole URL on one line, and percent-encode spaces as %20"),
        );
        Stop(problem, true)
    }

    /// A placeholder token (`$perms`, as interpolations are read) at `pos`, as a string.
    fn token(&mut self) -> Option<JsonStr> {
        let rest = &self.text[self.pos..];
        if rest.first() != Some(&b'$') {
            return None;
        }
        let len = 1 + rest[1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'{' || **b == b'}')
            .count();
        if len == 1 {
            return None;
        }
        let content = self.pos..self.pos + len;
        self.pos += len;
        Some(JsonStr {
            value: String::from_utf8_lossy(&self.text[content.clone()]).into_owned(),
            span: self.span(content.clone()),
            content,
        })
    }

    fn unexpected(&self, expecting: &str) -> Stop {
        let c = self.char_here();
        self.stop(
            self.pos..self.pos + c.len_utf8(),
            format!(
                "expected {expecting} in the JSON, found `{}`",
                crate::text::printable(&c.to_string())
            ),
            None,
        )
    }

    /// A value that is not JSON at all (`dns:edit`, `analytics_read`): the whole value.
    fn not_json(&self) -> Stop {
        let written = String::from_utf8_lossy(self.text).into_owned();
        let help = match as_objects(&written) {
            Some(json) => format!("write the JSON list the form reads, percent-encoded: {json}"),
            None => {
                "write a JSON list such as [{\"key\":\"dns\",\"type\":\"read\"}], percent-encoded"
                    .to_string()
            }
        };
        Stop(
            Problem {
                span: self.span(0..self.text.len()),
                message: format!(
                    "permissionGroupKeys is not JSON (`{}`): the form reads a JSON list of {{\"key\", \"type\"}} objects and opens with none selected",
                    crate::text::printable(&written)
                ),
                help: Some(help),
            },
            false,
        )
    }

    /// The character at `pos`, decoded from its own bytes only (re-validating the rest of the
    /// text for every character would make long strings quadratic).
    fn char_here(&self) -> char {
        let rest = &self.text[self.pos..];
        let width = match rest.first() {
            Some(&b) if b < 0x80 => 1,
            Some(&b) if b >= 0xF0 => 4,
            Some(&b) if b >= 0xE0 => 3,
            Some(_) => 2,
            None => return '\u{fffd}',
        };
        std::str::from_utf8(&rest[..width.min(rest.len())])
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or('\u{fffd}')
    }

    fn eat_ellipsis(&mut self) -> bool {
        let rest = &self.text[self.pos..];
        for dots in ["...", "…"] {
            if rest.starts_with(dots.as_bytes()) {
                self.pos += dots.len();
                return true;
            }
        }
        false
    }

    /// A string at `pos` (which holds `"`).
    fn string(&mut self) -> Result<JsonStr, Stop> {
        let open = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            match self.peek() {
                None => return Err(self.ended("the closing `\"` of a string")),
                Some(b'"') => break,
                Some(b'\\') => {
                    let esc_start = self.pos;
                    let unit = crate::syntax::json::backslash_escape(
                        self.text,
                        self.pos,
                        crate::syntax::json::Dialect::Json,
                    )
                    .ok_or_else(|| {
                        self.stop(
                            esc_start..esc_start + 2,
                            "invalid escape in a JSON string",
                            None,
                        )
                    })?;
                    value.push_str(std::str::from_utf8(unit.bytes()).unwrap_or("\u{fffd}"));
                    self.pos += unit.len;
                }
                Some(_) => {
                    let c = self.char_here();
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        let content = open + 1..self.pos;
        self.pos += 1;
        let span = if content.is_empty() {
            self.span(open..open + 2)
        } else {
            self.span(content.clone())
        };
        Ok(JsonStr {
            value,
            span,
            content,
        })
    }

    /// Skips any JSON value (for fields whose value is not a string).
    fn any_value(&mut self, depth: usize) -> Result<(), Stop> {
        if depth > MAX_DEPTH {
            return Err(self.stop(
                self.pos..self.pos + 1,
                "the JSON is nested too deeply",
                None,
            ));
        }
        self.skip_ws();
        match self.peek() {
            None => Err(self.ended("a value")),
            Some(b'"') => self.string().map(|_| ()),
            Some(open @ (b'[' | b'{')) => {
                let close = if open == b'[' { b']' } else { b'}' };
                self.pos += 1;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None => return Err(self.ended("a closing bracket")),
                        Some(c) if c == close => {
                            self.pos += 1;
                            return Ok(());
                        }
                        Some(b',' | b':') => self.pos += 1,
                        Some(_) => self.any_value(depth + 1)?,
                    }
                }
            }
            Some(c) if c == b'-' || c.is_ascii_alphanumeric() || c == b'.' => {
                while self.peek().is_some_and(|c| {
                    c == b'-' || c == b'+' || c == b'.' || c.is_ascii_alphanumeric()
                }) {
                    self.pos += 1;
                }
                Ok(())
            }
            Some(_) => Err(self.unexpected("a value")),
        }
    }

    fn object(&mut self, out: &mut PermissionList) -> Result<(), Stop> {
        let open = self.pos;
        self.pos += 1;
        let mut key = None;
        let mut ty = None;
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(self.ended("`}`")),
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') if key.is_some() || ty.is_some() => {
                    self.pos += 1;
                    continue;
                }
                Some(b'"') => {}
                Some(b'\'') => {
                    return Err(self.stop(
                        self.pos..self.pos + 1,
                        "JSON strings need double quotes, not single quotes",
                        Some("write \"key\" and \"type\" with double quotes (%22 when encoded)"),
                    ));
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    return Err(self.stop(
                        self.pos..self.pos + 1,
                        "JSON field names need double quotes",
                        Some("write {\"key\": \"...\", \"type\": \"...\"}"),
                    ));
                }
                Some(_) if self.eat_ellipsis() => {
                    out.elided = true;
                    continue;
                }
                Some(b'$') if self.token().is_some() => {
                    out.elided = true;
                    continue;
                }
                Some(_) => return Err(self.unexpected("a field name or `}`")),
            }
            self.partial = Some(Permission {
                key: key.clone(),
                ty: ty.clone(),
                span: self.span(open..self.pos),
            });
            let name = self.string()?;
            self.skip_ws();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.ended("`:`")),
                Some(_) => return Err(self.unexpected("`:`")),
            }
            self.skip_ws();
            let value_start = self.pos;
            let value = if self.peek() == Some(b'"') {
                Some(self.string()?)
            } else if let Some(token) = self.token() {
                Some(token)
            } else {
                self.any_value(1)?;
                None
            };
            match (name.value.as_str(), value) {
                ("key" | "type", None) => out.problems.push(Problem {
                    span: self.span(value_start..self.pos),
                    message: format!("`{}` must be a JSON string", name.value),
                    help: None,
                }),
                ("key", Some(v)) if key.is_none() => key = Some(v),
                ("type", Some(v)) if ty.is_none() => ty = Some(v),
                _ if name.is_placeholder() => out.elided = true,
                ("key" | "type", Some(_)) => out.problems.push(Problem {
                    span: name.span.clone(),
                    message: format!("`{}` appears twice in one entry", name.value),
                    help: Some("keep one".into()),
                }),
                (other, _) => out.problems.push(Problem {
                    span: name.span.clone(),
                    message: format!(
                        "entry has a field `{}` that the token form ignores: an entry is {{\"key\", \"type\"}} only",
                        crate::text::printable(other)
                    ),
                    help: Some(match other {
                        "access" | "level" | "permission" => "put the access level in `type` (read, edit, ...) and remove this field".to_string(),
                        "scope" | "resource" | "resources" => "scope is set by the URL's accountId/zoneId (user tokens) or in the form (account tokens); remove this field".to_string(),
                        _ => "remove this field".to_string(),
                    }),
                }),
            }
            self.partial = Some(Permission {
                key: key.clone(),
                ty: ty.clone(),
                span: self.span(open..self.pos),
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                None => return Err(self.ended("`}`")),
                Some(_) => return Err(self.unexpected("`,` or `}`")),
            }
        }
        let span = self.span(open..self.pos);
        let missing = match (&key, &ty) {
            (None, None) => Some("has no `key` and no `type`"),
            (None, Some(_)) => Some("has no `key`"),
            (Some(_), None) => Some("has no `type`"),
            _ => None,
        };
        self.partial = None;
        if let Some(what) = missing {
            out.problems.push(Problem {
                span: span.clone(),
                message: format!("a permission entry {what}: the form skips it"),
                help: Some("each entry is {\"key\": \"dns\", \"type\": \"edit\"}".into()),
            });
        }
        out.entries.push(Permission { key, ty, span });
        Ok(())
    }

    fn list(&mut self, out: &mut PermissionList) -> Result<(), Stop> {
        self.skip_ws();
        match self.peek() {
            Some(b'[') => self.pos += 1,
            Some(b'{') => {
                return Err(self.stop(self.pos..self.pos + 1, "permissionGroupKeys must be a JSON array: the object needs to be wrapped in [ ]", Some("write [{\"key\": ..., \"type\": ...}] (%5B ... %5D when encoded)")));
            }
            None => return Err(self.ended("`[`")),
            Some(c) if c.is_ascii_alphanumeric() => return Err(self.not_json()),
            Some(_) => return Err(self.unexpected("`[` (permissionGroupKeys is a JSON array)")),
        }
        let mut after_comma = false;
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(self.ended("`]`")),
                Some(b']') => {
                    if after_comma {
                        return Err(self.stop(
                            self.pos - 1..self.pos,
                            "trailing comma before `]`: JSON does not allow it",
                            Some("remove the last comma"),
                        ));
                    }
                    self.pos += 1;
                    break;
                }
                Some(b'{') => self.object(out)?,
                Some(_) if self.eat_ellipsis() => out.elided = true,
                Some(b'$') if self.token().is_some() => out.elided = true,
                Some(_) => {
                    let start = self.pos;
                    let string = if self.peek() == Some(b'"') {
                        Some(self.string()?)
                    } else {
                        self.any_value(1)?;
                        None
                    };
                    if string.as_ref().is_some_and(JsonStr::is_placeholder) {
                        out.elided = true;
                        continue;
                    }
                    let help = string.map(|s| {
                        let object = as_objects(&s.value).map(|list| {
                            list.trim_start_matches('[')
                                .trim_end_matches(']')
                                .to_string()
                        });
                        format!(
                            "write the entry as an object: {}",
                            object.unwrap_or_else(|| format!(
                                "{{\"key\": \"{}\", \"type\": \"read\"}}",
                                crate::text::printable(&s.value)
                            ))
                        )
                    });
                    out.problems.push(Problem {
                        span: self.span(start..self.pos),
                        message: "each entry of permissionGroupKeys must be an object {\"key\": ..., \"type\": ...}, not a string: the form skips it".into(),
                        help,
                    });
                }
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    after_comma = true;
                }
                Some(b']') => after_comma = false,
                None => return Err(self.ended("`]`")),
                Some(_) => return Err(self.unexpected("`,` or `]`")),
            }
        }
        self.skip_ws();
        if self.pos < self.text.len() {
            return Err(self.stop(
                self.pos..self.text.len(),
                "unexpected text after the closing `]` of the JSON",
                Some("check where the parameter ends: an unencoded `&` or `#`?"),
            ));
        }
        Ok(())
    }
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
