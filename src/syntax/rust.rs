//! Rust: `"..."` (escapes, `\u{26}`, a backslash before a line break skips the next line's
//! indentation), raw strings (`r"..."`, `r#"..."#`), byte and C strings; `{}` and `{name}`
//! in format strings (`{{` is a brace); `'x'` is a character, `'a` a lifetime; `//` and
//! `/* */` comments.

use super::code::{char_literal, word_start, Adjacent, Closer, Lang, Literal, Open};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

/// `\n`, `\x26`, `\u{26}`, `\"`, `\\`.
pub const FAMILY: Family = Family {
    letters: b"ntr0",
    hex: (2, 2),
    u4: false,
    u_brace: true,
    u8: false,
    octal: false,
    others: Others::Only(b"\\\"'"),
    continuation: Continuation::JoinTrim,
};

const COMMENTS: &[Comment] = &[Comment::Line("//"), Comment::Block("/*", "*/")];

/// Strings are often format strings (`format!`, `println!`).
const FORMAT: Interp = Interp {
    brace: true,
    brace_escapes: true,
    ..Interp::NONE
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    let b = src[pos];
    if b == b'"' {
        return Some(Open::Literal(Literal::quoted(
            b'"',
            Escape::Backslash(&FAMILY),
            FORMAT,
        )));
    }
    if b == b'\'' {
        // A character literal, or a lifetime (`'a`), which is code.
        return Some(Open::Skip(char_literal(src, pos).unwrap_or(1)));
    }
    if !word_start(src, pos) || !matches!(b, b'r' | b'b' | b'c') {
        return None;
    }
    // `b'x'`, `b"..."`, `c"..."`, `r"..."`, `br#"..."#`.
    let mut at = pos + 1;
    if b == b'b' && src.get(at) == Some(&b'\'') {
        return char_literal(src, at).map(|n| Open::Skip(n + 1));
    }
    let raw = b == b'r' || src.get(at) == Some(&b'r');
    if raw && b != b'r' {
        at += 1;
    }
    let hashes = src[at..].iter().take_while(|&&c| c == b'#').count();
    if src.get(at + hashes) != Some(&b'"') || (!raw && hashes > 0) {
        return None;
    }
    if hashes > 255 {
        return None;
    }
    let literal = if raw {
        Literal {
            open_len: at + hashes + 1 - pos,
            close: Closer::Hashes(b'"', hashes as u8),
            escape: Escape::None,
            interp: FORMAT,
            single_line: false,
        }
    } else {
        Literal::quoted(b'"', Escape::Backslash(&FAMILY), FORMAT).opened_by(at + 1 - pos)
    };
    Some(Open::Literal(literal))
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
    name: "rust",
    extensions: &["rs"],
    file_names: &[],
    walked: true,
    language_ids: &["rust"],
    fence_names: &["rust", "rs"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
