//! Byte offsets ↔ LSP positions, through the crate's one line index. LSP counts columns in
//! UTF-16 code units by default, so `é` is one unit and `😀` two, while our spans count bytes.

use lsp_types::Position;

use crate::source::{LineIndex, Unit};

/// Where each line of a document starts, and checkpoints on long lines.
#[derive(Clone, Debug)]
pub struct Lines(LineIndex);

impl Default for Lines {
    fn default() -> Self {
        Lines::new("")
    }
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines(LineIndex::new(text.as_bytes()))
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (line, character) = self.0.line_and_units(text.as_bytes(), offset, Unit::Utf16);
        Position::new(line as u32, character as u32)
    }

    /// Bytes counted by the lookups so far: the work, which stays linear in the text.
    pub fn work(&self) -> usize {
        self.0.work()
    }

    /// The byte offset of a position. A character past the end of its line means the line's
    /// end, and a line past the last means the end of the text (as the protocol asks).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        self.0.offset_at(
            text.as_bytes(),
            position.line as usize,
            position.character as usize,
            Unit::Utf16,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "a\r\né😀x\nlast";
        let lines = Lines::new(text);
        // `x` is after é (1 unit, 2 bytes) and 😀 (2 units, 4 bytes).
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(text, x), Position::new(1, 3));
        assert_eq!(lines.offset(text, Position::new(1, 3)), x);
        assert_eq!(
            lines.offset(text, Position::new(0, 99)),
            1,
            "before the \\r\\n"
        );
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(lines.position(text, text.len()), Position::new(2, 4));
        // Inside a character: its start.
        assert_eq!(lines.position(text, x - 1), Position::new(1, 1));
    }
}
