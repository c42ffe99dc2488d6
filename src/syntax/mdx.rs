//! MDX: Markdown with JSX. Suppressions are JSX comments (`{/* ... */}`) or HTML ones.

use super::{Comment, Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "mdx",
    extensions: &["mdx"],
    file_names: &[],
    walked: true,
    language_ids: &["mdx"],
    fence_names: &[],
    comments: &[Comment::Block("{/*", "*/}"), Comment::Block("<!--", "-->")],
    reading: Reading::Docs,
};
