//! The whole pipeline on one buffer, read as each host syntax: no panic, spans inside.
#![no_main]

use cf_token_lint::config::Config;
use cf_token_lint::syntax::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let kinds = [FileKind::Markdown, FileKind::Mdx, FileKind::Html, FileKind::Json, FileKind::Yaml, FileKind::Toml, FileKind::Text];
    let kind = kinds[data.first().copied().unwrap_or(0) as usize % kinds.len()];
    for d in cf_token_lint::lint_source(data, kind, &config).diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= data.len());
    }
});
