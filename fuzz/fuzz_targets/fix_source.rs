//! `--fix` on one buffer, read as each host syntax: no panic, UTF-8 stays UTF-8, and fixing
//! the fixed text changes nothing.
#![no_main]

use cf_token_lint::config::Config;
use cf_token_lint::syntax::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let kinds = [FileKind::Markdown, FileKind::Mdx, FileKind::Html, FileKind::Json, FileKind::Yaml, FileKind::Toml, FileKind::Text];
    let kind = kinds[data.first().copied().unwrap_or(0) as usize % kinds.len()];
    let fixed = cf_token_lint::lint::fix_source(data, kind, &config, false);
    if std::str::from_utf8(data).is_ok() {
        assert!(std::str::from_utf8(&fixed.source).is_ok());
    }
    assert_eq!(cf_token_lint::lint::fix_source(&fixed.source, kind, &config, false).applied, 0);
});
