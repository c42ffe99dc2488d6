//! Ruby: `'...'` (only `\\` and `\'`), `"..."` and backticks (escapes, `#{x}`), heredocs
//! (`<<~EOS`, `<<-EOS`, `<<'EOS'` without interpolation), percent literals (`%q(...)`,
//! `%w[...]`), character literals (`?'`), `#` comments.

use super::code::{is_ident, operand_may_start, word_start, Adjacent, Lang, Literal, Open, Terminator};
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
        b'%' => percent_literal(src, pos).map(Open::Skip),
        b'?' => char_literal(src, pos).map(Open::Skip),
        _ => None,
    }
}

/// Words after which a `%` starts a string.
const BEFORE_OPERAND: &[&[u8]] = &[
    b"return", b"when", b"if", b"elsif", b"unless", b"while", b"until", b"and", b"or", b"not",
    b"in", b"then", b"do", b"yield",
];

/// A percent literal may run this far before a `%` is taken for the operator instead.
const MAX_PERCENT_LITERAL: usize = 64 * 1024;

/// The length of the percent literal at `pos` (`%q(it's)`, `%w[a b]`, `%(x)`, `%Q|"x"|`),
/// skipped whole so that the quotes in it open nothing; the URLs in one are read as text. It
/// opens where an operand may start, or as a method's argument (`puts %q(x)`: a space before
/// the `%`, none after); bracket delimiters nest.
fn percent_literal(src: &[u8], pos: usize) -> Option<usize> {
    let mut at = pos + 1;
    if src
        .get(at)
        .is_some_and(|b| b"qQwWiIrsx".contains(b) && !src.get(at + 1).is_some_and(|b| is_ident(*b)))
    {
        at += 1;
    }
    let open = *src.get(at)?;
    let close = match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        b'|' | b'!' | b'/' | b'^' => open,
        _ => return None,
    };
    let argument = pos > 0 && src[pos - 1] == b' ';
    if !argument && !operand_may_start(src, pos, BEFORE_OPERAND) {
        return None;
    }
    let mut depth = 0usize;
    let mut i = at + 1;
    while let Some(&b) = src.get(i).filter(|_| i - pos < MAX_PERCENT_LITERAL) {
        if b == b'\\' {
            i += 2;
            continue;
        }
        if b == close && depth == 0 {
            return Some(i + 1 - pos);
        }
        if close != open {
            if b == open {
                depth += 1;
            } else if b == close {
                depth -= 1;
            }
        }
        i += 1;
    }
    None
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

/// The length of the character literal at `pos` (`?'`, `?\"`), skipped so that its quote opens
/// nothing. It is one only where an operand starts and one character (or one escape) follows,
/// not the ternary `x ?'a':'b'` nor `?a` before more of a name.
fn char_literal(src: &[u8], pos: usize) -> Option<usize> {
    if !operand_may_start(src, pos, BEFORE_OPERAND) {
        return None;
    }
    let len = if src.get(pos + 1) == Some(&b'\\') { 3 } else { 2 };
    let one_character = src.get(pos + 1).is_some_and(|b| !b.is_ascii_whitespace())
        && !src.get(pos + len).is_some_and(|b| is_ident(*b));
    one_character.then_some(len)
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: false,
    nested_comments: false,
    open,
    joins: &["+", "<<"],
    adjacent: Adjacent::Spaced { in_brackets: false },
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
