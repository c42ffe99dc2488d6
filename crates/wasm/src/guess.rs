//! The playground's "guess" choice: which host syntax pasted text is most likely in, so a
//! snippet of code is read with its language's string escapes and a document with its own
//! structure. A guess, not a parser: it looks at how the text opens and at the first words
//! of its lines.

use cf_token_lint::syntax::FileKind;

/// A guess at the host syntax of pasted text (a syntax name, as `FileKind::name` gives it).
///
/// What a text says about itself first: `<?php`, a `#!` line (its interpreter named the way a
/// Markdown fence names the language, as the linter reads fences), a component's `<template>`
/// or `<script>`, Astro's front matter, a Markdown fence. Then source code by the words its
/// lines start with (`const`, `def`, `func`, `package`, `fn`, `$x =`, `Verb-Noun`, ...), when
/// enough lines speak for one language; then JSON, HTML, TOML and YAML by their shape; and
/// anything else (a bare URL too) is Markdown.
pub fn guess_syntax(text: &str) -> &'static str {
    let trimmed = text.trim_start();
    if trimmed.starts_with("<?php") {
        return FileKind::Php.name();
    }
    if let Some(kind) = trimmed.strip_prefix("#!").and_then(shebang) {
        return kind.name();
    }
    if let Some(kind) = component(trimmed) {
        return kind.name();
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines
        .iter()
        .any(|l| l.starts_with("```") || l.starts_with("~~~"))
    {
        return FileKind::Markdown.name();
    }
    if trimmed.starts_with('{') || (trimmed.starts_with('[') && !trimmed.starts_with("[[")) {
        // `[text](url)` is Markdown, `[table]` TOML, `[{` or `["` JSON.
        let after = trimmed[1..].trim_start();
        if trimmed.starts_with('{') || after.starts_with('{') || after.starts_with('"') {
            return FileKind::Json.name();
        }
    }
    if trimmed.starts_with('<') && !trimmed.starts_with("<http") {
        return FileKind::Html.name();
    }
    let lines: Vec<&str> = lines
        .into_iter()
        .filter(|l| !is_comment(l) && l.chars().any(char::is_alphanumeric))
        .collect();
    if lines.is_empty() {
        return FileKind::Markdown.name();
    }
    let is_key = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'))
    };
    let toml = lines
        .iter()
        .filter(|l| {
            (l.starts_with('[') && l.ends_with(']') && !l.contains("]("))
                || l.split_once(" = ").is_some_and(|(k, _)| is_key(k))
        })
        .count();
    let yaml = lines
        .iter()
        .filter(|l| {
            let l = l.strip_prefix("- ").unwrap_or(l);
            // An object literal's `key: "value",` is code.
            !l.ends_with(',')
                && !l.ends_with('{')
                && !l.ends_with(';')
                && l.split_once(':').is_some_and(|(k, rest)| {
                    is_key(k) && (rest.is_empty() || rest.starts_with(' '))
                })
        })
        .count();
    if let Some((kind, votes)) = code(&lines) {
        // The language most lines speak for, if they are a good share of the text and more
        // than look like TOML or YAML.
        if votes * 3 >= lines.len() && votes >= toml && votes >= yaml {
            return kind.name();
        }
    }
    if toml * 2 > lines.len() {
        FileKind::Toml.name()
    } else if yaml * 2 > lines.len() {
        FileKind::Yaml.name()
    } else {
        FileKind::Markdown.name()
    }
}

/// The syntax a `#!` line's interpreter is written in: `/bin/sh`, `/usr/bin/env python3`,
/// `/usr/bin/env -S deno run`.
fn shebang(line: &str) -> Option<FileKind> {
    let line = line.lines().next()?;
    let mut words = line.split_whitespace();
    let mut program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        program = words.find(|w| !w.starts_with('-'))?;
    }
    // `python3.12` is `python3`'s fence and `python`'s.
    let name = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    FileKind::from_fence_language(program)
        .or_else(|| FileKind::from_fence_language(name))
        .or(match name {
            "node" | "nodejs" | "deno" | "bun" | "ts-node" | "tsx" => Some(FileKind::JavaScript),
            "dash" | "ksh" | "ash" => Some(FileKind::Shell),
            _ => None,
        })
}

/// A Vue, Svelte or Astro component: a `<template>` beside a `<script>` (Vue), markup opening
/// with `<script>` or holding `{#if}` blocks (Svelte), code between `---` fences followed by
/// markup (Astro).
fn component(trimmed: &str) -> Option<FileKind> {
    if let Some(front) = trimmed.strip_prefix("---\n") {
        let (matter, rest) = front.split_once("\n---")?;
        let code = matter.lines().map(str::trim).any(|l| {
            ["import ", "const ", "let ", "export ", "interface "]
                .iter()
                .any(|k| l.starts_with(k))
        });
        return (code && rest.trim_start().starts_with('<')).then_some(FileKind::Astro);
    }
    if !trimmed.starts_with('<') {
        return None;
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.contains("<template") && lower.contains("<script") {
        return Some(FileKind::Vue);
    }
    let page = ["<!doctype", "<html", "<head", "<body"]
        .iter()
        .any(|t| lower.contains(t));
    let blocks = ["{#if ", "{#each ", "{#await ", "{@html "]
        .iter()
        .any(|b| trimmed.contains(b));
    (!page && (lower.starts_with("<script") || blocks)).then_some(FileKind::Svelte)
}

/// A comment line in the syntaxes guessed here (`#`, `//`, `/*`, `*`, `<#`; Rust's `#[...]`
/// is an attribute).
fn is_comment(line: &str) -> bool {
    ["#", "//", "/*", "*", "<#"]
        .iter()
        .any(|c| line.starts_with(c))
        && !line.starts_with("#[")
}

/// What a line's first words say about the language it is in.
type Signal = fn(&str) -> bool;

/// Per source syntax, the lines only (or mostly) it writes. Earlier languages win ties, so a
/// lone `let url = "…"` is JavaScript.
static SIGNALS: &[(FileKind, &[Signal])] = &[
    (
        FileKind::JavaScript,
        &[
            |l| {
                starts_any(l, &["const ", "let ", "var "])
                    && !l.contains(": &")
                    && !l.starts_with("let mut ")
            },
            |l| l.starts_with("import ") && (l.contains(" from ") || l.ends_with("';")),
            |l| {
                starts_any(
                    l,
                    &[
                        "export default ",
                        "export const ",
                        "export function ",
                        "export async ",
                        "export {",
                        "function ",
                        "async function",
                        "module.exports",
                        "console.",
                        "document.",
                        "window.",
                        "location.",
                    ],
                )
            },
            |l| l.contains("require(") || l.contains("=> {") || l.contains("encodeURIComponent("),
        ],
    ),
    (
        FileKind::Python,
        &[
            |l| starts_any(l, &["def ", "async def ", "elif ", "if __name__", "print("]),
            |l| l.starts_with("from ") && l.contains(" import "),
            |l| bare_import(l) && !l.contains('.'),
            |l| l.starts_with("class ") && l.ends_with(':'),
            |l| starts_any(l, &["webbrowser.", "requests.", "urllib."]),
            |l| l.contains("urlencode(") || l.contains("quote("),
        ],
    ),
    (
        FileKind::Ruby,
        &[
            |l| {
                starts_any(
                    l,
                    &[
                        "require '",
                        "require \"",
                        "require_relative",
                        "puts ",
                        "attr_",
                    ],
                )
            },
            |l| l == "end" || l.ends_with(" do") || l.contains(" do |"),
            |l| l.starts_with("def ") && !l.ends_with(':') && !l.contains('{'),
            |l| l.starts_with("module ") && !l.ends_with(';'),
        ],
    ),
    (
        FileKind::Php,
        &[
            |l| l.starts_with('$') && l.ends_with(';'),
            |l| starts_any(l, &["echo ", "return "]) && l.ends_with(';') && l.contains('$'),
            |l| l.contains("http_build_query(") || l.contains("urlencode($"),
        ],
    ),
    (
        FileKind::Go,
        &[
            |l| {
                l.strip_prefix("package ")
                    .is_some_and(|p| p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            },
            |l| l.starts_with("import (") || l.starts_with("import \""),
            |l| l.starts_with("func ") && !l.contains("->"),
            |l| l.contains(" := ") || l.contains("fmt.") || l.contains("url.Values"),
        ],
    ),
    (
        FileKind::Rust,
        &[
            |l| {
                starts_any(
                    l,
                    &["fn ", "pub fn ", "pub struct ", "impl ", "let mut ", "#["],
                )
            },
            |l| l.starts_with("use ") && l.contains("::"),
            |l| l.starts_with("const ") && l.contains(": &"),
            |l| {
                ["println!(", "format!(", "vec![", "r#\""]
                    .iter()
                    .any(|m| l.contains(m))
            },
        ],
    ),
    (
        FileKind::Java,
        &[
            |l| {
                starts_any(
                    l,
                    &[
                        "public class ",
                        "public static void ",
                        "System.out",
                        "@Override",
                    ],
                )
            },
            |l| starts_any(l, &["import java.", "import javax."]),
            |l| l.starts_with("package ") && l.ends_with(';'),
            |l| l.starts_with("String ") && l.ends_with(';'),
            |l| l.contains("new URI(") || l.contains("URLEncoder.") || l.contains("Desktop."),
        ],
    ),
    (
        FileKind::Kotlin,
        &[
            |l| {
                starts_any(
                    l,
                    &["fun ", "val ", "data class ", "object ", "companion object"],
                )
            },
            |l| starts_any(l, &["import kotlin.", "import android.", "import io.ktor"]),
            |l| {
                l.strip_prefix("package ")
                    .is_some_and(|p| p.contains('.') && !p.ends_with(';'))
            },
        ],
    ),
    (
        FileKind::CSharp,
        &[
            |l| starts_any(l, &["using ", "namespace ", "Console.", "string ", "var "]),
            |l| l.contains("Process.Start") || l.contains("new Uri(") || l.contains("$\""),
            |l| l.contains("Uri.EscapeDataString(") || l.contains("static void Main"),
        ],
    ),
    (
        FileKind::Swift,
        &[
            |l| {
                starts_any(
                    l,
                    &[
                        "import Foundation",
                        "import UIKit",
                        "import SwiftUI",
                        "import AppKit",
                        "guard ",
                        "if let ",
                    ],
                )
            },
            |l| l.starts_with("func ") && l.contains("->"),
            |l| starts_any(l, &["let ", "var "]) && !l.ends_with(';'),
            |l| {
                [
                    "URL(string:",
                    "NSWorkspace",
                    "UIApplication",
                    "URLComponents(",
                ]
                .iter()
                .any(|m| l.contains(m))
            },
        ],
    ),
    (
        FileKind::Shell,
        &[
            |l| {
                starts_any(
                    l,
                    &[
                        "echo ",
                        "export ",
                        "curl ",
                        "wget ",
                        "open ",
                        "xdg-open ",
                        "if [",
                        "set -",
                        "source ",
                        "printf ",
                        "local ",
                        "read ",
                    ],
                )
            },
            |l| matches!(l, "then" | "fi" | "do" | "done" | "esac" | "else"),
            |l| l.ends_with("; then") || l.ends_with("; do"),
            // `NAME=value`: no spaces around `=`, which TOML and other languages write.
            |l| {
                l.split_once('=').is_some_and(|(name, value)| {
                    !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !name.starts_with(|c: char| c.is_ascii_digit())
                        && !value.starts_with(['=', ' '])
                })
            },
        ],
    ),
    (
        FileKind::PowerShell,
        &[
            |l| l.starts_with('$') && l.contains(" = ") && !l.ends_with(';'),
            |l| starts_any(l, &["param(", "[string]", "$env:"]),
            // A cmdlet's `Verb-Noun`: Start-Process, Write-Host, Invoke-RestMethod.
            |l| {
                let word = l.split_whitespace().next().unwrap_or("");
                word.split_once('-').is_some_and(|(verb, noun)| {
                    capitalised(verb) && capitalised(noun) && !noun.contains('-')
                })
            },
        ],
    ),
];

fn starts_any(line: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| line.starts_with(p))
}

/// `import name` (Python, or Swift with a module name), not JavaScript's `import x from "…"`
/// nor Go's `import "fmt"`.
fn bare_import(line: &str) -> bool {
    line.strip_prefix("import ").is_some_and(|rest| {
        !rest.contains(['"', '\'', '{', ';', '(', '*']) && !rest.contains(" from ")
    })
}

fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.len() > 1
        && word.chars().all(|c| c.is_ascii_alphabetic())
}

/// The source syntax most lines speak for, and how many do.
fn code(lines: &[&str]) -> Option<(FileKind, usize)> {
    SIGNALS
        .iter()
        .map(|(kind, signals)| {
            let votes = lines
                .iter()
                .filter(|l| signals.iter().any(|s| s(l)))
                .count();
            (*kind, votes)
        })
        .filter(|(_, votes)| *votes > 0)
        // `max_by_key` keeps the last of equals; earlier languages should win ties.
        .rev()
        .max_by_key(|(_, votes)| *votes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=DNS";

    #[test]
    fn documents_keep_their_guesses() {
        assert_eq!(guess_syntax("{\"a\": 1}"), "json");
        assert_eq!(guess_syntax("[{\"a\": 1}]"), "json");
        assert_eq!(guess_syntax("<p><a href=x>y</a></p>"), "html");
        assert_eq!(
            guess_syntax("<!DOCTYPE html>\n<html><script>let x = 1;</script></html>"),
            "html"
        );
        assert_eq!(guess_syntax("[tool]\nurl = \"https://x\"\n"), "toml");
        assert_eq!(guess_syntax("name: x\nurl: https://x\n"), "yaml");
        assert_eq!(
            guess_syntax("---\ntitle: Tokens\n---\n# Tokens\n\n[link](https://x)\n"),
            "markdown"
        );
        assert_eq!(guess_syntax("# Title\n\n[link](https://x)\n"), "markdown");
        assert_eq!(guess_syntax(URL), "markdown");
        // Code in a fenced block is an example in a Markdown document.
        assert_eq!(
            guess_syntax("Run this:\n\n```js\nconst url = \"https://x\";\n```\n"),
            "markdown"
        );
        // MDX's imports above a page of prose do not make it JavaScript.
        assert_eq!(
            guess_syntax(
                "import Tabs from './tabs';\n\n# Deploying\n\nCreate the token first.\nThen add it to the repository's secrets.\nThe [form](https://x) opens filled in.\n"
            ),
            "markdown"
        );
        // A workflow's YAML, with shell in a block scalar.
        assert_eq!(
            guess_syntax(
                "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo deploying\n          curl -X POST https://x\n"
            ),
            "yaml"
        );
    }

    #[test]
    fn pasted_code_is_read_as_its_language() {
        let u = URL;
        for (text, want) in [
            (format!("const url = \"{u}\";\nwindow.open(url);\n"), "javascript"),
            (
                format!("import open from 'open';\n\nexport async function token() {{\n  await open(`{u}`);\n}}\n"),
                "javascript",
            ),
            (
                format!("const url = buildUrl({{\n  key: \"dns\",\n  type: \"edit\",\n}});\nconsole.log(`{u}`);\n"),
                "javascript",
            ),
            (format!("#!/usr/bin/env node\nprocess.stdout.write(\"{u}\");\n"), "javascript"),
            (format!("import webbrowser\n\nURL = \"{u}\"\nwebbrowser.open(URL)\n"), "python"),
            (format!("def token_url():\n    return \"{u}\"\n"), "python"),
            (format!("#!/usr/bin/env python3.12\nprint('{u}')\n"), "python"),
            (format!("require \"launchy\"\n\nurl = \"{u}\"\nLaunchy.open(url)\n"), "ruby"),
            (format!("def token_url\n  \"{u}\"\nend\n"), "ruby"),
            (format!("<?php\n$url = \"{u}\";\nheader(\"Location: $url\");\n"), "php"),
            (format!("$url = '{u}';\necho $url;\n"), "php"),
            (
                format!("package main\n\nimport \"fmt\"\n\nfunc main() {{\n\turl := \"{u}\"\n\tfmt.Println(url)\n}}\n"),
                "go",
            ),
            (format!("const URL: &str = \"{u}\";\n\nfn main() {{\n    println!(\"{{URL}}\");\n}}\n"), "rust"),
            (format!("String url = \"{u}\";\nDesktop.getDesktop().browse(new URI(url));\n"), "java"),
            (format!("package com.example.tokens\n\nfun main() {{\n    val url = \"{u}\"\n    println(url)\n}}\n"), "kotlin"),
            (
                format!("var url = \"{u}\";\nProcess.Start(new ProcessStartInfo(url) {{ UseShellExecute = true }});\n"),
                "csharp",
            ),
            (format!("import Foundation\n\nlet url = URL(string: \"{u}\")!\nNSWorkspace.shared.open(url)\n"), "swift"),
            (format!("#!/bin/sh\nxdg-open '{u}'\n"), "shell"),
            (format!("URL='{u}'\nxdg-open \"$URL\"\n"), "shell"),
            (format!("$url = \"{u}\"\nStart-Process $url\n"), "powershell"),
            (format!("#!/usr/bin/env pwsh\nStart-Process '{u}'\n"), "powershell"),
            (
                format!("<script setup>\nconst url = \"{u}\";\n</script>\n\n<template>\n  <a :href=\"url\">token</a>\n</template>\n"),
                "vue",
            ),
            (format!("<script>\n  const url = \"{u}\";\n</script>\n\n<a href={{url}}>token</a>\n"), "svelte"),
            (format!("---\nconst url = \"{u}\";\n---\n<a href={{url}}>token</a>\n"), "astro"),
        ] {
            assert_eq!(guess_syntax(&text), want, "{text}");
            // Read as that language, the URL's misspelt key is found on its bytes.
            let out: serde_json::Value =
                serde_json::from_str(&crate::lint_json(&text, &crate::file_name_for(want)))
                    .unwrap();
            let found: Vec<(&str, &str)> = out["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["rule"].as_str().unwrap(), d["text"].as_str().unwrap()))
                .collect();
            assert!(found.contains(&("unknown-key", "dnss")), "{want}: {found:?}");
        }
    }

    #[test]
    fn every_guess_is_a_syntax_the_page_lists() {
        let names: Vec<&str> = cf_token_lint::syntax::ALL
            .iter()
            .map(|k| k.name())
            .collect();
        for (kind, _) in SIGNALS {
            assert!(names.contains(&kind.name()));
        }
    }
}
