//! Python: `'...'`, `"..."` and triple-quoted strings (docstrings), with the prefixes `r`
//! (raw: no escapes), `f` (`{name}` fields, `{{` for a brace), `b` and `u`; `.format()` and
//! `%` formats; `#` comments; adjacent literals join (`"a" "b"`).

use super::code::{word_start, Adjacent, Closer, Lang, Literal, Open};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

/// `\n`, `\x26`, `\u0026`, `\U00000026`, `\046`; an unknown escape keeps its backslash.
pub const FAMILY: Family = Family {
    letters: b"ntrbfva0",
    hex: (2, 2),
    u4: true,
    u_brace: false,
    u8: true,
    octal: true,
    others: Others::Only(b"\\'\""),
    continuation: Continuation::Join,
};

const COMMENTS: &[Comment] = &[Comment::Line("#")];

/// `.format()` fields and `%` verbs in every string; f-strings add `{{` for a brace.
const FORMAT: Interp = Interp {
    brace: true,
    ..Interp::PRINTF
};
const F_STRING: Interp = Interp {
    brace_escapes: true,
    ..FORMAT
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    if !word_start(src, pos) {
        return None;
    }
    let prefix = src[pos..]
        .iter()
        .take(3)
        .take_while(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f' | b't'))
        .count();
    if prefix > 2 {
        return None;
    }
    let letters = src[pos..pos + prefix].to_ascii_lowercase();
    let at = pos + prefix;
    let q = *src.get(at).filter(|b| matches!(b, b'"' | b'\''))?;
    let raw = letters.contains(&b'r');
    let formatted = letters.contains(&b'f') || letters.contains(&b't');
    let escape = if raw {
        Escape::None
    } else {
        Escape::Backslash(&FAMILY)
    };
    let interp = if formatted { F_STRING } else { FORMAT };
    let triple = src.get(at..at + 3) == Some(&[q, q, q][..]);
    let literal = if triple {
        Literal {
            open_len: prefix + 3,
            close: Closer::Run(q, 3),
            escape,
            interp,
            single_line: false,
        }
    } else {
        Literal::quoted(q, escape, interp)
            .single_line()
            .opened_by(prefix + 1)
    };
    Some(Open::Literal(literal))
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: false,
    nested_comments: false,
    open,
    joins: &["+"],
    adjacent: Adjacent::Spaced { in_brackets: true },
};

pub static SYNTAX: Syntax = Syntax {
    name: "python",
    extensions: &["py", "pyi", "pyw"],
    file_names: &[],
    walked: true,
    language_ids: &["python"],
    fence_names: &["python", "py", "python3"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
