//! Percent-decoding with its source map: no panic, spans inside, and encoding round-trips.
#![no_main]

use cf_token_lint::mapped::Mapped;
use cf_token_lint::percent;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match percent::decode(&Mapped::identity(data)) {
        Ok(m) => assert!(m.full_source_span().end <= data.len()),
        Err(e) => assert!(e.span.end <= data.len()),
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let encoded = percent::encode_component(text);
        let decoded = percent::decode(&Mapped::identity(encoded.as_bytes())).expect("our own encoding decodes");
        assert_eq!(decoded.bytes(), data);
    }
});
