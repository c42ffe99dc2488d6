//! The permissionGroupKeys JSON reader: no panic, spans inside.
#![no_main]

use cf_token_lint::mapped::Mapped;
use cf_token_lint::permissions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The reader is only given UTF-8 (percent-decoding checks it first).
    if std::str::from_utf8(data).is_err() {
        return;
    }
    let list = permissions::parse(&Mapped::identity(data));
    for p in &list.problems {
        assert!(p.span.end <= data.len());
    }
});
