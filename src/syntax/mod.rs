//! Every host syntax a file can be written in: one module each, and the registry that finds
//! them by file name, Markdown fence name and editor language id.
//!
//! A syntax's module holds what the linter knows about it: its extensions, whether walking a
//! directory reads it, its editor language ids and fence names, the comments a suppression
//! can be written in, and how the scanner reads a URL in it: a documentation format the
//! scanner knows by kind (Markdown, HTML, JSON, ...), or source code described by a
//! [`code::Lang`] (string literals and their escapes, interpolations, comments, and what joins
//! a literal to code).
//!
//! Adding a syntax is a module here with its `SYNTAX`, and one line in `registry!` below.

pub mod code;
pub mod escape;
pub mod interp;
pub mod unit;

use std::path::Path;

use code::Lang;

macro_rules! registry {
    ($($variant:ident => $module:ident,)*) => {
        $(pub mod $module;)*

        /// Which host syntax a file is written in.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FileKind {
            $($variant,)*
        }

        /// Every syntax, in registry order.
        pub static ALL: &[FileKind] = &[$(FileKind::$variant,)*];

        impl FileKind {
            /// Everything known about this syntax.
            pub fn syntax(self) -> &'static Syntax {
                match self {
                    $(FileKind::$variant => &$module::SYNTAX,)*
                }
            }
        }
    };
}

registry! {
    Markdown => markdown,
    Mdx => mdx,
    Html => html,
    Json => json,
    Yaml => yaml,
    Toml => toml,
    Text => text,
    JavaScript => javascript,
    Vue => vue,
    Svelte => svelte,
    Astro => astro,
    Python => python,
    Ruby => ruby,
    Php => php,
    Go => go,
    Rust => rust,
    Java => java,
    Kotlin => kotlin,
    CSharp => csharp,
    Swift => swift,
    Shell => shell,
    PowerShell => powershell,
}

/// The facts of one host syntax.
pub struct Syntax {
    /// Its name in lower case, as the playground and `--verbose` say it.
    pub name: &'static str,
    /// File extensions, lower case, without the dot.
    pub extensions: &'static [&'static str],
    /// Whole file names of files without such an extension (`Makefile`, `Dockerfile`,
    /// `Gemfile`), matched exactly.
    pub file_names: &'static [&'static str],
    /// Whether walking a directory reads these files (a file named explicitly always is).
    pub walked: bool,
    /// Editor language ids (the language server's `languageId` for an unsaved buffer).
    pub language_ids: &'static [&'static str],
    /// Info strings of a Markdown fenced code block written in it (```json).
    pub fence_names: &'static [&'static str],
    /// The comments a suppression can be written in; the first is the one quick fixes write.
    pub comments: &'static [Comment],
    /// How the scanner reads a URL in it.
    pub reading: Reading,
}

/// A comment form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comment {
    /// To the end of the line (`#`, `//`): `# cf-token-lint: disable-next-line RULE`.
    Line(&'static str),
    /// Between two markers (`<!--` and `-->`, `/*` and `*/`):
    /// `<!-- cf-token-lint-disable-next-line RULE -->`.
    Block(&'static str, &'static str),
}

/// How the scanner reads a file of this syntax.
#[derive(Clone, Copy)]
pub enum Reading {
    /// A documentation format: the scanner knows its structure by its `FileKind`.
    Docs,
    /// Source code throughout.
    Code(&'static Lang),
    /// HTML with regions of code (`<script>` blocks, PHP's `<?php ... ?>`, Astro's front
    /// matter); the rest is read as HTML.
    Markup(&'static Lang, &'static [Region]),
}

/// A region of code inside markup.
#[derive(Clone, Copy, Debug)]
pub struct Region {
    /// What opens it (`<script`, `<?php`, `---`).
    pub open: &'static str,
    /// The opening tag runs on to this byte (`>` of `<script lang="ts">`).
    pub open_until: Option<u8>,
    /// What closes it (`</script>`, `?>`, `---`); an unclosed region runs to the end.
    pub close: &'static str,
    /// The closer counts only where the code's lexer is outside strings and block comments
    /// (PHP reads `"?>"` as text). Otherwise it counts anywhere: the HTML parser ends a
    /// `<script>` at `</script>` even inside a JavaScript string.
    pub close_in_code_only: bool,
    /// It only counts at the very start of the file (Astro's front matter).
    pub at_file_start: bool,
}

impl FileKind {
    /// The kind for a file name: by extension, else by the whole name (`Makefile`);
    /// anything unknown is `Text`.
    pub fn from_path(path: &Path) -> FileKind {
        path_kind(path).unwrap_or(FileKind::Text)
    }

    /// The kind a fenced code block's info string names (```json), if it names one we read
    /// differently from text.
    pub fn from_fence_language(lang: &str) -> Option<FileKind> {
        let lang = lang.to_ascii_lowercase();
        ALL.iter()
            .copied()
            .find(|k| k.syntax().fence_names.contains(&lang.as_str()))
    }

    /// The kind an editor's language id names: VS Code's (`typescriptreact`, `shellscript`),
    /// Neovim's file types (`cs`, `ps1`), Helix's language names (`c-sharp`), and Eglot's,
    /// which are major-mode names without `-mode`, so a tree-sitter mode's `python-ts` reads
    /// as `python`.
    pub fn from_language_id(id: &str) -> Option<FileKind> {
        let find = |id: &str| {
            ALL.iter().copied().find(|k| {
                k.syntax()
                    .language_ids
                    .iter()
                    .any(|l| l.eq_ignore_ascii_case(id))
            })
        };
        find(id).or_else(|| id.strip_suffix("-ts").and_then(find))
    }

    pub fn name(self) -> &'static str {
        self.syntax().name
    }

    pub fn is_markdown_like(self) -> bool {
        matches!(self, FileKind::Markdown | FileKind::Mdx)
    }

    /// The source-code table, for syntaxes read as code throughout.
    pub fn code(self) -> Option<&'static Lang> {
        match self.syntax().reading {
            Reading::Code(lang) => Some(lang),
            _ => None,
        }
    }
}

fn path_kind(path: &Path) -> Option<FileKind> {
    // Asked for every file a walk meets: compared in place, nothing allocated.
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        let by_extension = ALL.iter().copied().find(|k| {
            k.syntax()
                .extensions
                .iter()
                .any(|e| e.eq_ignore_ascii_case(ext))
        });
        if by_extension.is_some() {
            return by_extension;
        }
    }
    let name = path.file_name()?.to_str()?;
    ALL.iter()
        .copied()
        .find(|k| k.syntax().file_names.contains(&name))
}

/// Extensions that directory walking picks up by default.
pub fn default_extensions() -> impl Iterator<Item = &'static str> {
    ALL.iter()
        .map(|k| k.syntax())
        .filter(|s| s.walked)
        .flat_map(|s| s.extensions.iter().copied())
}

/// Whether a walked file (not one named explicitly) should be linted.
pub fn is_default_lint_target(path: &Path) -> bool {
    path_kind(path).is_some_and(|k| k.syntax().walked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_syntaxes_claim_the_same_name() {
        let mut seen = std::collections::HashSet::new();
        for kind in ALL {
            let s = kind.syntax();
            for ext in s.extensions {
                assert!(seen.insert(("ext", *ext)), "extension {ext} twice");
            }
            for id in s.language_ids {
                assert!(seen.insert(("id", *id)), "language id {id} twice");
            }
            for fence in s.fence_names {
                assert!(seen.insert(("fence", *fence)), "fence {fence} twice");
            }
            assert!(seen.insert(("name", s.name)));
        }
    }

    #[test]
    fn finds_kinds_by_name() {
        assert_eq!(
            FileKind::from_path(Path::new("a/B.TSX")),
            FileKind::JavaScript
        );
        assert_eq!(
            FileKind::from_path(Path::new("x.ps1")),
            FileKind::PowerShell
        );
        assert_eq!(FileKind::from_path(Path::new("Makefile")), FileKind::Shell);
        assert_eq!(FileKind::from_path(Path::new("ci/Gemfile")), FileKind::Ruby);
        assert_eq!(FileKind::from_path(Path::new(".envrc")), FileKind::Shell);
        assert_eq!(FileKind::from_path(Path::new("LICENSE")), FileKind::Text);
        assert!(is_default_lint_target(Path::new("docker/Dockerfile")));
        assert!(!is_default_lint_target(Path::new("LICENSE")));
        assert_eq!(
            FileKind::from_fence_language("Python"),
            Some(FileKind::Python)
        );
        assert_eq!(FileKind::from_fence_language("console"), None);
        assert_eq!(
            FileKind::from_language_id("typescriptreact"),
            Some(FileKind::JavaScript)
        );
        assert!(is_default_lint_target(Path::new("src/main.rs")));
        assert!(!is_default_lint_target(Path::new("logo.png")));
    }

    /// What each editor sends as a buffer's language id reaches the right syntax: VS Code's
    /// ids, Neovim's file types, Helix's language names (or their `language-id`), and Eglot's
    /// major-mode names without `-mode`.
    #[test]
    fn finds_kinds_by_every_editors_language_id() {
        use FileKind::*;
        for (ids, kind) in [
            (&["markdown", "gfm"][..], Markdown),
            (&["mdx"], Mdx),
            (&["html", "mhtml"], Html),
            (&["json", "jsonc", "json-ts"], Json),
            (&["yaml", "yaml-ts"], Yaml),
            (&["toml", "toml-ts"], Toml),
            (&["plaintext", "restructuredtext", "rst", "asciidoc"], Text),
            (
                &[
                    "javascript",
                    "javascriptreact",
                    "typescript",
                    "typescriptreact",
                    "js",
                    "js-ts",
                    "typescript-ts",
                    "tsx-ts",
                ],
                JavaScript,
            ),
            (&["vue"], Vue),
            (&["svelte"], Svelte),
            (&["astro", "astro-ts"], Astro),
            (&["python", "python-ts"], Python),
            (&["ruby", "ruby-ts"], Ruby),
            (&["php"], Php),
            (&["go", "go-ts"], Go),
            (&["rust", "rust-ts"], Rust),
            (&["java", "java-ts"], Java),
            (&["kotlin", "kotlin-ts"], Kotlin),
            (&["csharp", "cs", "c-sharp", "csharp-ts"], CSharp),
            (&["swift"], Swift),
            (&["shellscript", "sh", "bash", "zsh", "bash-ts"], Shell),
            (&["powershell", "ps1"], PowerShell),
        ] {
            for id in ids {
                assert_eq!(FileKind::from_language_id(id), Some(kind), "{id}");
            }
        }
        assert_eq!(FileKind::from_language_id("Python"), Some(Python));
        for unknown in ["c", "lua", "csv", "web", "ts-", "-ts", ""] {
            assert_eq!(FileKind::from_language_id(unknown), None, "{unknown}");
        }
    }
}
