//! Go: interpreted strings (`"..."`, escapes) and raw strings (`` `...` ``, as written);
//! `'x'` is a rune; `%s` and other verbs in `fmt` formats; `//` and `/* */` comments.

use super::code::{char_literal, Adjacent, Lang, Literal, Open};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

/// `\n`, `\x26`, `\u0026`, `\U00000026`, `\046`.
pub const FAMILY: Family = Family {
    letters: b"abfnrtv",
    hex: (2, 2),
    u4: true,
    u_brace: false,
    u8: true,
    octal: true,
    others: Others::Only(b"\\\"'"),
    continuation: Continuation::None,
};

const COMMENTS: &[Comment] = &[Comment::Line("//"), Comment::Block("/*", "*/")];

fn open(src: &[u8], pos: usize) -> Option<Open> {
    match src[pos] {
        b'"' => Some(Open::Literal(
            Literal::quoted(b'"', Escape::Backslash(&FAMILY), Interp::PRINTF).single_line(),
        )),
        b'`' => Some(Open::Literal(Literal::quoted(
            b'`',
            Escape::None,
            Interp::PRINTF,
        ))),
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
    name: "go",
    extensions: &["go"],
    file_names: &[],
    walked: true,
    language_ids: &["go"],
    fence_names: &["go", "golang"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
