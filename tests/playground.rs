//! The playground in a real browser: `scripts/playground.sh` builds `dist/playground/`, a
//! server on 127.0.0.1 serves it, and headless Chromium loads it (`--dump-dom` after a
//! virtual time budget, so the WebAssembly has run). The checks read the DOM the page built:
//! rule ids, the bytes each diagnostic points at, the permissions table and the fixed URL.
//! A screenshot goes to `target/playground/screenshot.png` (the README's picture).
//!
//! Needs Chromium (`chromium-headless-shell` or `chromium`), the wasm32-unknown-unknown target
//! and the wasm-bindgen CLI; `.ci/install-editor-tools.sh` installs them in CI. Without one,
//! each test says what is missing (`common::skip`) and passes without checking; CI fails on it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> Option<&'static str> {
    ["chromium-headless-shell", "chromium"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Why the playground cannot be built here, if it cannot.
fn missing_tool() -> Option<String> {
    let libdir = Command::new("rustc")
        .args([
            "--print",
            "target-libdir",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if !libdir.is_some_and(|d| d.read_dir().is_ok_and(|mut r| r.next().is_some())) {
        return Some(
            "the wasm32-unknown-unknown target is not installed (rustup target add wasm32-unknown-unknown)"
                .into(),
        );
    }
    if chromium().is_none() {
        return Some("no Chromium (apt-get install chromium-headless-shell)".into());
    }
    None
}

struct Site {
    base: String,
}

/// Builds the site once and serves it for every test of this file.
fn site() -> Result<&'static Site, String> {
    static SITE: OnceLock<Result<Site, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        if let Some(why) = missing_tool() {
            return Err(why);
        }
        let out = root().join("target").join("playground").join("site");
        let build = Command::new("bash")
            .arg(root().join("scripts/playground.sh"))
            .env("OUT", &out)
            .current_dir(root())
            .output()
            .expect("run scripts/playground.sh");
        let stderr = String::from_utf8_lossy(&build.stderr);
        if stderr.contains("no wasm-bindgen CLI") {
            return Err(stderr.trim().to_string());
        }
        assert!(
            build.status.success(),
            "scripts/playground.sh failed:\n{stderr}"
        );
        for file in [
            "index.html",
            "rules.html",
            "app.js",
            "cf_token_lint_wasm.js",
            "cf_token_lint_wasm_bg.wasm",
        ] {
            assert!(out.join(file).is_file(), "the build has no {file}");
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || serve(listener, &out));
        Ok(Site { base })
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// A static file server: enough HTTP for a browser to load the page (GET, one request per
/// connection, the types the page needs; WebAssembly must come as application/wasm).
fn serve(listener: TcpListener, dir: &Path) {
    for stream in listener.incoming().flatten() {
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            let mut stream = stream;
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                return;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                    break;
                }
            }
            let path = request.split(' ').nth(1).unwrap_or("/");
            let path = path.split(['?', '#']).next().unwrap_or("/");
            let name = match path.trim_start_matches('/') {
                "" => "index.html",
                p => p,
            };
            let file = (!name.contains("..")).then(|| dir.join(name));
            let (status, body, kind) =
                match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                    Some((f, body)) => {
                        let kind = match f.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("css") => "text/css; charset=utf-8",
                            Some("wasm") => "application/wasm",
                            _ => "application/octet-stream",
                        };
                        ("200 OK", body, kind)
                    }
                    None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        });
    }
}

fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=15000",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// The DOM of `page` (a path and fragment) once its scripts have run.
fn dom(page: &str) -> Option<String> {
    let site = match site() {
        Ok(site) => site,
        Err(why) => {
            common::skip(format_args!("the playground browser test: {why}"));
            return None;
        }
    };
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium().unwrap())
        .args(chromium_args(profile.path()))
        .arg("--dump-dom")
        .arg(format!("{}/{page}", site.base))
        .output()
        .expect("run chromium");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        html.contains("data-ready=\"true\""),
        "the page did not start the linter:\n{html}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(html)
}

/// Percent-encodes for a `#url=` fragment, as `encodeURIComponent` does.
fn component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn entry(key: &str, ty: &str) -> String {
    format!("%7B%22key%22%3A%22{key}%22%2C%22type%22%3A%22{ty}%22%7D")
}

/// The `<li>` elements of the diagnostics, as (rule, the bytes it points at).
fn diagnostics(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in html.split("<li class=\"diag ").skip(1) {
        let attr = |name: &str| {
            let marker = format!("{name}=\"");
            let start = chunk.find(&marker)? + marker.len();
            Some(chunk[start..start + chunk[start..].find('"')?].to_string())
        };
        out.push((
            attr("data-rule").unwrap(),
            attr("data-text").unwrap_or_default(),
        ));
    }
    out
}

#[test]
fn a_broken_user_token_link_shows_its_findings_table_and_fix() {
    let url = format!(
        "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B{}%2C{}%5D&accountId=*&name=DNS%20updater",
        entry("dnss", "write"),
        entry("zone", "read")
    );
    let Some(html) = dom(&format!("index.html#url={}", component(&url))) else {
        return;
    };
    let found = diagnostics(&html);
    for expected in [("unknown-key", "dnss"), ("bad-type", "write")] {
        assert!(
            found
                .iter()
                .any(|(r, t)| r == expected.0 && t == expected.1),
            "no {expected:?} in {found:?}"
        );
    }
    assert!(
        found.iter().any(|(r, _)| r == "missing-scope-param"),
        "{found:?}"
    );
    // The bytes are highlighted inside the URL, and each rule links to its page.
    assert!(
        html.contains("<mark title=\"not a known key\">dnss</mark>")
            || html.contains(">dnss</mark>"),
        "{html}"
    );
    assert!(html.contains("href=\"rules.html#unknown-key\""));
    // The table: the unknown key, and the known one with its group and evidence.
    assert!(html.contains("data-kind=\"user\""));
    assert!(
        html.contains("<tr data-key=\"dnss\" data-type=\"write\">"),
        "{html}"
    );
    assert!(html.contains("<tr data-key=\"zone\" data-type=\"read\">"));
    assert!(html.contains("Zone Read"));
    assert!(html.contains("data-evidence=\"documented\""));
    // The URL as --fix writes it: `write` becomes `edit`; `dnss` stays, since the key it
    // resembles is a suggestion that --fix does not apply.
    let fixed = html
        .split("class=\"url-text fixed-url\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("a fixed URL");
    assert!(fixed.contains(&entry("dnss", "edit")), "{fixed}");
    assert!(fixed.contains(&entry("zone", "read")), "{fixed}");
}

#[test]
fn a_good_account_token_link_has_no_findings() {
    let url = format!(
        "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B{}%5D&name=DNS%20edit",
        entry("dns", "edit")
    );
    let Some(html) = dom(&format!("index.html#url={}", component(&url))) else {
        return;
    };
    assert_eq!(diagnostics(&html), vec![]);
    assert!(html.contains("data-kind=\"account\""));
    assert!(html.contains("<tr data-key=\"dns\" data-type=\"edit\">"));
    assert!(html.contains("DNS Write"));
    assert!(!html.contains("fixed-url"), "nothing to fix");
    assert!(html.contains("<a class=\"open\" href=\"https://dash.cloudflare.com/?to=/:account/api-tokens&amp;permissionGroupKeys="));
}

#[test]
fn an_over_broad_link_is_reported() {
    let url = format!(
        "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B{}%5D&name=CI",
        entry("account_api_tokens", "edit")
    );
    let Some(html) = dom(&format!("index.html#url={}", component(&url))) else {
        return;
    };
    let found = diagnostics(&html);
    assert!(
        found.iter().any(|(r, t)| r == "over-broad" && t == "edit"),
        "{found:?}"
    );
    assert!(html.contains("⚠ high"));
}

#[test]
fn a_look_alike_host_is_flagged_and_not_linked() {
    let url = format!(
        "https://dash.cloudflare.com.evil.example/profile/api-tokens?permissionGroupKeys=%5B{}%5D&accountId=*&zoneId=all&name=DNS",
        entry("dns", "edit")
    );
    let Some(html) = dom(&format!("index.html#url={}", component(&url))) else {
        return;
    };
    let found = diagnostics(&html);
    assert!(
        found.iter().any(|(r, _)| r == "suspicious-host"),
        "{found:?}"
    );
    assert!(
        !html.contains("class=\"open\""),
        "a look-alike link is offered: {html}"
    );
    assert!(html.contains("class=\"no-open\""));
}

#[test]
fn a_document_is_read_in_its_syntax() {
    // HTML: `&amp;` between parameters, the key misspelt and the type `write` (which --fix
    // mends; the key is only a suggestion).
    let doc = format!(
        "<p><a href=\"https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B{}%5D&amp;accountId=*&amp;zoneId=all&amp;name=Deploy\">token</a></p>\n",
        entry("workers_scriptz", "write")
    );
    let Some(html) = dom(&format!("index.html#text={}&syntax=html", component(&doc))) else {
        return;
    };
    let found = diagnostics(&html);
    assert!(
        found
            .iter()
            .any(|(r, t)| r == "unknown-key" && t == "workers_scriptz"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(r, _)| r == "stray-param"),
        "&amp; was undone: {found:?}"
    );
    assert!(html.contains("read as html"));
    assert!(
        html.contains("class=\"fixed-document\""),
        "the whole document, fixed"
    );
}

#[test]
fn a_pasted_javascript_snippet_is_guessed_and_read_as_javascript() {
    // `\u0026` joins the parameters, as a JS string may write `&`: read as JavaScript it is
    // undone and the scope parameters are found; read as Markdown it would not be.
    let snippet = format!(
        "import open from \"open\";\n\nconst url = \"https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B{}%5D\\u0026accountId=*\\u0026zoneId=all\\u0026name=Deploy\";\nawait open(url);\n",
        entry("workers_scriptz", "edit")
    );
    // No `syntax=`: the page guesses it.
    let Some(html) = dom(&format!("index.html#text={}", component(&snippet))) else {
        return;
    };
    assert_eq!(
        diagnostics(&html),
        vec![("unknown-key".to_string(), "workers_scriptz".to_string())]
    );
    assert!(html.contains("read as javascript"), "{html}");
    assert!(
        html.contains("<option value=\"auto\">guess: JavaScript / TypeScript</option>"),
        "the list says what was guessed: {html}"
    );
    assert!(html.contains("<tr data-key=\"workers_scriptz\" data-type=\"edit\">"));
}

#[test]
fn rule_pages_are_linked_and_rendered() {
    let Some(html) = dom("rules.html#unknown-key") else {
        return;
    };
    for rule in cf_token_lint::rules::descriptors() {
        assert!(
            html.contains(&format!("<section class=\"rule-page\" id=\"{}\">", rule.id)),
            "no page for {}",
            rule.id
        );
    }
}

#[test]
fn screenshot_for_the_readme() {
    let Ok(site) = site() else {
        eprintln!(
            "skipping the playground screenshot: {}",
            site().err().unwrap()
        );
        return;
    };
    let url = format!(
        "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B{}%2C{}%5D&accountId=*&name=DNS%20updater",
        entry("dnss", "write"),
        entry("zone", "read")
    );
    let dir = root().join("target").join("playground");
    for (name, size) in [
        ("screenshot.png", "1100,1500"),
        ("screenshot-phone.png", "390,1600"),
    ] {
        let shot = dir.join(name);
        let _ = std::fs::remove_file(&shot);
        let profile = tempfile::tempdir().unwrap();
        let status = Command::new(chromium().unwrap())
            .args(chromium_args(profile.path()))
            .arg(format!("--window-size={size}"))
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("{}/index.html#url={}", site.base, component(&url)))
            .output()
            .expect("run chromium")
            .status;
        assert!(status.success());
        let png = std::fs::read(&shot).expect("a screenshot");
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 20_000,
            "{name}: {} bytes",
            png.len()
        );
    }
}
