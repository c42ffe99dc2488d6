//! Fingerprints of findings that survive edits elsewhere in a file: the baseline matches on
//! them, and GitLab's Code Quality report keys its issues by them.

use crate::diagnostic::Diagnostic;

/// FNV-1a, 64 bits: small and stable across Rust versions and machines (std's hasher is not).
pub fn fnv1a(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.iter().chain(std::iter::once(&0xffu8)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The fingerprint of a finding: its rule, its URL and the text it points at.
pub fn fingerprint(source: &[u8], d: &Diagnostic) -> String {
    if d.is_file_level() {
        return fnv1a(&[d.rule.as_bytes(), d.message.as_bytes()]);
    }
    let slice = |r: &std::ops::Range<usize>| source.get(r.clone()).unwrap_or_default();
    let url = d
        .url
        .as_ref()
        .map(|u| crate::percent::decode_lenient(slice(u)))
        .unwrap_or_default();
    fnv1a(&[
        d.rule.as_bytes(),
        &url,
        &crate::percent::decode_lenient(slice(&d.span)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_kept_apart() {
        assert_eq!(fnv1a(&[b"a", b"bc"]), fnv1a(&[b"a", b"bc"]));
        assert_ne!(fnv1a(&[b"a", b"bc"]), fnv1a(&[b"ab", b"c"]));
    }
}
