//! Java: `"..."` strings and `"""` text blocks (escapes, `\uXXXX`), `'x'` characters, `%s`
//! in `String.format` and `{0}` in `MessageFormat`; `//` and `/* */` comments.

use super::code::{char_literal, Adjacent, Closer, Lang, Literal, Open};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

/// `\n`, `\s`, `\u0026`, `\046` (Kotlin adds `\$`, harmless here).
pub const FAMILY: Family = Family {
    letters: b"tbnrfs",
    hex: (0, 0),
    u4: true,
    u_brace: false,
    u8: false,
    octal: true,
    others: Others::Only(b"\\\"'$"),
    continuation: Continuation::Join,
};

pub const COMMENTS: &[Comment] = &[Comment::Line("//"), Comment::Block("/*", "*/")];

const FORMAT: Interp = Interp {
    brace: true,
    ..Interp::PRINTF
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    let escape = Escape::Backslash(&FAMILY);
    match src[pos] {
        b'"' if src[pos..].starts_with(b"\"\"\"") => Some(Open::Literal(Literal {
            open_len: 3,
            close: Closer::Run(b'"', 3),
            escape,
            interp: FORMAT,
            single_line: false,
        })),
        b'"' => Some(Open::Literal(
            Literal::quoted(b'"', escape, FORMAT).single_line(),
        )),
        b'\'' => char_literal(src, pos).map(Open::Skip),
        _ => None,
    }
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: false,
    nested_comments: false,
    open,
    joins: &["+"],
    adjacent: Adjacent::Never,
};

pub static SYNTAX: Syntax = Syntax {
    name: "java",
    extensions: &["java"],
    file_names: &[],
    walked: true,
    language_ids: &["java"],
    fence_names: &["java"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
