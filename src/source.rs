//! Positions in a file: byte offsets to 1-based lines and columns, and a display copy of the
//! text that is safe to print.

use std::cell::RefCell;
use std::collections::HashMap;

/// Lines longer than this get column checkpoints, so that many diagnostics on one huge line
/// (a minified page) cost no more than one pass over it.
const CHECKPOINT_EVERY: usize = 4096;

/// Start offsets of every line, for binary-search lookups (no re-scanning per diagnostic).
pub struct LineIndex {
    starts: Vec<usize>,
    /// For long lines: (byte offset, column) pairs at UTF-8 sync points, built on first use.
    checkpoints: RefCell<HashMap<usize, Vec<(usize, usize)>>>,
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
        }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The position of byte `offset` (clamped to the text). A column counts the characters
    /// before it on its line, so CRLF endings and multi-byte text do not shift it; each byte of
    /// invalid UTF-8 counts as one character, as `display_text` shows it.
    pub fn position(&self, src: &[u8], offset: usize) -> Position {
        let offset = offset.min(src.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let (from, base) = if offset - start > CHECKPOINT_EVERY {
            self.checkpoint_before(src, line, offset)
        } else {
            (start, 0)
        };
        let mut column = base + count_chars(&src[from..offset]) + 1;
        // Editors do not show a UTF-8 byte-order mark, so it takes no column.
        if line == 0 && offset >= 3 && src.starts_with(b"\xEF\xBB\xBF") {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }

    fn checkpoint_before(&self, src: &[u8], line: usize, offset: usize) -> (usize, usize) {
        let mut all = self.checkpoints.borrow_mut();
        let points = all.entry(line).or_insert_with(|| {
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
                column += count_chars(&src[at..next]);
                points.push((next, column));
                at = next;
            }
            points
        });
        let i = points.partition_point(|&(b, _)| b <= offset) - 1;
        points[i]
    }
}

/// Characters in `bytes`, each byte of invalid UTF-8 counting as one.
fn count_chars(mut bytes: &[u8]) -> usize {
    let mut n = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => return n + valid.chars().count(),
            Err(e) => {
                let valid = e.valid_up_to();
                let bad = e.error_len().unwrap_or(bytes.len() - valid);
                n += std::str::from_utf8(&bytes[..valid]).map_or(0, |s| s.chars().count()) + bad;
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
                count_chars(&src[..offset]) + 1,
                "{offset}"
            );
        }
    }

    #[test]
    fn display_text_keeps_byte_offsets() {
        let src = b"a\xffb\x1b[31mc\xe2\x82";
        let shown = display_text(src);
        assert_eq!(shown.len(), src.len());
        assert_eq!(shown, "a?b?[31mc??");
    }
}
