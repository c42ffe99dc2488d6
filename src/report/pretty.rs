//! The JSON formats' layout: the same bytes as `serde_json`'s pretty printer (two spaces a
//! level, `": "` after keys), with each line's break and indent written in one piece rather
//! than a write per level: a report with thousands of findings writes hundreds of thousands
//! of indents. [`Pretty`] lays out what serde serializes; [`Hand`] is the same layout
//! written value by value, for the JSON report, whose diagnostics are most of what a run
//! writes (a serializer's dozens of calls a diagnostic cost more than linting it).

use std::io::{self, Write};

use serde_json::ser::Formatter;

/// A line break then the deepest indent written in one piece; deeper levels write more.
const BREAK_AND_INDENT: &[u8; 65] =
    b"\n                                                                ";

#[derive(Default)]
pub(super) struct Pretty {
    depth: usize,
    /// The array or object being written has a value already.
    has_value: bool,
}

impl Pretty {
    /// A line break, then the indent of the current depth.
    #[inline]
    fn break_line<W: ?Sized + Write>(&self, out: &mut W) -> io::Result<()> {
        let mut width = self.depth * 2;
        let first = width.min(BREAK_AND_INDENT.len() - 1);
        out.write_all(&BREAK_AND_INDENT[..1 + first])?;
        width -= first;
        while width > 0 {
            let more = width.min(BREAK_AND_INDENT.len() - 1);
            out.write_all(&BREAK_AND_INDENT[1..1 + more])?;
            width -= more;
        }
        Ok(())
    }

    #[inline]
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    #[inline]
    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.break_line(out)?;
        }
        out.write_all(bracket)
    }

    #[inline]
    fn item<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.break_line(out)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Pretty JSON written value by value into a buffer that goes to the writer whenever it
/// holds [`Hand::FLUSH_AT`] bytes: [`Pretty`]'s layout, with a few appends a value.
pub(super) struct Hand<'w> {
    buf: Vec<u8>,
    out: &'w mut dyn Write,
    layout: Pretty,
}

impl<'w> Hand<'w> {
    const FLUSH_AT: usize = 32 * 1024;

    pub(super) fn new(out: &'w mut dyn Write) -> Hand<'w> {
        Hand {
            buf: Vec::with_capacity(Self::FLUSH_AT + 4096),
            out,
            layout: Pretty::default(),
        }
    }

    // Writing to a Vec cannot fail: the layout's `io::Result`s below are always `Ok`.

    #[inline(always)]
    fn next_line(&mut self) {
        let first = !self.layout.has_value;
        let _ = self.layout.item(&mut self.buf, first);
        self.layout.has_value = true;
    }

    #[inline]
    pub(super) fn open_object(&mut self) {
        let _ = self.layout.open(&mut self.buf, b"{");
    }

    #[inline]
    pub(super) fn open_array(&mut self) {
        let _ = self.layout.open(&mut self.buf, b"[");
    }

    #[inline]
    pub(super) fn close_object(&mut self) {
        let _ = self.layout.close(&mut self.buf, b"}");
        self.layout.has_value = true;
    }

    #[inline]
    pub(super) fn close_array(&mut self) {
        let _ = self.layout.close(&mut self.buf, b"]");
        self.layout.has_value = true;
    }

    /// An object's key: what follows is its value.
    #[inline(always)]
    pub(super) fn key(&mut self, name: &str) {
        self.next_line();
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }

    /// An array's element: what follows is its value.
    #[inline(always)]
    pub(super) fn element(&mut self) {
        self.next_line();
    }

    #[inline(always)]
    pub(super) fn string(&mut self, text: &str) {
        let plain = text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
        if plain {
            self.buf.push(b'"');
            self.buf.extend_from_slice(text.as_bytes());
            self.buf.push(b'"');
        } else {
            // The rare string with escapes takes serde_json's own escaping.
            let _ = serde_json::to_writer(&mut self.buf, text);
        }
    }

    #[inline]
    pub(super) fn optional_string(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.string(text),
            None => self.null(),
        }
    }

    #[inline]
    pub(super) fn number(&mut self, n: usize) {
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    #[inline]
    pub(super) fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    /// Hands what is written so far to the writer once there is enough of it.
    pub(super) fn flush_when_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= Self::FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Ends the document with a newline and writes what is left.
    pub(super) fn finish(mut self) -> io::Result<()> {
        self.buf.push(b'\n');
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(value: &serde_json::Value) -> (String, String) {
        let mut ours = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut ours, Pretty::default());
        serde::Serialize::serialize(value, &mut ser).unwrap();
        let theirs = serde_json::to_string_pretty(value).unwrap();
        (String::from_utf8(ours).unwrap(), theirs)
    }

    #[test]
    fn writes_what_serde_json_pretty_writes() {
        let mut deep = serde_json::json!({"leaf": [1, {}, []]});
        for _ in 0..40 {
            deep = serde_json::json!({ "k": [deep, "s", null], "e": {} });
        }
        for value in [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": [1, 2, {"b": "c\n\"d\""}], "e": [], "f": {}}),
            deep,
        ] {
            let (ours, theirs) = both(&value);
            assert_eq!(ours, theirs);
            let mut by_hand = Vec::new();
            let mut hand = Hand::new(&mut by_hand);
            write_by_hand(&mut hand, &value);
            hand.finish().unwrap();
            assert_eq!(String::from_utf8(by_hand).unwrap(), theirs + "\n");
        }
    }

    /// Writes a value through [`Hand`] (numbers: unsigned integers only, as the report has).
    fn write_by_hand(hand: &mut Hand, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => hand.null(),
            Value::Number(n) => hand.number(n.as_u64().unwrap() as usize),
            Value::String(s) => hand.string(s),
            Value::Array(items) => {
                hand.open_array();
                for item in items {
                    hand.element();
                    write_by_hand(hand, item);
                }
                hand.close_array();
            }
            Value::Object(map) => {
                hand.open_object();
                for (k, v) in map {
                    hand.key(k);
                    write_by_hand(hand, v);
                }
                hand.close_object();
            }
            Value::Bool(_) => unreachable!("the report writes no booleans"),
        }
    }

    #[test]
    fn hand_escapes_strings_as_serde_json_does() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        for text in [
            every_ascii.as_str(),
            "plain",
            "é ☃ \u{2028} 🦀",
            "",
            "\u{1b}[31m",
        ] {
            let mut by_hand = Vec::new();
            let mut hand = Hand::new(&mut by_hand);
            hand.string(text);
            hand.finish().unwrap();
            let mut expected = serde_json::to_vec(text).unwrap();
            expected.push(b'\n');
            assert_eq!(by_hand, expected, "{text:?}");
        }
    }
}
