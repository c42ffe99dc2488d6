//! Swift: `"..."` and `"""` strings (escapes, `\u{26}`, `\(expr)` interpolation) and raw
//! strings (`#"..."#`: no escapes, `\#(expr)`); `//` and `/* */` comments.

use super::code::{Adjacent, Closer, Lang, Literal, Open};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::java::COMMENTS;
use super::{Reading, Syntax};

/// `\n`, `\0`, `\u{26}`, `\"`, `\\`.
pub const FAMILY: Family = Family {
    letters: b"0tnr",
    hex: (0, 0),
    u4: false,
    u_brace: true,
    u8: false,
    octal: false,
    others: Others::Only(b"\\\"'"),
    continuation: Continuation::Join,
};

const STRING: Interp = Interp {
    backslash_paren: true,
    ..Interp::PRINTF
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    let hashes = src[pos..].iter().take_while(|&&b| b == b'#').count();
    let at = pos + hashes;
    if src.get(at) != Some(&b'"') || hashes > 255 {
        return None;
    }
    let triple = src[at..].starts_with(b"\"\"\"");
    let (escape, interp) = if hashes > 0 {
        (Escape::None, Interp::PRINTF)
    } else {
        (Escape::Backslash(&FAMILY), STRING)
    };
    let close = match (triple, hashes) {
        (true, 0) => Closer::Run(b'"', 3),
        (false, 0) => Closer::Quote(b'"'),
        // A raw multi-line string closes at `"""#`; its last quote and the hashes suffice.
        (_, n) => Closer::Hashes(b'"', n as u8),
    };
    Some(Open::Literal(Literal {
        open_len: hashes + if triple { 3 } else { 1 },
        close,
        escape,
        interp,
        single_line: !triple,
    }))
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
    name: "swift",
    extensions: &["swift"],
    file_names: &[],
    walked: true,
    language_ids: &["swift"],
    fence_names: &["swift"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
