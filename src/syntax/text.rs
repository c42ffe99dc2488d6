//! reStructuredText, AsciiDoc, plain text, and any other file named explicitly: a URL ends at
//! whitespace, a quote or `<`; Markdown's backslash escapes and HTML's references are undone,
//! since text is often Markdown copied as it was.

use super::{Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "text",
    extensions: &["rst", "adoc", "asciidoc", "txt"],
    file_names: &[],
    walked: true,
    // VS Code's ids; Neovim's and Helix's `rst`.
    language_ids: &["plaintext", "restructuredtext", "rst", "asciidoc"],
    fence_names: &[],
    comments: &[],
    reading: Reading::Docs,
};
