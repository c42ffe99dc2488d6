//! Which host syntax a file is written in, decided by its name.

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    Markdown,
    Mdx,
    Html,
    Json,
    Yaml,
    Toml,
    /// reStructuredText, AsciiDoc, plain text, and any other file named explicitly: URLs are
    /// read as written, with no escapes undone.
    Text,
}

impl FileKind {
    /// The kind for a file name. Unknown extensions are `Text`.
    pub fn from_path(path: &Path) -> FileKind {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => FileKind::Markdown,
            Some("mdx") => FileKind::Mdx,
            Some("html" | "htm" | "xhtml") => FileKind::Html,
            Some("json" | "jsonc" | "json5") => FileKind::Json,
            Some("yaml" | "yml") => FileKind::Yaml,
            Some("toml") => FileKind::Toml,
            _ => FileKind::Text,
        }
    }

    /// The kind named by a fenced code block's info string (```json), if it is one we unescape.
    pub fn from_fence_language(lang: &str) -> Option<FileKind> {
        match lang.to_ascii_lowercase().as_str() {
            "json" | "jsonc" | "json5" => Some(FileKind::Json),
            "yaml" | "yml" => Some(FileKind::Yaml),
            "toml" => Some(FileKind::Toml),
            "html" | "xml" | "svg" => Some(FileKind::Html),
            _ => None,
        }
    }

    pub fn is_markdown_like(self) -> bool {
        matches!(self, FileKind::Markdown | FileKind::Mdx)
    }
}

/// Extensions that directory walking picks up by default.
pub const DEFAULT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdown", "mkd", "mdx", "html", "htm", "xhtml", "json", "jsonc", "json5",
    "yaml", "yml", "toml", "rst", "adoc", "asciidoc", "txt",
];

/// Whether a walked file (not one named explicitly) should be linted.
pub fn is_default_lint_target(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| {
            let e = e.to_ascii_lowercase();
            DEFAULT_EXTENSIONS.contains(&e.as_str())
        })
        .unwrap_or(false)
}
