//! TOML: basic strings take `\u0026` and `\"` (see `json::Dialect::Toml`); literal strings
//! are read as written.

use super::{Comment, Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "toml",
    extensions: &["toml"],
    file_names: &[],
    walked: true,
    language_ids: &["toml"],
    fence_names: &["toml"],
    comments: &[Comment::Line("#")],
    reading: Reading::Docs,
};
