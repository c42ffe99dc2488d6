//! Markdown: its facts, and its backslash escapes of punctuation (`\_`, `\|`). Where a URL
//! ends (a link's `)`, a code span's backtick, a table cell's `|`) is read by `scan`, which
//! also knows its fenced code blocks (`scan::markdown`).

use super::unit::Unit;
use super::{Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "markdown",
    extensions: &["md", "markdown", "mdown", "mkd"],
    file_names: &[],
    walked: true,
    // `gfm`: Eglot's id for `gfm-mode`.
    language_ids: &["markdown", "gfm"],
    fence_names: &[],
    comments: super::html::COMMENTS,
    reading: Reading::Docs,
};

/// A backslash escape of ASCII punctuation (`\_`, `\|`, `\*`).
pub fn backslash_escape(src: &[u8], pos: usize) -> Option<Unit> {
    let next = *src.get(pos + 1)?;
    next.is_ascii_punctuation()
        .then(|| Unit::escaped(next as char, 2))
}
