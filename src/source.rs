//! Positions in a file: byte offsets to 1-based lines and columns, and a display copy of the
//! text that is safe to print.

/// Start offsets of every line, for binary-search lookups (no re-scanning per diagnostic).
pub struct LineIndex {
    starts: Vec<usize>,
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
        LineIndex { starts }
    }

    /// The position of byte `offset` (clamped to the text). A column counts the characters
    /// before it on its line, so CRLF endings and multi-byte text do not shift it; each byte of
    /// invalid UTF-8 counts as one character.
    pub fn position(&self, src: &[u8], offset: usize) -> Position {
        let offset = offset.min(src.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let prefix = &src[self.starts[line]..offset];
        let column = match std::str::from_utf8(prefix) {
            Ok(text) => text.chars().count(),
            Err(_) => String::from_utf8_lossy(prefix).chars().count(),
        };
        Position {
            line: line + 1,
            column: column + 1,
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
    fn display_text_keeps_byte_offsets() {
        let src = b"a\xffb\x1b[31mc\xe2\x82";
        let shown = display_text(src);
        assert_eq!(shown.len(), src.len());
        assert_eq!(shown, "a?b?[31mc??");
    }
}
