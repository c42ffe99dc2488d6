//! JavaScript and TypeScript, with JSX and TSX: `'...'` and `"..."` strings, template
//! literals (`` `...${x}...` ``), `//` and `/* */` comments. The component syntaxes (Vue,
//! Svelte, Astro) and HTML's `<script>` blocks use the same table.

use super::code::{Adjacent, Lang, Literal, Open};
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
        _ => None,
    }
}

pub static LANG: Lang = Lang {
    comments: COMMENTS,
    comment_at_word_start: false,
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
