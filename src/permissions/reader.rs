//! The JSON reader's machinery: tokens, strings, values, and the problems it stops at, each
//! with the span of its source bytes.

use std::ops::Range;

use super::*;

pub(super) const MAX_DEPTH: usize = 64;

pub(super) struct Reader<'a> {
    pub(super) text: &'a [u8],
    pub(super) map: &'a Mapped,
    pub(super) pos: usize,
    /// The entry being read, kept for a list cut short.
    pub(super) partial: Option<Permission>,
}

/// A syntax error: the reader stops there. `cut`: because the text ended.
pub(super) struct Stop(pub(super) Problem, pub(super) bool);

impl<'a> Reader<'a> {
    pub(super) fn span(&self, range: Range<usize>) -> Range<usize> {
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

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    pub(super) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    pub(super) fn stop(
        &self,
        at: Range<usize>,
        message: impl Into<String>,
        help: Option<&str>,
    ) -> Stop {
        Stop(
            Problem {
                span: self.span(at),
                message: message.into(),
                help: help.map(str::to_string),
            },
            false,
        )
    }

    pub(super) fn ended(&self, expecting: &str) -> Stop {
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
    pub(super) fn token(&mut self) -> Option<JsonStr> {
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

    pub(super) fn unexpected(&self, expecting: &str) -> Stop {
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
    pub(super) fn not_json(&self) -> Stop {
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
    pub(super) fn char_here(&self) -> char {
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

    pub(super) fn eat_ellipsis(&mut self) -> bool {
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
    pub(super) fn string(&mut self) -> Result<JsonStr, Stop> {
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
                Some(b) if b < 0x80 => {
                    // A run of plain ASCII at once: most of every key and type.
                    let run = self.text[self.pos..]
                        .iter()
                        .take_while(|&&b| b < 0x80 && b != b'"' && b != b'\\')
                        .count();
                    value.extend(
                        self.text[self.pos..self.pos + run]
                            .iter()
                            .map(|&b| char::from(b)),
                    );
                    self.pos += run;
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
    pub(super) fn any_value(&mut self, depth: usize) -> Result<(), Stop> {
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
}
