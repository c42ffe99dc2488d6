//! Kotlin: `"..."` strings (escapes, `$name` and `${expr}` templates) and `"""` raw strings
//! (templates, no escapes); `'x'` characters; `//` and `/* */` comments.

use super::code::{char_literal, Adjacent, Closer, Lang, Literal, Open};
use super::escape::Escape;
use super::interp::Interp;
use super::java::{COMMENTS, FAMILY};
use super::{Reading, Syntax};

const TEMPLATE: Interp = Interp {
    dollar_name: true,
    dollar_brace: true,
    ..Interp::PRINTF
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    match src[pos] {
        b'"' if src[pos..].starts_with(b"\"\"\"") => Some(Open::Literal(Literal {
            open_len: 3,
            close: Closer::Run(b'"', 3),
            escape: Escape::None,
            interp: TEMPLATE,
            single_line: false,
        })),
        b'"' => Some(Open::Literal(
            Literal::quoted(b'"', Escape::Backslash(&FAMILY), TEMPLATE).single_line(),
        )),
        b'\'' => char_literal(src, pos).map(Open::Skip),
        _ => None,
    }
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: false,
    nested_comments: true,
    open,
    joins: &["+"],
    adjacent: Adjacent::Never,
};

pub static SYNTAX: Syntax = Syntax {
    name: "kotlin",
    extensions: &["kt", "kts"],
    file_names: &[],
    walked: true,
    language_ids: &["kotlin"],
    fence_names: &["kotlin", "kt"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
