//! JavaScript and TypeScript, with JSX and TSX: `'...'` and `"..."` strings, template
//! literals (`` `...${x}...` ``), `//` and `/* */` comments. The component syntaxes (Vue,
//! Svelte, Astro) and HTML's `<script>` blocks use the same table.

use super::code::{operand_may_start, Adjacent, Lang, Literal, Open};
use super::escape::{Continuation, Escape, Family, Others};
use super::interp::Interp;
use super::{Comment, Reading, Syntax};

/// `\n`, `\x26`, `\u0026`, `\u{26}`; any other escaped character is itself (`\/` is `/`).
pub const FAMILY: Family = Family {
    letters: b"ntrbfv0",
    hex: (2, 2),
    u4: true,
    u_brace: true,
    u8: false,
    octal: false,
    others: Others::Any,
    continuation: Continuation::Join,
};

pub const COMMENTS: &[Comment] = &[Comment::Line("//"), Comment::Block("/*", "*/")];

const STRING: Interp = Interp::PRINTF;
const TEMPLATE: Interp = Interp {
    dollar_brace: true,
    ..Interp::PRINTF
};

fn open(src: &[u8], pos: usize) -> Option<Open> {
    let escape = Escape::Backslash(&FAMILY);
    match src[pos] {
        q @ (b'"' | b'\'') => Some(Open::Literal(
            Literal::quoted(q, escape, STRING).single_line(),
        )),
        b'`' => Some(Open::Literal(Literal::quoted(b'`', escape, TEMPLATE))),
        b'/' => regex_literal(src, pos).map(Open::Skip),
        _ => None,
    }
}

/// A regular expression literal is looked for this far: a line of `(/` with no closing `/`
/// must not be scanned again from each of them.
const MAX_REGEX: usize = 1024;

/// Words after which a `/` starts an operand, so a regular expression.
const BEFORE_OPERAND: &[&[u8]] = &[
    b"return", b"typeof", b"case", b"do", b"else", b"in", b"of", b"void", b"yield", b"await",
    b"delete", b"throw", b"new", b"instanceof",
];

/// The length of the regular expression literal at `pos` (`/["'`]/g`, up to its closing
/// `/`), skipped whole so that the quotes in it open nothing. A `/` starts one where an
/// operand may start (`operand_may_start`); after a name, a number or a closing bracket it
/// divides. It ends at an unescaped `/` outside a `[...]` class, on the same line and within
/// `MAX_REGEX` bytes; a `/` with no such end divides.
fn regex_literal(src: &[u8], pos: usize) -> Option<usize> {
    if !operand_may_start(src, pos, BEFORE_OPERAND) {
        return None;
    }
    let mut in_class = false;
    let mut at = pos + 1;
    while let Some(&b) = src.get(at).filter(|_| at - pos < MAX_REGEX) {
        match b {
            b'\\' => at += 1,
            b'\n' | b'\r' => return None,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'/' if !in_class => return Some(at + 1 - pos),
            _ => {}
        }
        at += 1;
    }
    None
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
    name: "javascript",
    extensions: &["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"],
    file_names: &[],
    walked: true,
    // VS Code's, Neovim's and Helix's ids; Eglot's, from its mode names (`js-mode`,
    // `tsx-ts-mode`).
    language_ids: &["javascript", "javascriptreact", "typescript", "typescriptreact", "js", "tsx"],
    fence_names: &["js", "javascript", "jsx", "mjs", "cjs", "ts", "typescript", "tsx"],
    comments: COMMENTS,
    reading: Reading::Code(&LANG),
};
