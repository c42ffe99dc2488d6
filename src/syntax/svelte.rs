//! Svelte components: HTML markup (attributes with entities) and `<script>` blocks.

use super::{html, javascript, Comment, Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "svelte",
    extensions: &["svelte"],
    file_names: &[],
    walked: true,
    language_ids: &["svelte"],
    fence_names: &["svelte"],
    comments: &[
        Comment::Block("<!--", "-->"),
        Comment::Line("//"),
        Comment::Block("/*", "*/"),
    ],
    reading: Reading::Markup(&javascript::LANG, html::SCRIPTS),
};
