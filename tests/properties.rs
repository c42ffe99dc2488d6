//! Property tests: whatever the input, scanning, decoding and linting never panic, every span
//! stays inside the file and on character boundaries, and percent-decoding inverts encoding.

use cf_token_lint::config::Config;
use cf_token_lint::mapped::Mapped;
use cf_token_lint::syntax::FileKind;
use cf_token_lint::{lint, lint_source, percent, permissions, scan};
use proptest::prelude::*;

mod common;

/// Every host syntax, documentation and source code alike.
const KINDS: &[FileKind] = cf_token_lint::syntax::ALL;

/// Text made of the pieces template URLs and their host syntaxes are made of, so that random
/// inputs reach deep into the scanner and the decoders.
fn docs_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("https://dash.cloudflare.com/".to_string()),
        Just("dash.cloudflare.com".to_string()),
        Just("profile/api-tokens?".to_string()),
        Just("?to=/:account/api-tokens&".to_string()),
        Just("permissionGroupKeys=".to_string()),
        Just("%5B%7B%22key%22%3A%22".to_string()),
        Just("%22%2C%22type%22%3A%22".to_string()),
        Just("%22%7D%5D".to_string()),
        Just("[{\"key\":\"".to_string()),
        Just("\",\"type\":\"".to_string()),
        Just("\"}]".to_string()),
        Just("dns".to_string()),
        Just("edit".to_string()),
        Just("write".to_string()),
        Just("&accountId=*".to_string()),
        Just("&zoneId=all".to_string()),
        Just("&name=Read".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("`".to_string()),
        Just("| ".to_string()),
        Just("\\_".to_string()),
        Just("&amp;".to_string()),
        Just("\\u0026".to_string()),
        Just("\\/".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("<".to_string()),
        Just("%".to_string()),
        Just("%E6%97".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("```json\n".to_string()),
        Just(" ".to_string()),
        Just("é日".to_string()),
        Just("<!-- cf-token-lint-disable-next-line unknown-key -->".to_string()),
        "\\PC{0,4}",
    ];
    // What opens and closes the constructs of source code and markup, for the kinds that read
    // them: comments, raw strings, heredocs, regular expressions, percent literals, regions.
    let code = prop_oneof![
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("// ".to_string()),
        Just("# ".to_string()),
        Just("= /".to_string()),
        Just("%q(".to_string()),
        Just("?'".to_string()),
        Just("\\".to_string()),
        Just("r#\"".to_string()),
        Just("\"#".to_string()),
        Just("\"\"\"".to_string()),
        Just("$@\"".to_string()),
        Just("${".to_string()),
        Just("#{".to_string()),
        Just("{$".to_string()),
        Just("}".to_string()),
        Just("<<EOF\n".to_string()),
        Just("\nEOF\n".to_string()),
        Just("@'\n".to_string()),
        Just("<?php ".to_string()),
        Just("?>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("---\n".to_string()),
    ];
    let piece = prop_oneof![4 => piece, 1 => code];
    prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
}

fn check_spans(src: &[u8], kind: FileKind) {
    let text = std::str::from_utf8(src).ok();
    for occurrence in scan::scan(src, kind) {
        assert!(occurrence.span.start <= occurrence.span.end && occurrence.span.end <= src.len());
        if let Some(text) = text {
            assert!(
                text.is_char_boundary(occurrence.span.start)
                    && text.is_char_boundary(occurrence.span.end)
            );
        }
    }
    let config = Config::default();
    for d in lint_source(src, kind, &config).diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= src.len(),
            "{kind:?}: {d:?}"
        );
        if let Some(text) = text {
            assert!(
                text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
                "{kind:?}: {d:?} in {text:?}"
            );
        }
        if let Some(url) = &d.url {
            assert!(
                url.start <= d.span.start && d.span.end <= url.end,
                "{kind:?}: {d:?}"
            );
            // A fix rewrites its own URL, and never splits a character.
            for edit in d.fix.iter().flat_map(|f| &f.edits) {
                assert!(
                    url.start <= edit.span.start && edit.span.end <= url.end,
                    "{kind:?}: {d:?}"
                );
                if let Some(text) = text {
                    assert!(
                        text.is_char_boundary(edit.span.start)
                            && text.is_char_boundary(edit.span.end),
                        "{kind:?}: {d:?} in {text:?}"
                    );
                }
            }
        }
    }
}

/// `--fix` settles in one run: fixing the fixed text changes nothing, and text stays UTF-8.
fn check_fix_settles(src: &[u8], kind: FileKind) {
    let config = Config::default();
    let fixed = lint::fix_source(src, kind, &config, false);
    if std::str::from_utf8(src).is_ok() {
        assert!(
            std::str::from_utf8(&fixed.source).is_ok(),
            "{kind:?}: {:?}",
            String::from_utf8_lossy(&fixed.source)
        );
    }
    let again = lint::fix_source(&fixed.source, kind, &config, false);
    assert_eq!(
        again.applied,
        0,
        "{kind:?}: a second --fix changed {:?} into {:?}",
        String::from_utf8_lossy(&fixed.source),
        String::from_utf8_lossy(&again.source)
    );
}

/// A permission key as people write them: documented, derived, renamed, reported, display
/// names, misspellings of each, and made-up ones.
fn written_key() -> impl Strategy<Value = String> {
    let known = prop_oneof![
        Just("dns"),
        Just("workers_scripts"),
        Just("workers_r2"),
        Just("page"),
        Just("teams"),
        Just("workers_tail"),
        Just("argotunnel"),
        Just("hyperdrive"),
        Just("workers_ai"),
        Just("workers_r2_storage"),
        Just("pages"),
        Just("zero_trust"),
        Just("zone_dns"),
        Just("workers_kv"),
        Just("cache_purge"),
        Just("cloudflare_tunnel"),
        Just("DNS Write"),
        Just("Workers R2 Storage Write"),
        Just("Workers-Scripts"),
        Just("analytics"),
        Just("4755a26eedb94da69e1066d98aa820be"),
    ]
    .prop_map(str::to_string);
    // One edit of a known key: a letter dropped, doubled or swapped with the next.
    let misspelt =
        (known.clone(), any::<prop::sample::Index>(), 0..3u8).prop_map(|(k, at, how)| {
            let mut chars: Vec<char> = k.chars().collect();
            let i = at.index(chars.len());
            match how {
                0 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, chars[i]),
                _ if i + 1 < chars.len() => chars.swap(i, i + 1),
                _ => {}
            }
            chars.into_iter().collect()
        });
    prop_oneof![known, misspelt, "[a-z_]{1,20}"]
}

/// A template URL of either kind with `keys` and a type each.
fn url_with(keys: &[String], types: &[&str], account: bool) -> String {
    let entries: Vec<String> = keys
        .iter()
        .zip(types.iter().cycle())
        .map(|(k, t)| format!("{{\"key\":\"{k}\",\"type\":\"{t}\"}}"))
        .collect();
    let json = percent::encode_component(&format!("[{}]", entries.join(",")));
    if account {
        format!("https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys={json}&name=T\n")
    } else {
        format!("https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys={json}&accountId=*&zoneId=all&name=T\n")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Plain `--fix` never turns one grant into another: a key changes only where the
    /// catalog's data says what was meant, never by similarity.
    #[test]
    fn plain_fix_changes_no_key_by_similarity(
        keys in prop::collection::vec(written_key(), 1..4),
        account in any::<bool>(),
        kind in prop::sample::select(vec![FileKind::Markdown, FileKind::Html, FileKind::Text]),
    ) {
        let text = url_with(&keys, &["edit", "read", "write"], account);
        let fixed = lint::fix_source(text.as_bytes(), kind, &Config::default(), false);
        let before = common::decoded_keys(text.as_bytes(), kind);
        let after = common::decoded_keys(&fixed.source, kind);
        prop_assert_eq!(before.len(), after.len());
        // A fix may also drop a repeated entry, so keys are matched by value, not position.
        let written: Vec<&String> = before.iter().flatten().collect();
        for new in after.iter().flatten() {
            prop_assert!(
                written.contains(&new) || written.iter().any(|old| common::is_certain_rewrite(old, new)),
                "--fix wrote `{}` where {:?} were written", new, written
            );
        }
    }

    #[test]
    fn lsp_positions_round_trip_through_utf16(text in docs_text()) {
        let lines = cf_token_lint::lsp::position::Lines::new(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let position = lines.position(&text, offset);
            // A position inside a `\r\n` is not one an editor sends; the rest round-trip.
            if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                continue;
            }
            prop_assert_eq!(lines.offset(&text, position), offset, "{:?}", position);
        }
    }

    #[test]
    fn fixing_settles_in_one_run(text in docs_text()) {
        for &kind in KINDS {
            check_fix_settles(text.as_bytes(), kind);
        }
    }

    #[test]
    fn docs_like_text_never_panics_and_spans_stay_inside(text in docs_text()) {
        for &kind in KINDS {
            check_spans(text.as_bytes(), kind);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), prefix in docs_text()) {
        let mut src = prefix.into_bytes();
        src.extend_from_slice(&bytes);
        for &kind in KINDS {
            check_spans(&src, kind);
        }
    }

    #[test]
    fn percent_decoding_inverts_encoding(text in "\\PC{0,64}") {
        let encoded = percent::encode_component(&text);
        let decoded = percent::decode(&Mapped::identity(encoded.as_bytes())).unwrap();
        prop_assert_eq!(decoded.bytes(), text.as_bytes());
        // Every decoded byte maps back into the encoded text.
        prop_assert!(decoded.full_source_span().end <= encoded.len());
    }

    #[test]
    fn percent_decoding_any_text_keeps_spans_inside(text in "[%0-9A-Fa-fg+\\PC]{0,64}") {
        match percent::decode(&Mapped::identity(text.as_bytes())) {
            Ok(m) => prop_assert!(m.full_source_span().end <= text.len()),
            Err(e) => prop_assert!(e.span.start < e.span.end && e.span.end <= text.len() && text.is_char_boundary(e.span.end)),
        }
    }

    #[test]
    fn permission_json_reader_never_panics(text in "[\\[\\]{}\",: a-z.…\\\\]{0,64}") {
        let list = permissions::parse(&Mapped::identity(text.as_bytes()));
        for p in &list.problems {
            prop_assert!(p.span.end <= text.len());
        }
        for e in &list.entries {
            prop_assert!(e.span.end <= text.len());
        }
    }
}

/// Text for the inside of one source-code string literal: URL pieces, and the syntax's own
/// escapes and interpolations (`extra`). No piece holds the literal's bare closing quote or a
/// lone backslash, so the literal ends where the test put its closer; and lone braces come
/// only as a syntax's own pieces, where they are text: in PHP (`{$`), Python's f-strings,
/// C#'s `$@"..."` and Rust's `format!` a lone `{` opens an interpolation that never closes,
/// which is not valid code, so no test could say where the literal ends.
fn literal_text(extra: &'static [&'static str]) -> impl Strategy<Value = String> {
    const COMMON: &[&str] = &[
        "https://dash.cloudflare.com/",
        "profile/api-tokens?",
        "profile/api-tokens/create?",
        "?to=/:account/api-tokens&",
        "?to=/:account/api-tokens?",
        "permissionGroupKeys=",
        "%5B%7B%22key%22%3A%22",
        "%22%2C%22type%22%3A%22",
        "%22%7D%5D",
        "dns",
        "dnss",
        "edit",
        "write",
        "&accountId=*",
        "&zoneId=all",
        "&name=Read",
        "&amp;",
        " ",
        "é日",
        "%",
        "%s",
        "=",
        "(",
        ")",
        "[",
        "]",
        "<",
        ">",
        "|",
        "x",
    ];
    let pieces: Vec<&'static str> = COMMON.iter().chain(extra).copied().collect();
    prop::collection::vec(prop::sample::select(pieces), 0..24).prop_map(|p| p.concat())
}

/// Lints `before open content close after` as the file `name`: every URL found, and every
/// diagnostic and fix about one, stays inside the literal's content.
fn spans_stay_inside_the_literal(
    name: &str,
    (before, open, close, after): (&str, &str, &str, &str),
    content: &str,
) -> Result<(), TestCaseError> {
    let src = format!("{before}{open}{content}{close}{after}");
    let inside = before.len() + open.len()..before.len() + open.len() + content.len();
    let kind = FileKind::from_path(std::path::Path::new(name));
    let within = |r: &std::ops::Range<usize>| inside.start <= r.start && r.end <= inside.end;
    for occurrence in scan::scan(src.as_bytes(), kind) {
        prop_assert!(
            within(&occurrence.span),
            "{name}: {occurrence:?} in {src:?}"
        );
    }
    for d in lint_source(src.as_bytes(), kind, &Config::default()).diagnostics {
        if let Some(url) = &d.url {
            prop_assert!(within(url) && within(&d.span), "{name}: {d:?} in {src:?}");
            for edit in d.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(within(&edit.span), "{name}: {d:?} in {src:?}");
            }
        }
    }
    check_fix_settles(src.as_bytes(), kind);
    Ok(())
}

/// One property per source syntax: its file name, the code around one literal (before,
/// opening delimiter, closing delimiter, after) and the escapes and interpolations it holds.
macro_rules! literal_properties {
    ($($test:ident: $name:literal, $frame:expr, [$($piece:literal),* $(,)?];)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]
            $(
                #[test]
                fn $test(content in literal_text(&[$($piece),*])) {
                    spans_stay_inside_the_literal($name, $frame, &content)?;
                }
            )*
        }
    };
}

literal_properties! {
    javascript_template_literal: "a.ts", ("const a = ", "`", "`", " + b;\n"),
        ["\\u0026", "\\x26", "\\u{26}", "\\/", "\\`", "${perms}", "${f(\"}\")}", "\"", "{", "}"];
    javascript_string: "a.jsx", ("<a href={", "\"", "\"", "}>x</a>\n"), ["\\u0026", "\\\"", "'", "\\n", "{", "}"];
    vue_script: "a.vue", ("<template><a href=\"x\">x</a></template>\n<script>\nconst a = ", "'", "'", ";\n</script>\n"),
        ["\\x26", "\\'", "\"", "{", "}"];
    svelte_script: "a.svelte", ("<script>\nlet a = ", "`", "`", ";\n</script>\n<p>x</p>\n"), ["${x}", "\\`", "{", "}"];
    astro_front_matter: "a.astro", ("---\nconst a = ", "\"", "\"", ";\n---\n<p>x</p>\n"), ["\\u0026", "\\\"", "{", "}"];
    python_f_string: "a.py", ("x = ", "f\"", "\"", "\n"), ["\\u0026", "\\x26", "{perms}", "{{", "}}", "'", "\\\""];
    python_triple_quoted: "a.py", ("def f():\n    ", "'''", "'''", "\n"), ["\\x26", "\"", "'\"", "\n", "{", "}"];
    ruby_double: "a.rb", ("x = ", "\"", "\"", " + y\n"), ["\\u{26}", "\\x26", "#{perms}", "\\\"", "'", "{", "}"];
    php_double: "a.php", ("<p>x</p><?php $x = ", "\"", "\"", " . $y; ?>\n"), ["\\x26", "\\u{26}", "$perms", "{$name}", "\\$", "'"];
    go_interpreted: "a.go", ("x := ", "\"", "\"", " + y\n"), ["\\u0026", "\\x26", "\\\"", "'", "%v", "{", "}"];
    rust_string: "a.rs", ("let x = format!(", "\"", "\"", ", y);\n"), ["\\u{26}", "\\x26", "{}", "{name}", "{{", "\\\"", "'", "\\\n    "];
    rust_raw_string: "a.rs", ("let x = ", "r#\"", "\"#", ";\n"), ["\"", "\\u0026", "'", "{", "}"];
    java_string: "A.java", ("String x = ", "\"", "\"", " + y;\n"), ["\\u0026", "\\\"", "{0}", "'", "{", "}"];
    kotlin_string: "a.kt", ("val x = ", "\"", "\"", " + y\n"), ["\\u0026", "$perms", "${name}", "\\$", "\\\"", "'", "{", "}"];
    csharp_verbatim: "a.cs", ("var x = ", "$@\"", "\"", ";\n"), ["\"\"", "{perms}", "{{", "\\u0026", "'"];
    swift_string: "a.swift", ("let x = ", "\"", "\"", " + y\n"), ["\\u{26}", "\\(perms)", "\\\"", "'", "{", "}"];
    shell_double: "a.sh", ("echo ", "\"", "\"", "$PERMS\n"), ["$PERMS", "${PERMS}", "$(cat f)", "\\$", "\\\"", "'", "{", "}"];
    powershell_double: "a.ps1", ("$x = ", "\"", "\"", " + $y\n"), ["`u{26}", "`\"", "\"\"", "$perms", "$($p)", "$env:NAME", "'", "{", "}"];
}

/// Lints `src` as the file `name`: each finding's rule and span, and how many URLs were checked.
fn findings(name: &str, src: &str) -> (Vec<(&'static str, std::ops::Range<usize>)>, usize) {
    let kind = FileKind::from_path(std::path::Path::new(name));
    let lint = lint_source(src.as_bytes(), kind, &Config::default());
    let got = lint
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.span.clone()))
        .collect();
    (got, lint.urls_checked)
}

/// A template URL with one unknown key (`dnss`) and a space in its name, written the same in
/// every syntax's literal. The space is reported only when the URL is read as the literal it
/// is (outside one, whitespace ends a URL), so the finding on it tells that the lexer knew.
const BAD_URL: &str = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=My T";

/// Lints `head`, then any sequence of the syntax's `statements` (valid code holding quotes,
/// comments, escapes and interpolations, but no URL), then `open BAD_URL close tail`: whatever
/// code comes before the literal, the lexer still knows where it is, and the two findings are
/// on the same bytes of it.
fn code_before_keeps_the_literal(
    name: &str,
    (head, open, close, tail): (&str, &str, &str, &str),
    statements: &[&str],
) -> Result<(), TestCaseError> {
    let before = format!("{head}{}{open}", statements.concat());
    let src = format!("{before}{BAD_URL}{close}{tail}");
    let (got, urls) = findings(name, &src);
    let key = before.len() + BAD_URL.find("dnss").unwrap();
    let space = before.len() + BAD_URL.find(' ').unwrap();
    prop_assert_eq!(
        got,
        vec![
            ("unknown-key", key..key + 4),
            ("not-encoded", space..space + 1)
        ],
        "{}: {:?}",
        name,
        src
    );
    prop_assert_eq!(urls, 1, "{}: {:?}", name, src);
    Ok(())
}

/// One property per source syntax: its file name, the code around the literal (head, the
/// literal's opening and closing, tail) and statements that may come before it.
macro_rules! code_before_properties {
    ($($test:ident: $name:literal, $frame:expr, [$($statement:literal),* $(,)?];)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            $(
                #[test]
                fn $test(statements in prop::collection::vec(
                    prop::sample::select(&[$($statement),*][..]), 0..8)
                ) {
                    code_before_keeps_the_literal($name, $frame, &statements)?;
                }
            )*
        }
    };
}

code_before_properties! {
    code_before_javascript: "a.ts", ("", "const u = \"", "\";", "\n"), [
        "let a = 'it\\'s \"x\"';\n",
        "// don't \"quote\" `x`\n",
        "/* it's \" */\n",
        "let b = `a ${c + \"}\"} 'b' ${`${d}`}`;\n",
        "let r = /\"['`]/g;\n",
        "let s = a / b / c;\n",
        "let t = x.replace(/'/g, \"\\\"\");\n",
        "if (a) { f('}'); }\n",
        "let q = /`/;\n",
        "let n = a / 2; let m = '/';\n",
        "return x ? /\"/ : /'/;\n",
    ];
    code_before_vue: "a.vue", ("<template><p title=\"it's\">it's</p></template>\n<script>\n", "const u = '", "';", "\n</script>\n"), [
        "let a = \"it's\";\n",
        "// don't\n",
        "let b = `</div> ${'x'}`;\n",
    ];
    code_before_html_script: "a.html", ("<p title=\"it's\">don't</p>\n<script type=\"module\">\n", "const u = \"", "\";", "\n</script>\n<p>it's</p>\n"), [
        "let a = '<p>it\\'s</p>';\n",
        "// don't\n",
        "let r = /[\"']/g;\n",
    ];
    code_before_svelte: "a.svelte", ("<script>\n", "let u = `", "`;", "\n</script>\n<a href=\"x\">it's</a>\n"), [
        "let a = \"it's\";\n",
        "/* it's */\n",
        "let b = `${c('`')}`;\n",
    ];
    code_before_astro: "a.astro", ("---\n", "const u = '", "';", "\n---\n<p>it's</p>\n"), [
        "const a = \"it's\";\n",
        "// don't\n",
        "const b = x.replace(/'/g, '');\n",
    ];
    code_before_python: "a.py", ("", "u = \"", "\"", "\n"), [
        "a = 'it\"s'\n",
        "# don't \"quote\"\n",
        "b = \"\"\"it's\n\"x\" \"\"\"\n",
        "c = f\"{d['k']}\"\n",
        "e = b'\\x27'\n",
        "g = r'\\d'  # it's\n",
        "h = '''\"'''\n",
        "i = '''it's'''\n",
        "j = rb'\\''\n",
    ];
    code_before_ruby: "a.rb", ("", "u = \"", "\"", "\n"), [
        "a = 'it\\'s'\n",
        "# don't \"quote\"\n",
        "b = \"#{c[\"k\"]} it's\"\n",
        "d = <<~EOS\n  it's \"x\"\nEOS\n",
        "e = %q(it's \"x\")\n",
        "f = %w[it's]\n",
        "g = ?'\n",
        "h = x ? 'a' : 'b'\n",
    ];
    code_before_php: "a.php", ("<p>it's</p>\n<?php\n", "$u = \"", "\";", "\n?>\n"), [
        "$a = 'it\\'s \"x\"';\n",
        "// don't\n",
        "# don't\n",
        "/* ?> it's */\n",
        "$b = \"{$c['k']} ?> it's\";\n",
        "$d = <<<EOT\nit's \"x\"\nEOT;\n",
        "$e = <<<'EOT'\nit's ?>\nEOT;\n",
    ];
    code_before_go: "a.go", ("package a\n", "var u = \"", "\"", "\n"), [
        "var a = '\"'\n",
        "var b = `raw \"it's\"`\n",
        "// don't\n",
        "var c = '\\''\n",
        "/* it's */\n",
        "var d = '\\u0027'\n",
    ];
    code_before_rust: "a.rs", ("", "const U: &str = \"", "\";", "\n"), [
        "const A: char = '\"';\n",
        "const B: &'static str = \"it's\";\n",
        "// don't\n",
        "const C: &str = r#\"it's \"x\"\"#;\n",
        "const D: u8 = b'\\'';\n",
        "fn f<'a>(x: &'a str) -> &'a str { x }\n",
        "/* it's */\n",
        "/* a /* it's \" */ b's \" */\n",
        "const E: &str = r##\"it's \"# x\"##;\n",
        "const F: &[u8] = br\"\\\";\n",
    ];
    code_before_java: "A.java", ("class A {\n", "String u = \"", "\";", "\n}\n"), [
        "char a = '\"';\n",
        "String b = \"it's\";\n",
        "// don't\n",
        "String c = \"\"\"\n  it's \"x\"\n  \"\"\";\n",
        "char d = '\\'';\n",
    ];
    code_before_kotlin: "a.kt", ("", "val u = \"", "\"", "\n"), [
        "val a = '\"'\n",
        "val b = \"${c[\"k\"]} it's\"\n",
        "val d = \"\"\"it's \"x\" \"\"\"\n",
        "// don't\n",
        "/* a /* it's \" */ b's \" */\n",
        "val e = '\\''\n",
    ];
    code_before_csharp: "a.cs", ("", "var u = \"", "\";", "\n"), [
        "var a = '\"';\n",
        "var b = @\"it\"\"s\";\n",
        "var c = $\"{d[\"k\"]} it's\";\n",
        "var e = \"\"\"\n  it's \"x\"\n  \"\"\";\n",
        "// don't\n",
        "var f = $@\"{g} it''s\"\"\";\n",
        "var h = \"\"\"\"it's\"\"\" x\"\"\"\";\n",
    ];
    code_before_swift: "a.swift", ("", "let u = \"", "\"", "\n"), [
        "let a = \"it's \\(b[\"k\"]!)\"\n",
        "let c = \"\"\"\nit's \"x\"\n\"\"\"\n",
        "// don't\n",
        "/* it's */\n",
        "/* a /* it's \" */ b's \" */\n",
        "let e = #\"it's \\\"#\n",
    ];
    code_before_shell: "a.sh", ("", "u=\"", "\"", "\n"), [
        "a='it\"s'\n",
        "# don't\n",
        "b=\"$(echo \"x\")\"\n",
        "cat <<EOF\nit's\nEOF\n",
        "echo it\\'s\n",
        "c=$'it\\'s'\n",
        "d=`echo \"it's\"`\n",
        "case $x in a) echo 'b';; esac\n",
        "cat <<'EOF'\nit\"s\nEOF\n",
    ];
    code_before_powershell: "a.ps1", ("", "$u = \"", "\"", "\n"), [
        "$a = 'it''s'\n",
        "# don't\n",
        "<# it's #>\n",
        "$b = \"it`\"s\"\n",
        "$c = @'\nit's\n'@\n",
    ];
}

/// Where the pieces of a joined URL may be cut: after the host and the token form's first
/// path segment, which the search for links starts from and so must find in one literal.
const JOINABLE_FROM: usize = "https://dash.cloudflare.com/profile/".len();

/// `BAD_URL` cut at `cuts` into literals joined by `join` (`' + '`, Python's line break
/// between literals): the URL is read through all of them, and each finding lands on the
/// bytes of the key and the space wherever the cuts fall (a key cut in two spans the join).
fn joined_pieces_read_as_one_url(
    name: &str,
    (head, open, join, close, tail): (&str, &str, &str, &str, &str),
    mut cuts: Vec<usize>,
) -> Result<(), TestCaseError> {
    cuts.sort_unstable();
    cuts.dedup();
    let mut src = format!("{head}{open}");
    // Where each byte of BAD_URL lands in `src`.
    let mut at = Vec::with_capacity(BAD_URL.len());
    for (i, c) in BAD_URL.char_indices() {
        if i > 0 && cuts.contains(&i) {
            src.push_str(join);
        }
        at.push(src.len());
        src.push(c);
    }
    src.push_str(close);
    src.push_str(tail);
    let (got, urls) = findings(name, &src);
    let key = BAD_URL.find("dnss").unwrap();
    let space = BAD_URL.find(' ').unwrap();
    prop_assert_eq!(
        got,
        vec![
            ("unknown-key", at[key]..at[key + 3] + 1),
            ("not-encoded", at[space]..at[space] + 1)
        ],
        "{}: {:?}",
        name,
        src
    );
    prop_assert_eq!(urls, 1, "{}: {:?}", name, src);
    Ok(())
}

/// One property per way of joining literals: the file name and the code around the pieces
/// (head, opening, what joins two pieces, closing, tail).
macro_rules! joined_pieces_properties {
    ($($test:ident: $name:literal, $frame:expr;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1024))]
            $(
                #[test]
                fn $test(cuts in prop::collection::vec(JOINABLE_FROM..BAD_URL.len(), 0..6)) {
                    joined_pieces_read_as_one_url($name, $frame, cuts)?;
                }
            )*
        }
    };
}

joined_pieces_properties! {
    joined_javascript: "a.ts", ("export const u = ", "'", "'\n  + '", "'", ";\n");
    joined_java: "A.java", ("String u = ", "\"", "\" + \"", "\"", ";\n");
    joined_swift: "a.swift", ("let u = URL(string: ", "\"", "\"\n    + \"", "\"", ")!\n");
    joined_python: "a.py", ("U = (\n    ", "\"", "\"\n    \"", "\"", "\n)\n");
    joined_php: "a.php", ("<?php $u = ", "'", "' . '", "'", ";\n");
    joined_shell: "a.sh", ("u=", "\"", "\"\"", "\"", "\n");
}

/// Any sequence of `blocks` (valid Markdown: fences, code spans, comments, tables, HTML, with
/// no URL), then `[link](URL)` with one unknown key: whatever came before, the one finding is
/// on the key's bytes.
fn markdown_before_keeps_the_link(name: &str, blocks: &[&str]) -> Result<(), TestCaseError> {
    let url = BAD_URL.replace(' ', "%20");
    let before = format!("{}[the form](", blocks.concat());
    let src = format!("{before}{url})\n");
    let (got, urls) = findings(name, &src);
    let key = before.len() + url.find("dnss").unwrap();
    prop_assert_eq!(
        got,
        vec![("unknown-key", key..key + 4)],
        "{}: {:?}",
        name,
        src
    );
    prop_assert_eq!(urls, 1, "{}: {:?}", name, src);
    Ok(())
}

const MARKDOWN_BLOCKS: &[&str] = &[
    "```js\nlet a = '`';\n```\n\n",
    "~~~\n```\n~~~\n\n",
    "````md\n```\n````\n\n",
    "Some `code with ``` in it` and ``a ` b``.\n\n",
    "<!-- [x]( and ` -->\n\n",
    "| a | `\\|` |\n|---|---|\n| [b](c) | d |\n\n",
    "> quoted `x`\n\n",
    "* it's *emphasis* and _more_\n\n",
    "<div title=\"it's\">\n\n</div>\n\n",
    "\\`not code\\` [not a link\\](x)\n\n",
    "    indented code (\n\n",
    "[ref]: https://example.com/it's\n\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn markdown_before_a_link(blocks in prop::collection::vec(prop::sample::select(MARKDOWN_BLOCKS), 0..8)) {
        markdown_before_keeps_the_link("a.md", &blocks)?;
        markdown_before_keeps_the_link("a.mdx", &blocks)?;
    }
}
