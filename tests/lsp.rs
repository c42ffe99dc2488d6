//! The language server, driven over standard I/O by a scripted client (initialize, didOpen,
//! didChange, hover, codeAction, shutdown), and by headless Neovim's own LSP client when
//! Neovim is installed (`.ci/run` installs Debian's package).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// A line with non-ASCII text before the URL, so UTF-16 columns differ from bytes and chars.
const PAGE: &str = "# Ünïcödé 😀\n\n日本語 😀 [t](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&accountId=*&zoneId=all&name=DNS%20edit)\n";

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("cf-token-lint"))
            .arg("lsp")
            .current_dir(dir)
            .env("XDG_CACHE_HOME", dir.join("cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        // Frames are read on a thread, so a silent server fails the test instead of hanging it.
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result, skipping notifications on the way.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next();
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
        }
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

/// The LSP range (UTF-16 columns) of the first `needle` in `text`.
fn range_of(text: &str, needle: &str) -> Value {
    let start = text.find(needle).unwrap();
    let pos = |offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap().encode_utf16().count();
        json!({"line": line, "character": column})
    };
    json!({"start": pos(start), "end": pos(start + needle.len())})
}

#[test]
fn a_scripted_client_gets_exact_ranges_hover_and_quick_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    std::fs::write(&path, PAGE).unwrap();
    let uri = url::Url::from_file_path(&path).unwrap().to_string();
    let mut client = Client::start(dir.path());

    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": url::Url::from_file_path(dir.path()).unwrap().to_string(), "capabilities": {}}),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(init["serverInfo"]["name"], "cf-token-lint");
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": PAGE}}),
    );
    let diags = client.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["range"], range_of(PAGE, "write"));
    // 124 UTF-16 units: not the 123 characters nor the 132 bytes before `write`.
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 124}));
    assert_eq!(d["code"], "bad-type");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "cf-token-lint");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .starts_with("user-token URLs need `edit`"));
    let page = d["codeDescription"]["href"].as_str().unwrap();
    assert!(page.ends_with("/rules/bad-type.md"), "{page}");
    let page_path = url::Url::parse(page).unwrap().to_file_path().unwrap();
    assert_eq!(
        std::fs::read_to_string(page_path).unwrap(),
        std::fs::read_to_string(common::repo().join("rules/bad-type.md")).unwrap()
    );

    // Incremental change: `dns` becomes `dnss` (an `s` typed after it).
    let after_dns = range_of(PAGE, "dns%22")["start"].clone();
    let at = json!({"line": after_dns["line"], "character": after_dns["character"].as_u64().unwrap() + 3});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": at, "end": at}, "text": "s"}]}),
    );
    let changed = PAGE.replace("%22dns%22", "%22dnss%22");
    let diags = client.diagnostics(&uri);
    let got: Vec<(Value, Value)> = diags
        .iter()
        .map(|d| (d["code"].clone(), d["range"].clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (json!("unknown-key"), range_of(&changed, "dnss")),
            (json!("bad-type"), range_of(&changed, "write")),
        ]
    );

    // Hover anywhere on the URL explains it.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": range_of(&changed, "zoneId")["start"]}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**User token template** — name: DNS edit"),
        "{text}"
    );
    assert!(
        text.contains("| dnss | write | not in the catalog | — | — |"),
        "{text}"
    );
    assert_eq!(
        hover["range"]["start"],
        range_of(&changed, "https://")["start"]
    );
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}),
    );
    assert_eq!(nothing, Value::Null);

    // Quick fixes on the `write` diagnostic: what --fix writes, and a suppression comment.
    let write = range_of(&changed, "write");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": write, "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Fix: replace `write` with `edit`",
            "Disable bad-type for this line"
        ]
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(
        actions[0]["edit"]["changes"][&uri],
        json!([{"range": write, "newText": "edit"}])
    );
    assert_eq!(
        actions[1]["edit"]["changes"][&uri],
        json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                "newText": "<!-- cf-token-lint-disable-next-line bad-type -->\n"}])
    );

    // On `dnss`, the key chosen by spelling is offered as a suggestion, marked, and never
    // preferred: an editor applies preferred fixes on its own.
    let dnss = range_of(&changed, "dnss");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": dnss, "context": {"diagnostics": []}}),
    );
    let suggestion = &actions.as_array().unwrap()[0];
    assert_eq!(
        suggestion["title"],
        "Suggested fix (unsafe: may change what the token grants): replace `dnss` with `dns`"
    );
    assert_eq!(suggestion["isPreferred"], false);
    assert_eq!(
        suggestion["edit"]["changes"][&uri],
        json!([{"range": {"start": {"line": dnss["end"]["line"], "character": dnss["end"]["character"].as_u64().unwrap() - 1}, "end": dnss["end"]}, "newText": ""}])
    );

    // A file type `check` does not lint gets no diagnostics.
    let csv = url::Url::from_file_path(dir.path().join("data.csv"))
        .unwrap()
        .to_string();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": csv, "languageId": "csv", "version": 1, "text": PAGE}}),
    );
    assert_eq!(client.diagnostics(&csv), Vec::<Value>::new());

    // Source code is linted: a Rust string literal, and an unsaved TypeScript buffer by its
    // language id.
    let rust = "const URL: &str = \"https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22edit%22%7D%5D\\u{26}accountId=*&zoneId=all&name=DNS\";\n";
    for (uri, language) in [
        (
            url::Url::from_file_path(dir.path().join("main.rs"))
                .unwrap()
                .to_string(),
            "rust",
        ),
        ("untitled:Untitled-1".to_string(), "typescript"),
    ] {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": rust}}),
        );
        let found = client.diagnostics(&uri);
        assert_eq!(found.len(), 1, "{language}: {found:?}");
        assert_eq!(found[0]["code"], "unknown-key");
        assert_eq!(found[0]["range"]["start"]["character"], 107);
    }

    // A script without an extension goes by the language id the editor gives it (Neovim's
    // file type from the shebang): read as shell, the disable comment is shell's.
    let script = "#!/bin/sh\nxdg-open 'https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=DNS'\n";
    let deploy = url::Url::from_file_path(dir.path().join("bin").join("deploy"))
        .unwrap()
        .to_string();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": deploy, "languageId": "sh", "version": 1, "text": script}}),
    );
    let found = client.diagnostics(&deploy);
    let got: Vec<(Value, Value)> = found
        .iter()
        .map(|d| (d["code"].clone(), d["range"].clone()))
        .collect();
    assert_eq!(got, vec![(json!("unknown-key"), range_of(script, "dnss"))]);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": deploy}, "range": range_of(script, "dnss"), "context": {"diagnostics": []}}),
    );
    let disable = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable unknown-key for this line")
        .expect("a disable action");
    assert_eq!(
        disable["edit"]["changes"][&deploy],
        json!([{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
                "newText": "# cf-token-lint: disable-next-line unknown-key\n"}])
    );

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn severities_come_from_the_documents_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        dir.path().join("cf-token-lint.toml"),
        "[rules]\nbad-type = \"note\"\n",
    )
    .unwrap();
    let path = docs.join("page.md");
    let uri = url::Url::from_file_path(&path).unwrap().to_string();
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": PAGE}}),
    );
    let diags = client.diagnostics(&uri);
    assert_eq!(diags[0]["severity"], 3, "note is Information");

    // Saving a changed configuration re-lints open documents under it.
    std::fs::write(
        dir.path().join("cf-token-lint.toml"),
        "[rules]\nbad-type = \"off\"\n",
    )
    .unwrap();
    let config_uri = url::Url::from_file_path(dir.path().join("cf-token-lint.toml"))
        .unwrap()
        .to_string();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    // Parameters that are not a hover request, and a method we do not serve.
    client.send(json!({"jsonrpc": "2.0", "id": 90, "method": "textDocument/hover", "params": {"nonsense": 1}}));
    let answer = client.next();
    assert_eq!(
        (answer["id"].as_u64(), answer["error"]["code"].as_i64()),
        (Some(90), Some(-32602))
    );
    client.send(
        json!({"jsonrpc": "2.0", "id": 91, "method": "textDocument/formatting", "params": {}}),
    );
    let answer = client.next();
    assert_eq!(
        (answer["id"].as_u64(), answer["error"]["code"].as_i64()),
        (Some(91), Some(-32601))
    );
    // Changes to a document never opened, and edits past the end, are taken in stride.
    let uri = url::Url::from_file_path(dir.path().join("x.md"))
        .unwrap()
        .to_string();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "é\n"}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    let far = json!({"line": 99, "character": 99});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 1}, "end": far}, "text": PAGE}]}),
    );
    assert_eq!(
        client.diagnostics(&uri).len(),
        1,
        "the page appended after `é`"
    );
    // Full-text sync (a change without a range) replaces the document.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3},
               "contentChanges": [{"text": PAGE.replace("write", "edit")}]}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

/// An object (a dict) whose value is a template URL in a string literal quoted with `quote`,
/// after non-ASCII text on its line (UTF-16 columns differ from characters and bytes), with
/// the renamed key `zone_dns`, which the quick fix mends.
fn source_line(quote: &str) -> String {
    format!("{{\"déploiement 😀\": {quote}https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22zone_dns%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=Deploy{quote}}}")
}

/// How a Python module and a TypeScript one start; `source_line` follows, on line 3.
const PYTHON: &str = "\"\"\"Tokens the deploy script opens.\"\"\"\n\nTOKENS = ";
const TYPESCRIPT: &str = "// Tokens the deploy script opens.\n\nexport const TOKENS = ";

/// What the real-editor tests open: a directory with the page whose `write` the quick fix
/// mends, a seed URL to hover, and where the editor's script writes what it saw.
fn editor_workspace() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(&page, PAGE).unwrap();
    let seed = dir.path().join("seed.md");
    std::fs::write(
        &seed,
        "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=%2A&zoneId=all&name=DNS%20Read%20Token\n",
    )
    .unwrap();
    let out = dir.path().join("out.json");
    (dir, page, seed, out)
}

/// Neovim's built-in client, headless, set up by the README's snippet: it opens a Markdown page
/// and then a TypeScript file (one server for both, attached by file type), shows our
/// diagnostic in each at the right line and column, applies each quick fix to the buffer, and
/// hovers a seed URL.
#[test]
fn headless_neovim_shows_the_diagnostic_hover_and_applies_the_fix() {
    let Some(nvim) = common::which("nvim") else {
        common::skip(format_args!(
            "Neovim is not installed (`apt-get install neovim`; .ci/run installs it)"
        ));
        return;
    };
    let (dir, page, seed, out) = editor_workspace();
    let source = dir.path().join("tokens.ts");
    let typescript = format!("{TYPESCRIPT}{};\n", source_line("`"));
    std::fs::write(&source, &typescript).unwrap();
    let script = dir.path().join("test.lua");
    std::fs::write(&script, include_str!("lsp_neovim.lua")).unwrap();
    let status = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env(
            "CF_SNIPPET",
            common::repo().join("editors/neovim/cf-token-lint.lua"),
        )
        .env("PATH", common::path_with_binary())
        .env("CF_PAGE", &page)
        .env("CF_SOURCE", &source)
        .env("CF_SEED", &seed)
        .env("CF_OUT", &out)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_else(|_| {
        panic!(
            "Neovim wrote no result ({status:?}): {}",
            String::from_utf8_lossy(&status.stderr)
        )
    }))
    .unwrap();
    assert_eq!(result["error"], Value::Null, "{result}");
    // vim.diagnostic uses 0-based lines and byte columns.
    let line = PAGE.lines().nth(2).unwrap();
    let byte_col = line.find("write").unwrap();
    assert_eq!(
        result["page"]["diagnostics"],
        json!([{"lnum": 2, "col": byte_col, "end_col": byte_col + 5, "code": "bad-type", "severity": 1}])
    );
    assert_eq!(
        result["page"]["fixed_line"].as_str().unwrap(),
        line.replace("write", "edit")
    );
    // The TypeScript file: Neovim's file type is in the snippet's list, the key is found inside
    // the template literal, and the fix writes `dns` there.
    let line = typescript.lines().nth(2).unwrap();
    let byte_col = line.find("zone_dns").unwrap();
    assert_eq!(result["source"]["filetype"], "typescript", "{result}");
    assert_eq!(
        result["source"]["diagnostics"],
        json!([{"lnum": 2, "col": byte_col, "end_col": byte_col + 8, "code": "unknown-key", "severity": 1}])
    );
    assert_eq!(
        result["source"]["fixed_line"].as_str().unwrap(),
        line.replace("zone_dns", "dns")
    );
    assert_eq!(result["clients"], 1, "one server for every file type");
    let hover = result["hover"].as_str().unwrap();
    assert!(
        hover.contains("| dns | read | DNS Read (82e64a83…) | zone | low |"),
        "{hover}"
    );
}

/// Emacs with Eglot, in batch mode: the README's snippet (editors/emacs/cf-token-lint-eglot.el)
/// loaded unchanged attaches the server to a Markdown file and then to a Python file in
/// Emacs's own python-mode; Flymake shows our diagnostic in each on the right characters
/// (after multi-byte text: positions go through UTF-16), Eglot's code-action menu offers the
/// quick fix and applying it mends the line, and hover explains a seed URL.
#[test]
fn emacs_eglot_shows_the_diagnostic_hover_and_applies_the_fix() {
    let Some(emacs) = common::which("emacs") else {
        common::skip(format_args!("Emacs is not installed (`apt-get install emacs-nox elpa-eglot elpa-markdown-mode`; .ci/run installs them)"));
        return;
    };
    let probe = Command::new(&emacs)
        .args(["--batch", "--eval"])
        .arg("(kill-emacs (if (and (require 'eglot nil t) (require 'markdown-mode nil t)) 0 1))")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    if !probe.status.success() {
        common::skip(format_args!("Emacs has no Eglot or markdown-mode (`apt-get install elpa-eglot elpa-markdown-mode`; .ci/run installs them)"));
        return;
    }
    let (dir, page, seed, out) = editor_workspace();
    let source = dir.path().join("tokens.py");
    let python = format!("{PYTHON}{}\n", source_line("\""));
    std::fs::write(&source, &python).unwrap();
    let run = Command::new(emacs)
        .args(["--batch", "-l"])
        .arg(common::repo().join("tests/lsp_emacs.el"))
        .env(
            "CF_SNIPPET",
            common::repo().join("editors/emacs/cf-token-lint-eglot.el"),
        )
        .env("PATH", common::path_with_binary())
        .env("CF_PAGE", &page)
        .env("CF_SOURCE", &source)
        .env("CF_SEED", &seed)
        .env("CF_OUT", &out)
        .env("HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_else(|_| {
        panic!(
            "Emacs wrote no result ({:?}): {}",
            run.status,
            String::from_utf8_lossy(&run.stderr)
        )
    }))
    .unwrap();
    assert_eq!(result["error"], Value::Null, "{result}");
    // In each file: exactly our diagnostic, on the characters of the word it is about; the
    // rule as Eglot shows the code; a quick fix offered, and applied as --fix would.
    let files = [
        (
            "page",
            "markdown-mode",
            PAGE,
            3,
            "write",
            "edit",
            "bad-type",
        ),
        (
            "source",
            "python-mode",
            python.as_str(),
            3,
            "zone_dns",
            "dns",
            "unknown-key",
        ),
    ];
    for (file, mode, text, line_number, word, fixed, rule) in files {
        let seen = &result[file];
        assert_eq!(seen["mode"], mode, "{result}");
        let line = text.lines().nth(line_number - 1).unwrap();
        let col = line[..line.find(word).unwrap()].chars().count();
        let diagnostics = seen["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{file}: {result}");
        let d = &diagnostics[0];
        assert_eq!(
            (&d["line"], &d["col"], &d["end_col"], &d["text"], &d["type"]),
            (
                &json!(line_number),
                &json!(col),
                &json!(col + word.chars().count()),
                &json!(word),
                &json!("eglot-error")
            ),
            "{file}: {result}"
        );
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains(&format!("[{rule}]")),
            "{d}"
        );
        let actions = seen["actions"].as_array().unwrap();
        assert!(
            actions
                .iter()
                .any(|a| a.as_str().unwrap().starts_with("Fix:")),
            "{actions:?}"
        );
        assert_eq!(
            seen["fixed_line"].as_str().unwrap(),
            line.replace(word, fixed)
        );
    }
    // One server for both buffers, which Eglot 1.9 tells the Markdown buffer's language id
    // for the Python buffer too: the server goes by the file's extension.
    assert_eq!(
        (&result["servers"], &result["language_id"]),
        (&json!(1), &json!("markdown")),
        "{result}"
    );
    let hover = result["hover"].as_str().unwrap();
    assert!(
        hover.contains("| dns | read | DNS Read (82e64a83…) | zone | low |"),
        "{hover}"
    );
}

/// The README's Neovim 0.11 snippet (editors/neovim/cf-token-lint-0.11.lua) is valid Lua; a
/// Neovim that has `vim.lsp.config` (0.11 or newer) also runs it and reads the configuration
/// back. Debian's Neovim is 0.7, so in CI it is only parsed, as the README says.
#[test]
fn neovim_0_11_snippet_parses_and_configures() {
    let Some(nvim) = common::which("nvim") else {
        common::skip(format_args!(
            "Neovim is not installed (`apt-get install neovim`; .ci/run installs it)"
        ));
        return;
    };
    let check = r#"
local f, err = loadfile(os.getenv('CF_SNIPPET'))
local result
if not f then
  result = 'syntax error: ' .. err
elseif vim.lsp.config == nil then
  result = 'parsed (this Neovim has no vim.lsp.config)'
else
  f()
  local c = vim.lsp.config['cf_token_lint']
  result = (c and c.cmd[1] == 'cf-token-lint' and c.cmd[2] == 'lsp') and 'configured' or 'not configured'
end
local file = io.open(os.getenv('CF_OUT'), 'w')
file:write(result)
file:close()
vim.cmd('qa!')
"#;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("check.lua");
    std::fs::write(&script, check).unwrap();
    let out = dir.path().join("out.txt");
    Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env(
            "CF_SNIPPET",
            common::repo().join("editors/neovim/cf-token-lint-0.11.lua"),
        )
        .env("CF_OUT", &out)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let result = std::fs::read_to_string(&out).expect("Neovim wrote no result");
    assert!(
        result == "configured" || result.starts_with("parsed"),
        "{result}"
    );
    eprintln!("Neovim 0.11 snippet: {result}");
}

/// The names each editor gives a source syntax: Neovim's file types (which it sends as the
/// language id), VS Code's language ids, Helix's language names with the id each sends, and
/// Emacs's major modes (Eglot sends the mode's name without `-mode`).
struct EditorNames {
    neovim: &'static [&'static str],
    vscode: &'static [&'static str],
    helix: &'static [(&'static str, &'static str)],
    emacs: &'static [&'static str],
}

fn editor_names(kind: cf_token_lint::syntax::FileKind) -> EditorNames {
    use cf_token_lint::syntax::FileKind::*;
    match kind {
        JavaScript => EditorNames {
            neovim: &[
                "javascript",
                "javascriptreact",
                "typescript",
                "typescriptreact",
            ],
            vscode: &[
                "javascript",
                "javascriptreact",
                "typescript",
                "typescriptreact",
            ],
            helix: &[
                ("javascript", "javascript"),
                ("jsx", "javascriptreact"),
                ("typescript", "typescript"),
                ("tsx", "typescriptreact"),
            ],
            emacs: &[
                "js-mode",
                "js-ts-mode",
                "typescript-mode",
                "typescript-ts-mode",
                "tsx-ts-mode",
            ],
        },
        Vue => EditorNames {
            neovim: &["vue"],
            vscode: &["vue"],
            helix: &[("vue", "vue")],
            emacs: &["vue-mode"],
        },
        Svelte => EditorNames {
            neovim: &["svelte"],
            vscode: &["svelte"],
            helix: &[("svelte", "svelte")],
            emacs: &["svelte-mode"],
        },
        Astro => EditorNames {
            neovim: &["astro"],
            vscode: &["astro"],
            helix: &[("astro", "astro")],
            emacs: &["astro-ts-mode"],
        },
        Python => EditorNames {
            neovim: &["python"],
            vscode: &["python"],
            helix: &[("python", "python")],
            emacs: &["python-mode", "python-ts-mode"],
        },
        Ruby => EditorNames {
            neovim: &["ruby"],
            vscode: &["ruby"],
            helix: &[("ruby", "ruby")],
            emacs: &["ruby-mode", "ruby-ts-mode"],
        },
        Php => EditorNames {
            neovim: &["php"],
            vscode: &["php"],
            helix: &[("php", "php")],
            emacs: &["php-mode"],
        },
        Go => EditorNames {
            neovim: &["go"],
            vscode: &["go"],
            helix: &[("go", "go")],
            emacs: &["go-mode", "go-ts-mode"],
        },
        Rust => EditorNames {
            neovim: &["rust"],
            vscode: &["rust"],
            helix: &[("rust", "rust")],
            emacs: &["rust-mode", "rust-ts-mode"],
        },
        Java => EditorNames {
            neovim: &["java"],
            vscode: &["java"],
            helix: &[("java", "java")],
            emacs: &["java-mode", "java-ts-mode"],
        },
        Kotlin => EditorNames {
            neovim: &["kotlin"],
            vscode: &["kotlin"],
            helix: &[("kotlin", "kotlin")],
            emacs: &["kotlin-mode"],
        },
        CSharp => EditorNames {
            neovim: &["cs"],
            vscode: &["csharp"],
            helix: &[("c-sharp", "c-sharp")],
            emacs: &["csharp-mode", "csharp-ts-mode"],
        },
        Swift => EditorNames {
            neovim: &["swift"],
            vscode: &["swift"],
            helix: &[("swift", "swift")],
            emacs: &["swift-mode"],
        },
        Shell => EditorNames {
            neovim: &["sh", "bash", "zsh"],
            vscode: &["shellscript"],
            helix: &[("bash", "bash")],
            emacs: &["sh-mode", "bash-ts-mode"],
        },
        PowerShell => EditorNames {
            neovim: &["ps1"],
            vscode: &["powershell"],
            helix: &[("powershell", "powershell")],
            emacs: &["powershell-mode"],
        },
        other => panic!(
            "{} is source code: add the names editors give it here and to editors/",
            other.name()
        ),
    }
}

/// The quoted words of the first `{ ... }` (Lua) or `'( ... )` (Emacs Lisp) after `after`.
fn listed(text: &str, after: &str, open: &str, close: char) -> Vec<String> {
    let from = text.find(after).unwrap_or_else(|| panic!("no {after}"));
    let rest = &text[from..];
    let start = rest.find(open).unwrap() + open.len();
    let body = &rest[start..start + rest[start..].find(close).unwrap()];
    body.split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches('\'').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every editor snippet covers every source syntax the linter reads, by the names that editor
/// gives it, and what the editor sends as the language id reaches that syntax in the server
/// (which matters for unsaved buffers and files without a known extension).
#[test]
fn every_editor_snippet_covers_every_source_syntax() {
    use cf_token_lint::syntax::{FileKind, ALL};
    let read = |file: &str| std::fs::read_to_string(common::repo().join(file)).unwrap();
    let neovim_07 = listed(
        &read("editors/neovim/cf-token-lint.lua"),
        "pattern =",
        "{",
        '}',
    );
    let neovim_011 = listed(
        &read("editors/neovim/cf-token-lint-0.11.lua"),
        "filetypes =",
        "{",
        '}',
    );
    let emacs = listed(
        &read("editors/emacs/cf-token-lint-eglot.el"),
        "(defvar cf-token-lint-modes",
        "'(",
        ')',
    );
    let vscode: Value = serde_json::from_str(&read("editors/vscode/settings.json")).unwrap();
    let vscode: Vec<&str> = vscode["glspc.server.languageId"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let helix: toml::Table = toml::from_str(&read("editors/helix/languages.toml")).unwrap();
    let helix: Vec<&str> = helix["language"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            l["language-servers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s.as_str() == Some("cf-token-lint"))
        })
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        neovim_07, neovim_011,
        "the two Neovim snippets list the same file types"
    );

    for &kind in ALL {
        use FileKind::*;
        // The documentation formats: each snippet lists those its editor has a mode for.
        if matches!(kind, Markdown | Mdx | Html | Json | Yaml | Toml | Text) {
            continue;
        }
        let names = editor_names(kind);
        let id = |id: &str| FileKind::from_language_id(id);
        for ft in names.neovim {
            assert!(neovim_07.iter().any(|n| n == ft), "Neovim: {ft}");
            assert_eq!(id(ft), Some(kind), "Neovim's {ft}");
        }
        for language in names.vscode {
            assert!(vscode.contains(language), "VS Code: {language}");
            assert_eq!(id(language), Some(kind), "VS Code's {language}");
        }
        for (name, sent) in names.helix {
            assert!(helix.contains(name), "Helix: {name}");
            assert_eq!(id(sent), Some(kind), "Helix's {name}");
        }
        for mode in names.emacs {
            assert!(emacs.iter().any(|m| m == mode), "Emacs: {mode}");
        }
    }
    // Every mode in the Emacs list is one whose Eglot language id the server knows, but
    // web-mode, which edits several syntaxes (the file's extension decides).
    for mode in emacs.iter().filter(|m| *m != "web-mode") {
        let eglot_id = mode.strip_suffix("-mode").unwrap();
        assert!(
            FileKind::from_language_id(eglot_id).is_some(),
            "Eglot's {eglot_id}"
        );
    }
}
