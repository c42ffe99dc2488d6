//! PHP: HTML with `<?php ... ?>` code. `'...'` takes only `\\` and `\'`; `"..."` and heredocs
//! take escapes and `$name`, `{$expr}`, `${name}`; nowdocs (`<<<'EOT'`) are as written.
//! `//`, `#` and `/* */` comments; `.` joins strings.

use super::code::{Adjacent, Lang, Literal, Open, Terminator};
use super::escape::{Continuation, Escape, Family, Others, SINGLE_QUOTED};
use super::interp::Interp;
use super::{Comment, Reading, Region, Syntax};

/// Double quotes: `\n`, `\x26`, `\u{26}`, `\046`, `\$`; an unknown escape keeps its backslash.
pub const FAMILY: Family = Family {
    letters: b"ntrvef",
    hex: (1, 2),
    u4: false,
    u_brace: true,
    u8: false,
    octal: true,
    others: Others::Only(b"\\$\""),
    continuation: Continuation::None,
};

const CODE_COMMENTS: &[Comment] = &[
    Comment::Line("//"),
    Comment::Line("#"),
    Comment::Block("/*", "*/"),
];

const DOUBLE: Interp = Interp {
    dollar_name: true,
    dollar_brace: true,
    brace_dollar: true,
    ..Interp::PRINTF
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    match src[pos] {
        b'\'' => Some(Open::Literal(Literal::quoted(
            b'\'',
            Escape::Backslash(&SINGLE_QUOTED),
            Interp::PRINTF,
        ))),
        b'"' => Some(Open::Literal(Literal::quoted(
            b'"',
            Escape::Backslash(&FAMILY),
            DOUBLE,
        ))),
        b'<' if src[pos..].starts_with(b"<<<") => heredoc(src, pos),
        _ => None,
    }
}

/// `<<<EOT`, `<<<"EOT"`, `<<<'EOT'` (a nowdoc: no escapes, no interpolation).
fn heredoc(src: &[u8], pos: usize) -> Option<Open> {
    let mut at = pos + 3;
    while src.get(at) == Some(&b' ') {
        at += 1;
    }
    let quote = src.get(at).copied().filter(|b| matches!(b, b'\'' | b'"'));
    if quote.is_some() {
        at += 1;
    }
    let word = src[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    if word == 0 {
        return None;
    }
    let body = if quote == Some(b'\'') {
        Literal::body(Escape::None, Interp::NONE)
    } else {
        Literal::body(Escape::Backslash(&FAMILY), DOUBLE)
    };
    Some(Open::Heredoc {
        len: at + word + usize::from(quote.is_some()) - pos,
        terminator: Terminator::Word { start: at, len: word },
        indented: true,
        body,
    })
}

pub static LANG: Lang = Lang {
    comments: CODE_COMMENTS,
    comment_at_word_start: false,
    nested_comments: false,
    open,
    joins: &["."],
    adjacent: Adjacent::Never,
};

const REGIONS: &[Region] = &[Region {
    open: "<?",
    open_until: None,
    close: "?>",
    close_in_code_only: true,
    at_file_start: false,
}];

pub static SYNTAX: Syntax = Syntax {
    name: "php",
    extensions: &["php", "phtml"],
    file_names: &[],
    walked: true,
    language_ids: &["php"],
    fence_names: &["php"],
    comments: &[
        Comment::Line("//"),
        Comment::Line("#"),
        Comment::Block("/*", "*/"),
        Comment::Block("<!--", "-->"),
    ],
    reading: Reading::Markup(&LANG, REGIONS),
};
