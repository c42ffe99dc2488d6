//! `cf-token-lint lsp`: a Language Server Protocol server over standard input and output.
//!
//! Built on `lsp-server` and `lsp-types`, the crates rust-analyzer runs on: a synchronous
//! message loop over a channel, which is all a linter that answers in milliseconds needs (no
//! async runtime). Documents are linted on open, change (full or incremental) and save with the
//! same `lint_source` the command line runs, under the configuration found for the document
//! (cached per directory). Nothing is read at start-up beyond the initialize request.

mod actions;
mod diagnostics;
mod hover;
pub mod position;
pub mod transport;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, Diagnostic as LspDiagnostic,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, HoverProviderCapability, InitializeResult, MessageType,
    PositionEncodingKind, PublishDiagnosticsParams, SaveOptions, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::syntax::{is_default_lint_target, FileKind};
use diagnostics::to_lsp;
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

/// Runs the server until the client says `exit`, over our own framing (`transport.rs`):
/// messages are capped in size and a malformed one is answered, not fatal.
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = transport::stdio(transport::max_message());
    let served = serve(connection);
    let joined = io_threads.join();
    served.and(joined)
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
}

/// The file type of a document (`None`: not one we read) and the directory its configuration
/// is looked for from. A file goes by its extension, as for `check`; a file whose extension
/// names no syntax (`bin/deploy`, `Gemfile`) and an unsaved buffer go by their language id.
fn document_kind(uri: &Uri, language_id: &str) -> (Option<FileKind>, PathBuf) {
    if let Some(path) = file_path(uri) {
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let kind = if is_default_lint_target(&path) {
            Some(FileKind::from_path(&path))
        } else {
            FileKind::from_language_id(language_id)
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(uri: &str, language_id: &str) -> Option<FileKind> {
        document_kind(&Uri::from_str(uri).unwrap(), language_id).0
    }

    #[test]
    fn a_file_goes_by_its_extension_first() {
        // Eglot 1.9 sends every buffer of a server the language id of the mode that started
        // it: the extension must win.
        assert_eq!(
            kind("file:///w/src/app.ts", "markdown"),
            Some(FileKind::JavaScript)
        );
        assert_eq!(kind("file:///w/run.py", "python"), Some(FileKind::Python));
        assert_eq!(kind("file:///w/a.PS1", "ps1"), Some(FileKind::PowerShell));
        assert_eq!(kind("file:///w/Api.cs", "cs"), Some(FileKind::CSharp));
    }

    #[test]
    fn a_file_without_a_known_extension_goes_by_its_language_id() {
        // A script without an extension, which the editor knows by its shebang or its name.
        assert_eq!(kind("file:///w/bin/deploy", "sh"), Some(FileKind::Shell));
        assert_eq!(kind("file:///w/Gemfile", "ruby"), Some(FileKind::Ruby));
        assert_eq!(
            kind("file:///w/tool.cake", "c-sharp"),
            Some(FileKind::CSharp)
        );
        assert_eq!(
            kind("file:///w/bin/deploy", "bash-ts"),
            Some(FileKind::Shell)
        );
        // A file name the registry knows decides too.
        assert_eq!(kind("file:///w/Makefile", "make"), Some(FileKind::Shell));
        // Neither says: nothing is read.
        assert_eq!(kind("file:///w/data.csv", "csv"), None);
    }

    #[test]
    fn an_unsaved_buffer_goes_by_its_language_id() {
        for (id, want) in [
            ("typescriptreact", FileKind::JavaScript),
            ("cs", FileKind::CSharp),
            ("ps1", FileKind::PowerShell),
            ("shellscript", FileKind::Shell),
            ("python-ts", FileKind::Python),
        ] {
            assert_eq!(kind("untitled:Untitled-1", id), Some(want), "{id}");
        }
        assert_eq!(kind("untitled:Untitled-1", "lua"), None);
    }
}
