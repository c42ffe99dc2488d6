//! PowerShell: `'...'` (`''` for a quote), `"..."` with backtick escapes (`` `" ``,
//! `` `u{26} ``), `""`, `$name`, `$env:NAME`, `$(expr)` and `${name}`; here-strings
//! (`@"` ... `"@`, `@'` ... `'@`); `{0}` for `-f`; `#` and `<# #>` comments.

use super::code::{Adjacent, Lang, Literal, Open, Terminator};
use super::escape::Escape;
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

const COMMENTS: &[Comment] = &[Comment::Line("#"), Comment::Block("<#", "#>")];

const EXPANDING: Interp = Interp {
    dollar_brace: true,
    dollar_paren: true,
    dollar_name: true,
    brace: true,
    ..Interp::NONE
};
const VERBATIM: Interp = Interp {
    brace: true,
    ..Interp::NONE
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    match src[pos] {
        b'\'' => Some(Open::Literal(Literal::quoted(
            b'\'',
            Escape::Doubled(b'\''),
            VERBATIM,
        ))),
        b'"' => Some(Open::Literal(Literal::quoted(
            b'"',
            Escape::Backtick,
            EXPANDING,
        ))),
        b'@' if matches!(src.get(pos + 1), Some(b'"' | b'\'')) => {
            let q = src[pos + 1];
            let (body, terminator) = if q == b'"' {
                (Literal::body(Escape::Backtick, EXPANDING), "\"@")
            } else {
                (Literal::body(Escape::None, VERBATIM), "'@")
            };
            Some(Open::Heredoc {
                len: 2,
                terminator: Terminator::Fixed(terminator),
                indented: true,
                body,
            })
        }
        _ => None,
    }
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: true,
    nested_comments: false,
    open,
    joins: &["+"],
    adjacent: Adjacent::Never,
};

pub static SYNTAX: Syntax = Syntax {
    name: "powershell",
    extensions: &["ps1", "psm1", "psd1"],
    file_names: &[],
    walked: true,
    // VS Code's and Helix's id, Neovim's file type.
    language_ids: &["powershell", "ps1"],
    fence_names: &["powershell", "ps1", "pwsh"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
