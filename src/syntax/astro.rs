//! Astro components: TypeScript front matter between `---` lines, then HTML markup with
//! `<script>` blocks.

use super::{javascript, Comment, Reading, Region, Syntax};

const REGIONS: &[Region] = &[
    Region {
        open: "---",
        open_until: None,
        close: "\n---",
        close_in_code_only: false,
        at_file_start: true,
    },
    Region {
        open: "<script",
        open_until: Some(b'>'),
        close: "</script>",
        close_in_code_only: false,
        at_file_start: false,
    },
];

pub static SYNTAX: Syntax = Syntax {
    name: "astro",
    extensions: &["astro"],
    file_names: &[],
    walked: true,
    language_ids: &["astro"],
    fence_names: &["astro"],
    comments: &[
        Comment::Line("//"),
        Comment::Block("<!--", "-->"),
        Comment::Block("/*", "*/"),
    ],
    reading: Reading::Markup(&javascript::LANG, REGIONS),
};
