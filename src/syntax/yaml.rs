//! YAML: plain scalars end at whitespace; double-quoted strings take JSON's escapes and
//! `\x26` (see `json::Dialect::Yaml`); single-quoted ones write `''` for a quote.

use super::{Comment, Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "yaml",
    extensions: &["yaml", "yml"],
    file_names: &[],
    walked: true,
    language_ids: &["yaml"],
    fence_names: &["yaml", "yml"],
    comments: &[Comment::Line("#")],
    reading: Reading::Docs,
};
