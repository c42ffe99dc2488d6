//! Positions in a file: byte offsets to lines and columns (in characters for reports and
//! configuration errors, in UTF-16 units for the language server), and a display copy of the
//! text that is safe to print. The one line index of the crate.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::text::char_len;

/// Lines longer than this get column checkpoints, so that many diagnostics on one huge line
/// (a minified page) cost no more than one pass over it.
const CHECKPOINT_EVERY: usize = 4096;

/// Start offsets of every line, for binary-search lookups (no re-scanning per diagnostic).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// For long lines: (byte offset, column) pairs at UTF-8 sync points, built on first use,
    /// per line and unit.
    checkpoints: RefCell<HashMap<(usize, Unit), Checkpoints>>,
    /// Bytes counted so far, over all lookups: the work done, for tests to check it stays
    /// linear.
    counted: std::cell::Cell<usize>,
}

/// (byte offset, column) pairs along one line, in order.
type Checkpoints = Vec<(usize, usize)>;

/// What a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Unicode characters (each byte of invalid UTF-8 one): what reports show.
    Char,
    /// UTF-16 code units: what the language server protocol counts by default.
    Utf16,
}

/// A 1-based line and column; columns count Unicode characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(src: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', src).map(|i| i + 1));
        LineIndex {
            starts,
            checkpoints: RefCell::new(HashMap::new()),
            counted: std::cell::Cell::new(0),
        }
    }

    /// The byte range of 0-based `line`, its line ending included (clamped to the text).
    pub fn line_range(&self, line: usize, len: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(len).min(len);
        let end = self.starts.get(line + 1).copied().unwrap_or(len).min(len);
        start..end.max(start)
    }

    /// The 0-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The position of byte `offset` (clamped to the text). A column counts the characters
    /// before it on its line, so CRLF endings and multi-byte text do not shift it; each byte of
    /// invalid UTF-8 counts as one character, as `display_text` shows it.
    pub fn position(&self, src: &[u8], offset: usize) -> Position {
        let (line, units) = self.line_and_units(src, offset, Unit::Char);
        let mut column = units + 1;
        // Editors do not show a UTF-8 byte-order mark, so it takes no column.
        if line == 0 && offset >= 3 && src.starts_with(b"\xEF\xBB\xBF") {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }

    /// The 0-based line of byte `offset` (clamped to the text) and the `unit`s before it on
    /// that line. Long lines are counted from the nearest checkpoint, so many lookups on one
    /// huge line cost one pass over it, not one each.
    pub fn line_and_units(&self, src: &[u8], offset: usize, unit: Unit) -> (usize, usize) {
        let offset = offset.min(src.len());
        let line = self.line(offset);
        let start = self.starts[line];
        let (from, base) = if offset - start > CHECKPOINT_EVERY {
            self.checkpoint_before(src, line, unit, |&(b, _)| b <= offset)
        } else {
            (start, 0)
        };
        self.counted.set(self.counted.get() + (offset - from));
        (line, base + count(&src[from..offset], unit))
    }

    /// How many bytes lookups have counted so far (checkpoints included).
    pub fn work(&self) -> usize {
        self.counted.get()
    }

    /// The byte offset `units` into 0-based `line` (a line ending excluded). Past the end of
    /// the line means its end; a line past the last means the end of the text. An offset in
    /// the middle of a character moves to its start.
    pub fn offset_at(&self, src: &[u8], line: usize, units: usize, unit: Unit) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return src.len();
        };
        let mut end = self.starts.get(line + 1).map_or(src.len(), |next| next - 1);
        if end > start && src[end - 1] == b'\r' {
            end -= 1;
        }
        let (mut at, mut counted) = if end - start > CHECKPOINT_EVERY {
            self.checkpoint_before(src, line, unit, |&(_, c)| c <= units)
        } else {
            (start, 0)
        };
        while at < end && counted < units {
            let len = char_len(&src[at..end]);
            counted += match (unit, len) {
                (Unit::Utf16, 4) => 2,
                _ => 1,
            };
            if counted > units {
                break;
            }
            at += len;
        }
        at
    }

    /// The last checkpoint of `line` that `before` accepts (points are in order).
    fn checkpoint_before(
        &self,
        src: &[u8],
        line: usize,
        unit: Unit,
        before: impl Fn(&(usize, usize)) -> bool,
    ) -> (usize, usize) {
        let mut all = self.checkpoints.borrow_mut();
        let points = all.entry((line, unit)).or_insert_with(|| {
            let start = self.starts[line];
            let end = self.starts.get(line + 1).copied().unwrap_or(src.len());
            let mut points = vec![(start, 0)];
            let mut at = start;
            let mut column = 0;
            while at + CHECKPOINT_EVERY < end {
                // Move to a byte that starts a character: counting can restart there.
                let mut next = at + CHECKPOINT_EVERY;
                while next < end && src[next] & 0xC0 == 0x80 {
                    next += 1;
                }
                column += count(&src[at..next], unit);
                self.counted.set(self.counted.get() + (next - at));
                points.push((next, column));
                at = next;
            }
            points
        });
        let i = points.partition_point(before).max(1) - 1;
        points[i]
    }
}

/// `unit`s in `bytes`, each byte of invalid UTF-8 counting as one.
fn count(mut bytes: &[u8], unit: Unit) -> usize {
    let of = |valid: &str| match unit {
        Unit::Char => valid.chars().count(),
        Unit::Utf16 => valid.chars().map(char::len_utf16).sum(),
    };
    let mut n = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => return n + of(valid),
            Err(e) => {
                let valid = e.valid_up_to();
                let bad = e.error_len().unwrap_or(bytes.len() - valid);
                n += std::str::from_utf8(&bytes[..valid]).map_or(0, of) + bad;
                bytes = &bytes[valid + bad..];
            }
        }
    }
}

/// A copy of the file for display: invalid UTF-8 and control characters (other than tab and
/// line endings) become `?`, one byte each, so byte offsets still line up and the text cannot
/// drive the terminal.
pub fn display_text(src: &[u8]) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                push_safe(&mut out, valid);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                push_safe(&mut out, std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len());
                out.extend(std::iter::repeat_n('?', bad));
                rest = &after[bad..];
            }
        }
    }
    out
}

fn push_safe(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            // A control character is one byte only below U+0080; wider ones (C1) keep length.
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_ignore_crlf() {
        let src = "ab\r\né x\n".as_bytes();
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(src, 4), Position { line: 2, column: 1 });
        assert_eq!(idx.position(src, 7), Position { line: 2, column: 3 }); // after "é "
        assert_eq!(idx.position(src, 999), Position { line: 3, column: 1 });
    }

    #[test]
    fn a_utf8_byte_order_mark_takes_no_column() {
        let src = b"\xEF\xBB\xBFab\ncd";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 4), Position { line: 1, column: 2 });
        assert_eq!(idx.position(src, 7), Position { line: 2, column: 2 });
    }

    #[test]
    fn invalid_bytes_count_one_column_each_like_the_display() {
        let src = b"\xe2\x82x\xffy";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 5).column, 6);
        assert_eq!(display_text(src).chars().count(), 5);
    }

    #[test]
    fn checkpoints_give_the_same_columns_as_counting_from_the_start() {
        let mut src = Vec::new();
        for i in 0..5000 {
            src.extend_from_slice(if i % 3 == 0 {
                "é日".as_bytes()
            } else if i % 7 == 0 {
                b"\xff"
            } else {
                b"ab"
            });
        }
        let idx = LineIndex::new(&src);
        for offset in (0..src.len()).step_by(97) {
            assert_eq!(
                idx.position(&src, offset).column,
                count(&src[..offset], Unit::Char) + 1,
                "{offset}"
            );
        }
    }

    #[test]
    fn utf16_lookups_on_a_long_line_agree_with_counting_from_its_start() {
        let line = "é😀x".repeat(3000);
        let text = format!("first\n{line}\r\nlast");
        let src = text.as_bytes();
        let index = LineIndex::new(src);
        let start = 6;
        for (i, _) in line.char_indices().step_by(97) {
            let units: usize = line[..i].encode_utf16().count();
            assert_eq!(
                index.line_and_units(src, start + i, Unit::Utf16),
                (1, units)
            );
            assert_eq!(index.offset_at(src, 1, units, Unit::Utf16), start + i);
        }
        let units = line.encode_utf16().count();
        assert_eq!(
            index.offset_at(src, 1, units + 5, Unit::Utf16),
            start + line.len(),
            "past the end of the line: before its \\r\\n"
        );
    }

    #[test]
    fn display_text_keeps_byte_offsets() {
        let src = b"a\xffb\x1b[31mc\xe2\x82";
        let shown = display_text(src);
        assert_eq!(shown.len(), src.len());
        assert_eq!(shown, "a?b?[31mc??");
    }
}
