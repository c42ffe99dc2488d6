//! Shell (sh, bash, zsh): `\x` quotes one character; `'...'` as written, `"..."` with `\$`,
//! `` \` ``, `\"`, `\\` and `$x`, `${x}`, `$(cmd)`; `$'...'` with C escapes; heredocs (`<<EOF`,
//! `<<-EOF`, quoted `<<'EOF'` as written); `#` comments at the start of a word; quoted pieces
//! touching each other make one word.

use super::code::{Adjacent, Lang, Literal, Open, Terminator};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

/// Double quotes: only `\$`, `` \` ``, `\"`, `\\` and a line continuation.
pub const DOUBLE_FAMILY: Family = Family {
    letters: b"",
    hex: (0, 0),
    u4: false,
    u_brace: false,
    u8: false,
    octal: false,
    others: Others::Only(b"$`\"\\"),
    continuation: Continuation::Join,
};

/// `$'...'`: C's escapes.
pub const ANSI_C: Family = Family {
    letters: b"abefnrtv",
    hex: (1, 2),
    u4: true,
    u_brace: false,
    u8: true,
    octal: true,
    others: Others::Only(b"\\'\"?"),
    continuation: Continuation::None,
};

const COMMENTS: &[Comment] = &[Comment::Line("#")];

const EXPANDING: Interp = Interp {
    dollar_brace: true,
    dollar_paren: true,
    dollar_name: true,
    ..Interp::PRINTF
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    match src[pos] {
        b'\'' => Some(Open::Literal(Literal::quoted(
            b'\'',
            Escape::None,
            Interp::PRINTF,
        ))),
        b'"' => Some(Open::Literal(Literal::quoted(
            b'"',
            Escape::Backslash(&DOUBLE_FAMILY),
            EXPANDING,
        ))),
        b'$' if src.get(pos + 1) == Some(&b'\'') => Some(Open::Literal(
            Literal::quoted(b'\'', Escape::Backslash(&ANSI_C), Interp::PRINTF).opened_by(2),
        )),
        b'<' if src[pos..].starts_with(b"<<") && !src[pos..].starts_with(b"<<<") => {
            heredoc(src, pos)
        }
        // `#` inside a word (`${#x}`, `a#b`) is no comment; `$#` is a parameter.
        b'$' if src.get(pos + 1) == Some(&b'#') => Some(Open::Skip(2)),
        // A backslash quotes the next character: `it\'s` and `\"` open nothing, `\#` is no
        // comment, and a line continuation keeps a heredoc's body for after the command.
        b'\\' => Some(Open::Skip(2)),
        _ => None,
    }
}

/// `<<EOF`, `<<-EOF`, `<< "EOF"`, `<<'EOF'`, `<<\EOF` (quoted: the body is as written).
fn heredoc(src: &[u8], pos: usize) -> Option<Open> {
    let mut at = pos + 2;
    let indented = src.get(at) == Some(&b'-');
    if indented {
        at += 1;
    }
    while src.get(at) == Some(&b' ') {
        at += 1;
    }
    let quote = src.get(at).copied().filter(|b| matches!(b, b'\'' | b'"' | b'\\'));
    if quote.is_some() {
        at += 1;
    }
    let word = src[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        .count();
    // `1<<2` is a shift: a heredoc's word starts with a letter unless it is quoted.
    if word == 0 || (quote.is_none() && !(src[at].is_ascii_alphabetic() || src[at] == b'_')) {
        return None;
    }
    let close_quote = usize::from(matches!(quote, Some(b'\'' | b'"')));
    let body = if quote.is_some() {
        Literal::body(Escape::None, Interp::NONE)
    } else {
        Literal::body(Escape::Backslash(&DOUBLE_FAMILY), EXPANDING)
    };
    Some(Open::Heredoc {
        len: at + word + close_quote - pos,
        terminator: Terminator::Word { start: at, len: word },
        indented,
        body,
    })
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: true,
    nested_comments: false,
    open,
    joins: &[],
    adjacent: Adjacent::Touching,
};

pub static SYNTAX: Syntax = Syntax {
    name: "shell",
    extensions: &["sh", "bash", "zsh", "ksh"],
    file_names: &["Makefile", "GNUmakefile", "makefile", "Dockerfile", "Containerfile", "Justfile", "justfile", ".envrc"],
    walked: true,
    language_ids: &["shellscript", "sh", "bash", "zsh"],
    fence_names: &["sh", "bash", "shell", "zsh"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
