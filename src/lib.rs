//! cf-token-lint: finds Cloudflare API token template URLs in docs, config files and source
//! code, decodes them, and checks them against the permission catalog, with exact source spans.
//!
//! The pipeline, one module per stage: `walk` (paths to files) → `file` (bytes: size cap,
//! binary and UTF-16 files, fixing and writing back) → `scan` (URL occurrences in a file's host
//! syntax) → `template` (kind, parameters, permissions, each with spans) → `rules`
//! (diagnostics) → `suppress` and `baseline` (filters) → `report` (human, json, sarif, github,
//! compact, behind one `Renderer` trait). The CLI, the language server, the playground, tests
//! and benchmarks all call [`lint_source`] (or `file::lint_file`); none re-implements a stage.

pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod explain;
pub mod file;
pub mod fix;
pub mod input;
pub mod lint;
// The language server reads files and their `file://` URIs: not part of a WebAssembly build.
#[cfg(not(target_family = "wasm"))]
pub mod lsp;
pub mod mapped;
pub mod parallel;
pub mod percent;
pub mod permissions;
pub mod placeholder;
pub mod policy;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod syntax;
pub mod template;
pub mod text;
pub mod walk;

pub use lint::{for_each_template, lint_source, FileLint};
