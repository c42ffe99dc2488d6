//! Vue single-file components: an HTML template (attributes with entities) and `<script>`
//! blocks of JavaScript or TypeScript.

use super::{html, javascript, Comment, Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "vue",
    extensions: &["vue"],
    file_names: &[],
    walked: true,
    language_ids: &["vue"],
    fence_names: &["vue"],
    comments: &[
        Comment::Block("<!--", "-->"),
        Comment::Line("//"),
        Comment::Block("/*", "*/"),
    ],
    reading: Reading::Markup(&javascript::LANG, html::SCRIPTS),
};
