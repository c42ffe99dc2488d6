//! `cf-token-lint lsp`: a Language Server Protocol server over standard input and output.
//!
//! Built on `lsp-server` and `lsp-types`, the crates rust-analyzer runs on: a synchronous
//! message loop over a channel, which is all a linter that answers in milliseconds needs (no
//! async runtime). Documents are linted on open, change (full or incremental) and save with the
//! same `lint_source` the command line runs, under the configuration found for the document
//! (cached per directory). Nothing is read at start-up beyond the initialize request.

pub mod position;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeResult, MarkupContent, MarkupKind, MessageType, NumberOrString, PositionEncodingKind,
    PublishDiagnosticsParams, Range, SaveOptions, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};

use crate::commands::explain::{describe, explain};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::filetype::{is_default_lint_target, FileKind};
use crate::rules::descriptors;
use position::Lines;

/// One open document: its text as the editor has it, and what was found in it.
struct Document {
    text: String,
    version: i32,
    /// `None`: a file type `check` does not lint; it gets no diagnostics.
    kind: Option<FileKind>,
    /// Where it is on disk (`None` for an unsaved buffer), for the configuration's excludes.
    path: Option<PathBuf>,
    /// The directory its configuration is looked for from.
    dir: PathBuf,
    lines: Lines,
    diagnostics: Vec<Diagnostic>,
}

struct Server {
    connection: Connection,
    documents: HashMap<String, Document>,
    /// Configuration per directory, resolved on first use; cleared when a configuration file
    /// is saved.
    configs: HashMap<PathBuf, Arc<Config>>,
    /// Configuration errors already shown, so an editor is told once, not on every key.
    reported: Vec<String>,
}

/// Runs the server until the client says `exit`.
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection)?;
    io_threads
        .join()
        .map_err(|e| format!("language server I/O: {e}"))
}

/// The server over any connection (standard I/O, or memory in tests).
pub fn serve(connection: Connection) -> Result<(), String> {
    let capabilities = ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let (id, _params) = connection
        .initialize_start()
        .map_err(|e| format!("language server: {e}"))?;
    let result = InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: env!("CARGO_PKG_NAME").into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result).unwrap_or_default())
        .map_err(|e| format!("language server: {e}"))?;
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        configs: HashMap::new(),
        reported: Vec::new(),
    };
    server.main_loop()
}

impl Server {
    fn main_loop(&mut self) -> Result<(), String> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    let shutdown = self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| format!("language server: {e}"))?;
                    if shutdown {
                        return Ok(());
                    }
                    self.on_request(request);
                }
                Message::Notification(notification) => self.on_notification(notification),
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        // The client going away ends the loop through the receiver.
        let _ = self.connection.sender.send(message);
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => parse(request.params).map(|p| to_value(self.hover(p))),
            CodeActionRequest::METHOD => {
                parse(request.params).map(|p| to_value(self.code_actions(p)))
            }
            method => {
                self.send(Message::Response(Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("cf-token-lint does not handle {method}"),
                )));
                return;
            }
        };
        self.respond(id, result);
    }

    fn respond(&self, id: RequestId, result: Result<serde_json::Value, String>) {
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => {
                Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, message)
            }
        };
        self.send(Message::Response(response));
    }

    fn on_notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = parse::<DidOpenTextDocumentParams>(notification.params) {
                    let uri = p.text_document.uri;
                    let (kind, dir) = document_kind(&uri, &p.text_document.language_id);
                    let path = file_path(&uri);
                    let text = p.text_document.text;
                    self.documents.insert(
                        uri.as_str().to_string(),
                        Document {
                            lines: Lines::new(&text),
                            text,
                            version: p.text_document.version,
                            kind,
                            path,
                            dir,
                            diagnostics: Vec::new(),
                        },
                    );
                    self.lint_and_publish(&uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = parse::<DidChangeTextDocumentParams>(notification.params) {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.documents.get_mut(uri.as_str()) {
                        for change in p.content_changes {
                            match change.range {
                                Some(range) => {
                                    let start = doc.lines.offset(&doc.text, range.start);
                                    let end = doc.lines.offset(&doc.text, range.end).max(start);
                                    doc.text.replace_range(start..end, &change.text);
                                }
                                None => doc.text = change.text,
                            }
                            doc.lines = Lines::new(&doc.text);
                        }
                        doc.version = p.text_document.version;
                        self.lint_and_publish(&uri);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = parse::<DidSaveTextDocumentParams>(notification.params) {
                    let uri = p.text_document.uri;
                    if is_toml(&uri) {
                        // A configuration or catalog file: severities, the catalog or the
                        // policy may have changed.
                        self.configs.clear();
                        self.reported.clear();
                        let all: Vec<Uri> = self
                            .documents
                            .keys()
                            .filter_map(|u| Uri::from_str(u).ok())
                            .collect();
                        for uri in all {
                            self.lint_and_publish(&uri);
                        }
                    } else {
                        self.lint_and_publish(&uri);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = parse::<DidCloseTextDocumentParams>(notification.params) {
                    self.documents.remove(p.text_document.uri.as_str());
                    self.publish(p.text_document.uri, Vec::new(), None);
                }
            }
            _ => {}
        }
    }

    /// The configuration for documents in `dir`, as `check` would find it from there. A broken
    /// configuration is shown once and the built-in defaults are used meanwhile.
    fn config(&mut self, dir: &Path) -> Arc<Config> {
        if let Some(config) = self.configs.get(dir) {
            return config.clone();
        }
        let config = match Config::resolve(None, false, dir) {
            Ok(config) => config,
            Err(message) => {
                if !self.reported.contains(&message) {
                    self.reported.push(message.clone());
                    let params = ShowMessageParams {
                        typ: MessageType::ERROR,
                        message: format!("cf-token-lint: {message}"),
                    };
                    self.send(Message::Notification(Notification::new(
                        ShowMessage::METHOD.into(),
                        params,
                    )));
                }
                Config::default()
            }
        };
        let config = Arc::new(config);
        self.configs.insert(dir.to_path_buf(), config.clone());
        config
    }

    fn lint_and_publish(&mut self, uri: &Uri) {
        let Some((kind, dir)) = self
            .documents
            .get(uri.as_str())
            .map(|d| (d.kind, d.dir.clone()))
        else {
            return;
        };
        let config = self.config(&dir);
        let Some(doc) = self.documents.get_mut(uri.as_str()) else {
            return;
        };
        doc.diagnostics = match kind {
            Some(kind)
                if !doc
                    .path
                    .as_ref()
                    .is_some_and(|p| config.files.is_excluded(p, false)) =>
            {
                crate::lint_source(doc.text.as_bytes(), kind, &config).diagnostics
            }
            _ => Vec::new(),
        };
        let diagnostics = doc
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, &doc.text, &doc.lines))
            .collect();
        let version = doc.version;
        self.publish(uri.clone(), diagnostics, Some(version));
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<LspDiagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.into(),
            params,
        )));
    }

    /// What the template URL under the cursor grants, as `explain` prints it.
    fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let (kind, dir) = self
            .documents
            .get(uri.as_str())
            .and_then(|d| Some((d.kind?, d.dir.clone())))?;
        let config = self.config(&dir);
        let doc = self.documents.get(uri.as_str())?;
        let offset = doc
            .lines
            .offset(&doc.text, params.text_document_position_params.position);
        let mut found = None;
        crate::for_each_template(doc.text.as_bytes(), kind, |url| {
            if found.is_none() && url.span.start <= offset && offset <= url.span.end {
                found = Some(url);
            }
        });
        let url = found?;
        let mut value = describe(&explain(&url, &config));
        let problems: Vec<&Diagnostic> = doc
            .diagnostics
            .iter()
            .filter(|d| d.url.as_ref() == Some(&url.span))
            .collect();
        if !problems.is_empty() {
            value.push('\n');
            for d in problems {
                value.push_str(&format!("- {} `{}`: {}\n", d.severity, d.rule, d.message));
            }
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(Range::new(
                doc.lines.position(&doc.text, url.span.start),
                doc.lines.position(&doc.text, url.span.end),
            )),
        })
    }

    /// For each of our diagnostics in the range: its fix (what `--fix` would write), and a
    /// comment that disables the rule for that line.
    fn code_actions(&self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some(doc) = self.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let want = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        if !want(&CodeActionKind::QUICKFIX) {
            return Vec::new();
        }
        let start = doc.lines.offset(&doc.text, params.range.start);
        let end = doc.lines.offset(&doc.text, params.range.end);
        let mut actions = Vec::new();
        for d in &doc.diagnostics {
            let touches = d.span.start <= end && start <= d.span.end;
            if !touches {
                continue;
            }
            let lsp = to_lsp(d, &doc.text, &doc.lines);
            if let Some(fix) = &d.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: Range::new(
                            doc.lines.position(&doc.text, e.span.start),
                            doc.lines.position(&doc.text, e.span.end),
                        ),
                        new_text: e.replacement.clone(),
                    })
                    .collect();
                // A suggestion is offered, marked as one, and never preferred: an editor
                // applies preferred fixes on its own ("fix all").
                let safe = fix.applicability == crate::diagnostic::Applicability::Safe;
                let title = if safe {
                    format!("Fix: {}", fix.description)
                } else {
                    format!(
                        "Suggested fix (unsafe: may change what the token grants): {}",
                        fix.description
                    )
                };
                actions.push(action(title, &uri, edits, &lsp, safe));
            }
            if let Some(edit) = disable_comment(doc, d) {
                actions.push(action(
                    format!("Disable {} for this line", d.rule),
                    &uri,
                    vec![edit],
                    &lsp,
                    false,
                ));
            }
        }
        actions
    }
}

fn action(
    title: String,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: &LspDiagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The inline suppression comment for a diagnostic's line, inserted above it with the same
/// indentation. None where the syntax has no comments (JSON), and none in a Markdown table,
/// where a comment line would end the table.
fn disable_comment(doc: &Document, d: &Diagnostic) -> Option<TextEdit> {
    let kind = doc.kind?;
    let comment = crate::suppress::next_line_comment(kind, d.rule)?;
    let line = doc.lines.position(&doc.text, d.span.start).line;
    let line_start = doc
        .lines
        .offset(&doc.text, lsp_types::Position::new(line, 0));
    let rest = &doc.text[line_start..];
    let text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let indent: String = text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    if kind.is_markdown_like() && text.trim_start().starts_with('|') {
        return None;
    }
    let at = lsp_types::Position::new(line, 0);
    Some(TextEdit {
        range: Range::new(at, at),
        new_text: format!("{indent}{comment}\n"),
    })
}

/// Our diagnostic as the protocol has it: UTF-16 range, severity, the rule as `code` with
/// its page as `codeDescription`, and the help after the message.
fn to_lsp(d: &Diagnostic, text: &str, lines: &Lines) -> LspDiagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    LspDiagnostic {
        range: Range::new(
            lines.position(text, d.span.start),
            lines.position(text, d.span.end),
        ),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: rule_page(d.rule).map(|href| CodeDescription { href }),
        source: Some("cf-token-lint".into()),
        message,
        ..LspDiagnostic::default()
    }
}

/// A `file:` URI of the rule's page. The pages are part of the binary; they are written once
/// to the user's cache directory (per version), so the link works without a checkout or the
/// network and always matches the running linter. The URIs are made once, not per diagnostic.
fn rule_page(rule: &str) -> Option<Uri> {
    static PAGES: OnceLock<HashMap<&'static str, Uri>> = OnceLock::new();
    PAGES.get_or_init(write_rule_pages).get(rule).cloned()
}

fn write_rule_pages() -> HashMap<&'static str, Uri> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base
        .join("cf-token-lint")
        .join(env!("CARGO_PKG_VERSION"))
        .join("rules");
    if std::fs::create_dir_all(&dir).is_err() {
        return HashMap::new();
    }
    descriptors()
        .filter_map(|d| {
            let page = dir.join(format!("{}.md", d.id));
            if std::fs::read_to_string(&page).ok().as_deref() != Some(d.doc) {
                std::fs::write(&page, d.doc).ok()?;
            }
            let url = url::Url::from_file_path(&page).ok()?;
            Some((d.id, Uri::from_str(url.as_str()).ok()?))
        })
        .collect()
}

/// The file type of a document (`None`: not one `check` lints) and the directory its
/// configuration is looked for from. Unsaved buffers go by their language id.
fn document_kind(uri: &Uri, language_id: &str) -> (Option<FileKind>, PathBuf) {
    if let Some(path) = file_path(uri) {
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let kind = is_default_lint_target(&path).then(|| FileKind::from_path(&path));
        return (kind, dir);
    }
    // Each syntax names its editor language ids (`crate::syntax`).
    let kind = FileKind::from_language_id(language_id);
    let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    (kind, dir)
}

fn file_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

fn is_toml(uri: &Uri) -> bool {
    file_path(uri).is_some_and(|p| p.extension().is_some_and(|e| e == "toml"))
}

fn parse<P: serde::de::DeserializeOwned>(params: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}

fn to_value<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
