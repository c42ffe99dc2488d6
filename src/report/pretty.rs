//! The JSON formats' layout: the same bytes as `serde_json`'s pretty printer (two spaces a
//! level, `": "` after keys), with each line's break and indent written in one piece rather
//! than a write per level: a report with thousands of findings writes hundreds of thousands
//! of indents.

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

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.break_line(out)?;
        }
        out.write_all(bracket)
    }

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
        }
    }
}
