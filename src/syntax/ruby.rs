//! Ruby: `'...'` (only `\\` and `\'`), `"..."` and backticks (escapes, `#{x}`), heredocs
//! (`<<~EOS`, `<<-EOS`, `<<'EOS'` without interpolation), `#` comments.

use super::code::{word_start, Adjacent, Lang, Literal, Open, Terminator};
use super::escape::{Continuation, Escape, Family, Others, SINGLE_QUOTED};
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

/// Double quotes: `\n`, `\s`, `\x26`, `\u0026`, `\u{26}`; other escaped characters are
/// themselves.
pub const FAMILY: Family = Family {
    letters: b"ntrsfvae0",
    hex: (1, 2),
    u4: true,
    u_brace: true,
    u8: false,
    octal: true,
    others: Others::Any,
    continuation: Continuation::Join,
};

const COMMENTS: &[Comment] = &[Comment::Line("#")];

const DOUBLE: Interp = Interp {
    hash_brace: true,
    ..Interp::PRINTF
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    match src[pos] {
        b'\'' => Some(Open::Literal(Literal::quoted(
            b'\'',
            Escape::Backslash(&SINGLE_QUOTED),
            Interp::PRINTF,
        ))),
        q @ (b'"' | b'`') => Some(Open::Literal(Literal::quoted(
            q,
            Escape::Backslash(&FAMILY),
            DOUBLE,
        ))),
        b'<' if src[pos..].starts_with(b"<<") && word_start(src, pos) => heredoc(src, pos),
        _ => None,
    }
}

/// `<<~EOS`, `<<-EOS`, `<<EOS` (an upper-case word: `a <<b` is a shift), `<<~'EOS'`.
fn heredoc(src: &[u8], pos: usize) -> Option<Open> {
    let mut at = pos + 2;
    let indented = matches!(src.get(at), Some(b'~' | b'-'));
    if indented {
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
    if word == 0 || (quote.is_none() && !src[at].is_ascii_uppercase()) {
        return None;
    }
    let end = at + word + usize::from(quote.is_some());
    let body = if quote == Some(b'\'') {
        Literal::body(Escape::None, Interp::NONE)
    } else {
        Literal::body(Escape::Backslash(&FAMILY), DOUBLE)
    };
    Some(Open::Heredoc {
        len: end - pos,
        terminator: Terminator::Word { start: at, len: word },
        indented,
        body,
    })
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: false,
    open,
    joins: &["+", "<<"],
    adjacent: Adjacent::Spaced,
};

pub static SYNTAX: Syntax = Syntax {
    name: "ruby",
    extensions: &["rb", "rake", "gemspec", "ru"],
    file_names: &["Gemfile", "Rakefile", "Vagrantfile", "Brewfile", "Podfile", "Fastfile"],
    walked: true,
    language_ids: &["ruby"],
    fence_names: &["ruby", "rb"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
