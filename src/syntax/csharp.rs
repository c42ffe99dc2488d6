//! C#: `"..."` (escapes), verbatim `@"..."` (`""` for a quote), interpolated `$"...{x}..."`
//! (`{{` for a brace), raw `"""..."""`; `{0}` in `string.Format`; `'x'` characters; `//` and
//! `/* */` comments.

use super::code::{char_literal, Adjacent, Closer, Lang, Literal, Open};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::java::COMMENTS;
use super::{Reading, Syntax};

/// `\n`, `\x26` (one to four digits), `\u0026`, `\U00000026`.
pub const FAMILY: Family = Family {
    letters: b"0abfnrtv",
    hex: (1, 4),
    u4: true,
    u_brace: false,
    u8: true,
    octal: false,
    others: Others::Only(b"\\\"'"),
    continuation: Continuation::None,
};

const FORMAT: Interp = Interp {
    brace: true,
    ..Interp::NONE
};
const INTERPOLATED: Interp = Interp {
    brace_escapes: true,
    ..FORMAT
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    if src[pos] == b'\'' {
        return char_literal(src, pos).map(Open::Skip);
    }
    // `$`, `@`, `$@`, `@$`, `$$` before the quote(s).
    let prefix = src[pos..]
        .iter()
        .take(3)
        .take_while(|b| matches!(b, b'$' | b'@'))
        .count();
    let at = pos + prefix;
    if src.get(at) != Some(&b'"') || prefix > 2 {
        return None;
    }
    let letters = &src[pos..at];
    let interp = if letters.contains(&b'$') {
        INTERPOLATED
    } else {
        FORMAT
    };
    // A raw string takes no `@`: `@"""` opens a verbatim string that starts with a quote.
    // It opens with three quotes or more and closes with as many.
    let verbatim = letters.contains(&b'@');
    let quotes = src[at..].iter().take(255).take_while(|&&b| b == b'"').count();
    let literal = if !verbatim && quotes >= 3 {
        Literal {
            open_len: prefix + quotes,
            close: Closer::Run(b'"', quotes as u8),
            escape: Escape::None,
            interp,
            single_line: false,
        }
    } else if verbatim {
        Literal::quoted(b'"', Escape::Doubled(b'"'), interp).opened_by(prefix + 1)
    } else {
        Literal::quoted(b'"', Escape::Backslash(&FAMILY), interp)
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
    adjacent: Adjacent::Never,
};

pub static SYNTAX: Syntax = Syntax {
    name: "csharp",
    extensions: &["cs", "csx"],
    file_names: &[],
    walked: true,
    // VS Code's id, Neovim's file type, Helix's language name.
    language_ids: &["csharp", "cs", "c-sharp"],
    fence_names: &["csharp", "cs", "c#"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
