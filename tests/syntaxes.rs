//! Source-code syntaxes (`fixtures/source/`): bad keys and types behind each language's
//! escapes, placeholders, fragments, comments and suppressions fire exactly the expected
//! findings on exactly the expected bytes; `--fix` writes in each literal's own escaping; the
//! walk reads these files by default.

mod common;

use cf_token_lint::config::Config;
use cf_token_lint::syntax::FileKind;
use cf_token_lint::{lint, lint_source, FileLint};
use common::{cmd, json_report, repo};

type Row = (
    &'static str,
    u64,
    u64,
    &'static str,
    &'static str,
    &'static str,
);

/// (file, line, column, rule, severity, the source text under the span; `<url>` for a span
/// over the whole URL).
const EXPECTED: &[Row] = &[
    ("Banner.tsx", 7, 105, "unknown-key", "error", "analyticz"),
    (
        "Link.svelte",
        4,
        111,
        "unknown-key",
        "error",
        "workers_scritps",
    ),
    ("Link.svelte", 8, 104, "unknown-key", "error", "zone_dns"),
    ("Link.vue", 3, 106, "unknown-key", "error", "dnss"),
    ("Link.vue", 9, 130, "bad-type", "error", "write"),
    // A file without an extension, read by its name as shell.
    ("Makefile", 3, 103, "unknown-key", "error", "zone_dns"),
    ("Token.astro", 5, 127, "bad-type", "error", "write"),
    ("Token.astro", 8, 104, "unknown-key", "error", "dnss"),
    ("TokenLinks.cs", 5, 113, "unknown-key", "error", "dnss"),
    ("TokenLinks.cs", 6, 150, "bad-type", "warning", "write"),
    // A quote inside a verbatim string is written `""`: the span covers both.
    ("TokenLinks.cs", 6, 170, "not-encoded", "warning", "\"\""),
    ("TokenLinks.java", 4, 124, "unknown-key", "error", "dnss"),
    ("TokenLinks.java", 9, 141, "bad-type", "warning", "write"),
    ("TokenLinks.kt", 3, 129, "bad-type", "error", "write"),
    ("TokenLinks.kt", 5, 108, "unknown-key", "error", "dnss"),
    ("TokenLinks.swift", 3, 128, "bad-type", "error", "write"),
    (
        "TokenLinks.swift",
        5,
        107,
        "unknown-key",
        "error",
        "zone_dns",
    ),
    ("deploy.js", 3, 112, "unknown-key", "error", "dnss"),
    ("deploy.js", 4, 133, "bad-type", "error", "write"),
    ("deploy.js", 5, 117, "unknown-key", "error", "workers_kv"),
    // The key comes from `${service}`: only the type is judged.
    ("deploy.js", 7, 144, "bad-type", "error", "edi"),
    // A literal cut mid-JSON and joined to code: its key is checked, its missing type is not.
    ("deploy.js", 9, 106, "unknown-key", "error", "zone_dns"),
    ("deploy.js", 11, 128, "unknown-key", "error", "cache_purge"),
    (
        "deploy.js",
        14,
        37,
        "unused-suppression",
        "warning",
        "unknown-key",
    ),
    ("install.ps1", 3, 127, "bad-type", "error", "write"),
    ("install.ps1", 8, 108, "unknown-key", "error", "dnss"),
    ("install.sh", 5, 108, "unknown-key", "error", "dnss"),
    ("install.sh", 6, 121, "bad-type", "error", "write"),
    ("install.sh", 9, 105, "unknown-key", "error", "workers_kv"),
    ("setup.py", 3, 117, "unknown-key", "error", "workers_kv"),
    ("setup.py", 7, 100, "unknown-key", "error", "dnss"),
    ("setup.py", 8, 128, "bad-type", "warning", "write"),
    ("setup.py", 8, 151, "not-encoded", "warning", "\\"),
    // Adjacent literals make one string: the URL runs through all three, so its key is
    // judged, and the name it lacks is missed.
    ("setup.py", 13, 6, "missing-name", "note", "<url>"),
    ("setup.py", 14, 27, "unknown-key", "error", "zone_dns"),
    ("token.go", 5, 106, "unknown-key", "error", "dnss"),
    // A raw string does not undo `\u0026`: the backslash is in the URL.
    ("token.go", 6, 14, "missing-name", "note", "<url>"),
    (
        "token.go",
        6,
        147,
        "malformed-url",
        "error",
        "\\u0026name=Raw",
    ),
    ("token.go", 6, 147, "not-encoded", "warning", "\\"),
    ("token.php", 1, 112, "unknown-key", "error", "dnss"),
    ("token.php", 5, 122, "bad-type", "error", "write"),
    ("token.rb", 3, 121, "bad-type", "error", "write"),
    // Nor does a single-quoted Ruby string undo `\x26`.
    ("token.rb", 4, 11, "missing-name", "note", "<url>"),
    (
        "token.rb",
        4,
        144,
        "malformed-url",
        "error",
        "\\x26name=DNS",
    ),
    ("token.rb", 4, 144, "not-encoded", "warning", "\\"),
    ("token.rb", 8, 117, "unknown-key", "error", "cache_purge"),
    ("token.rs", 4, 111, "unknown-key", "error", "dnss"),
    ("token.rs", 5, 95, "not-encoded", "warning", "[{\""),
    ("token.rs", 5, 117, "bad-type", "warning", "write"),
    ("token.rs", 15, 130, "unknown-key", "error", "workers_kv"),
];

#[test]
fn source_fixtures_fire_on_the_exact_bytes() {
    let (report, code) = json_report(&["fixtures/source"]);
    assert_eq!(code, 1);
    let got: Vec<(String, u64, u64, String, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let src = std::fs::read(repo().join(path)).unwrap();
            let span = d["byte_start"].as_u64().unwrap() as usize
                ..d["byte_end"].as_u64().unwrap() as usize;
            let text = String::from_utf8_lossy(&src[span]).into_owned();
            (
                path.rsplit('/').next().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                if text.len() > 60 {
                    "<url>".into()
                } else {
                    text
                },
            )
        })
        .collect();
    let expected: Vec<_> = EXPECTED
        .iter()
        .map(|&(f, l, c, r, s, t)| (f.into(), l, c, r.into(), s.into(), t.into()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(report["summary"]["urls_checked"], 97);
    assert_eq!(report["summary"]["files_scanned"], 17);
}

#[test]
fn every_source_syntax_has_a_fixture() {
    let names: Vec<String> = std::fs::read_dir(repo().join("fixtures/source"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| FileKind::from_path(&p).name().to_string())
        .collect();
    for kind in cf_token_lint::syntax::ALL {
        let reading = kind.syntax().reading;
        let code = !matches!(reading, cf_token_lint::syntax::Reading::Docs);
        if code && *kind != FileKind::Html {
            assert!(
                names.iter().any(|n| n == kind.name()),
                "no fixture for {}",
                kind.name()
            );
        }
    }
}

/// The fixed text of a fixture, with plain `--fix`.
fn fixed(name: &str) -> String {
    let path = repo().join("fixtures/source").join(name);
    let src = std::fs::read(&path).unwrap();
    let out = lint::fix_source(&src, FileKind::from_path(&path), &Config::default(), false);
    let again = lint::fix_source(
        &out.source,
        FileKind::from_path(&path),
        &Config::default(),
        false,
    );
    assert_eq!(again.applied, 0, "{name}: a second --fix changed more");
    String::from_utf8(out.source).unwrap()
}

#[test]
fn fix_writes_in_each_literals_own_escaping() {
    let js = fixed("deploy.js");
    assert!(js.contains(
        "%22dns%22%2C%22type%22%3A%22edit%22%7D%5D\\x26accountId=*\\x26zoneId=all\\x26name=DNS'"
    ));
    assert!(js.contains("https:\\/\\/dash.cloudflare.com\\/?to=\\/:account\\/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22workers_kv_storage%22"));
    let kt = fixed("TokenLinks.kt");
    assert!(kt.contains("%22edit%22%7D%5D\\u0026accountId=*\\u0026zoneId=all&name=DNS\""));
    let swift = fixed("TokenLinks.swift");
    assert!(swift.contains("%22edit%22%7D%5D\\u{26}accountId=*\\u{26}zoneId=all&name=DNS\""));
    let ps = fixed("install.ps1");
    assert!(ps.contains("%22edit%22%7D%5D`u{26}accountId=*`u{26}zoneId=all&name=DNS\""));
    // A quote in a verbatim string is encoded, and the string stays valid C#.
    let cs = fixed("TokenLinks.cs");
    assert!(cs.contains("&name=%22Verbatim%22\";"));
    // Interpolations are never rewritten.
    assert!(js.contains("%22${service}%22%2C%22type%22%3A%22edit%22"));
}

/// Each finding's rule, severity and the text under its span.
fn rules_on_text<'a>(lint: &FileLint, text: &'a str) -> Vec<(&'static str, String, &'a str)> {
    lint.diagnostics
        .iter()
        .map(|d| (d.rule, d.severity.to_string(), &text[d.span.clone()]))
        .collect()
}

/// Each source syntax, with a literal holding a placeholder and a fragment joined to code:
/// no finding at all, and certainly no error.
#[test]
fn placeholders_and_fragments_give_no_finding() {
    let u = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=";
    let cases: &[(&str, String)] = &[
        ("a.js", format!("x = `{u}${{p}}&accountId=${{a}}&zoneId=all&name=${{n}}`;\ny = \"{u}\" + p;\nz = '{u}%5B%7B%22key%22%3A%22' + k + '%22%7D%5D';")),
        ("a.py", format!("x = f\"{u}{{p}}&accountId={{a}}&zoneId=all&name={{n}}\"\ny = \"{u}%s&accountId=*&zoneId=all&name=%s\" % (p, n)\nz = \"{u}\" + p")),
        ("a.rb", format!("x = \"{u}#{{p}}&accountId=*&zoneId=all&name=#{{n}}\"\ny = '{u}' + p")),
        ("a.php", format!("<?php $x = \"{u}$p&accountId=*&zoneId=all&name={{$n}}\"; $y = '{u}' . $p;")),
        ("a.go", format!("x := fmt.Sprintf(\"{u}%s&accountId=*&zoneId=all&name=%s\", p, n)\ny := \"{u}\" + p")),
        ("a.rs", format!("let x = format!(\"{u}{{}}&accountId=*&zoneId=all&name={{name}}\", p);\nlet y = String::from(\"{u}\") + p;")),
        ("a.java", format!("x = String.format(\"{u}%s&accountId=*&zoneId=all&name=%s\", p, n);\ny = \"{u}\" + p;")),
        ("a.kt", format!("val x = \"{u}$p&accountId=*&zoneId=all&name=${{n}}\"\nval y = \"{u}\" + p")),
        ("a.cs", format!("var x = $\"{u}{{p}}&accountId=*&zoneId=all&name={{n}}\";\nvar y = \"{u}\" + p;")),
        ("a.swift", format!("let x = \"{u}\\(p)&accountId=*&zoneId=all&name=\\(n)\"\nlet y = \"{u}\" + p")),
        ("a.sh", format!("x=\"{u}${{P}}&accountId=*&zoneId=all&name=$N\"\ny=\"{u}\"$P\"&accountId=*&zoneId=all\"")),
        ("a.ps1", format!("$x = \"{u}$($p)&accountId=*&zoneId=all&name=$n\"\n$y = \"{u}\" + $p")),
        ("a.vue", format!("<script>\nconst x = `{u}${{p}}&accountId=*&zoneId=all&name=${{n}}`;\nconst y = \"{u}\" + p;\n</script>")),
    ];
    for (name, text) in cases {
        let kind = FileKind::from_path(std::path::Path::new(name));
        let lint = lint_source(text.as_bytes(), kind, &Config::default());
        assert!(lint.urls_checked >= 2, "{name}: {}", lint.urls_checked);
        assert!(
            lint.diagnostics.is_empty(),
            "{name}: {:?}",
            lint.diagnostics
        );
    }
}

/// Literals joined to literals make one string (`'...' + '...'`, Python's adjacent literals,
/// PHP's `.`, a shell word of quoted pieces): the URL runs through them all, so a key in a
/// later piece is judged on its own bytes, and a piece joined to code still makes a fragment.
#[test]
fn joined_literals_read_as_one_url() {
    let base = "https://dash.cloudflare.com/profile/api-tokens";
    let perms = "permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22edit%22%7D%5D";
    let tail = "&accountId=*&zoneId=all&name=DNS";
    let cases: &[(&str, String)] = &[
        (
            "a.ts",
            format!("export const U = '{base}'\n  + '?{perms}'\n  + '{tail}';\n"),
        ),
        (
            "a.js",
            format!(
                "const U =\n  '{base}?permissionGroupKeys=' +\n  '{}' +\n  '{tail}';\n",
                &perms[20..]
            ),
        ),
        (
            "a.swift",
            format!("let u = URL(string: \"{base}?\"\n    + \"{perms}\" + \"{tail}\")!\n"),
        ),
        (
            "a.py",
            format!("U = (\n    \"{base}?\"\n    \"{perms}\"\n    \"{tail}\"\n)\n"),
        ),
        (
            "a.php",
            format!("<?php $u = '{base}?' . \"{perms}\" . '{tail}';\n"),
        ),
        ("a.sh", format!("u=\"{base}?\"'{perms}'\"{tail}\"\n")),
        (
            "a.java",
            format!("String u = \"{base}?\" + \"{perms}\" + \"{tail}\";\n"),
        ),
        // The last piece is joined to code: what the pieces state is still judged.
        ("b.ts", format!("const u = '{base}?' + '{perms}' + rest;\n")),
        // A piece that adds nothing to the URL (a line break) leaves it whole.
        (
            "c.ts",
            format!("console.log('{base}?{perms}{tail}' + '\\n');\n"),
        ),
        // Literals on lines of their own outside brackets are statements, not one string:
        // the constant's docstring is not read into its name.
        (
            "d.py",
            format!("U = \"{base}?{perms}{tail}\"\n\"\"\"The DNS token's link.\"\"\"\n"),
        ),
        (
            "d.rb",
            format!("U = \"{base}?{perms}\" \\\n  \"{tail}\"\n\"The DNS token's link.\"\n"),
        ),
    ];
    for (name, text) in cases {
        let kind = FileKind::from_path(std::path::Path::new(name));
        let lint = lint_source(text.as_bytes(), kind, &Config::default());
        assert_eq!(lint.urls_checked, 1, "{name}: {text}");
        assert_eq!(
            rules_on_text(&lint, text),
            vec![("unknown-key", "error".to_string(), "dnss")],
            "{name}: {text}"
        );
    }
}

/// A template literal laid out over lines by a formatter, `${encodeURIComponent(` on the URL's
/// line and the JSON it encodes below: the interpolation is one placeholder, and the URL goes
/// on after it to the closing backtick, so what follows it is still checked (the `zoneId`
/// here) and nothing is reported for the cut the line break is not.
#[test]
fn an_interpolation_laid_out_over_lines_keeps_the_url_whole() {
    let u = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=";
    let tail = "&accountId=*&zoneId=*&name=${encodeURIComponent(\"DNS {sync}\")}`;";
    let cases: &[(&str, String)] = &[
        ("a.ts", format!("export const URL = `{u}${{encodeURIComponent(\n  JSON.stringify([\n    {{ key: \"dns\", type: \"edit\" }},\n  ]),\n)}}{tail}\n")),
        ("a.vue", format!("<script setup>\nconst url = `{u}${{encodeURIComponent(\n  JSON.stringify(perms.map((p) => ({{ key: p.key, type: \"}}\" }}))),\n)}}{tail}\n</script>\n")),
    ];
    for (name, text) in cases {
        let kind = FileKind::from_path(std::path::Path::new(name));
        let lint = lint_source(text.as_bytes(), kind, &Config::default());
        assert_eq!(lint.urls_checked, 1, "{name}");
        let got = rules_on_text(&lint, text);
        assert_eq!(
            got,
            vec![("bad-scope-value", "warning".to_string(), "*")],
            "{name}"
        );
        let at = text.find("zoneId=*").unwrap() + "zoneId=".len();
        assert_eq!(lint.diagnostics[0].span, at..at + 1, "{name}");
        let url = lint.diagnostics[0].url.clone().unwrap();
        assert_eq!(
            &text[url.end - 2..url.end],
            ")}",
            "{name}: the URL ends at the backtick"
        );
    }
}

/// PHP's code ends at a `?>` outside its strings and block comments only: a `"?>"` in a
/// string leaves the URL after it in that string (read as PHP, on the literal's bytes), and
/// the link after the real `?>` is read as HTML.
#[test]
fn php_code_runs_past_a_closer_inside_a_string() {
    let u =
        "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22";
    let tail = "%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all";
    let text = format!(
        "<?php /* ?> */ $x = \"?><{u}dnss{tail}\\x26name=A\" . $y; // {u}d1{tail}&name=C\n?>\n<a href=\"{u}zone_dns{tail}&amp;name=B\">b</a>\n"
    );
    let lint = lint_source(text.as_bytes(), FileKind::Php, &Config::default());
    assert_eq!(lint.urls_checked, 3);
    let got = rules_on_text(&lint, &text);
    assert_eq!(
        got,
        vec![
            ("unknown-key", "error".to_string(), "dnss"),
            ("unknown-key", "error".to_string(), "zone_dns"),
        ]
    );
    let first = lint.diagnostics[0].url.clone().unwrap();
    assert!(text[..first.end].ends_with("\\x26name=A"), "{text}");
}

#[test]
fn the_walk_reads_source_files_and_show_files_lists_them() {
    let out = cmd()
        .args(["check", "--show-files", "fixtures/source"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let listed = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 17, "{listed}");
    assert!(lines.contains(&"fixtures/source/deploy.js"));
    assert!(lines.contains(&"fixtures/source/Makefile"));
    assert!(lines.contains(&"fixtures/source/install.ps1"));
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}
