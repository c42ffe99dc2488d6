//! Percent-decoding of query parameter values, keeping the map back to source bytes.

use crate::mapped::{Mapped, Problem};

/// Decodes `%XX` escapes (and `+` as a space, as query strings do). A `%` not followed by two
/// hex digits, or bytes that are not UTF-8 once decoded, are problems: the dashboard could not
/// read them either.
pub fn decode(input: &Mapped) -> Result<Mapped, Problem> {
    let bytes = input.bytes();
    if as_plain_text(bytes).is_some() {
        return Ok(input.clone());
    }
    let mut out = Mapped::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Text between escapes is copied a run at a time, with its origins.
        let run = bytes[i..]
            .iter()
            .take_while(|&&b| b != b'%' && b != b'+')
            .count();
        if run > 0 {
            out.push_from(input, i..i + run);
            i += run;
            continue;
        }
        if bytes[i] == b'+' {
            out.push_all(b" ", input.origin(i));
            i += 1;
            continue;
        }
        match (hex_digit(bytes.get(i + 1)), hex_digit(bytes.get(i + 2))) {
            (Some(high), Some(low)) => {
                out.push_all(
                    &[high << 4 | low],
                    input.origin(i).start..input.origin(i + 2).end,
                );
                i += 3;
            }
            _ => {
                // Quote the escape up to whole characters (`%` then `日` is 4 bytes).
                let mut end = (i + 3).min(bytes.len());
                while end < bytes.len() && bytes[end] & 0xC0 == 0x80 {
                    end += 1;
                }
                let shown = String::from_utf8_lossy(&bytes[i..end]).into_owned();
                return Err(Problem {
                    span: input.source_span(i..end),
                    message: format!(
                        "bad percent-escape `{}`: `%` must be followed by two hex digits",
                        crate::diagnostic::printable(&shown)
                    ),
                    help: Some("write a literal `%` as `%25`, and check the escape was not cut or mistyped".into()),
                });
            }
        }
    }
    if let Err(e) = std::str::from_utf8(out.bytes()) {
        let at = e.valid_up_to();
        let start = escape_start(bytes, at);
        let written =
            String::from_utf8_lossy(&bytes[start..(start + 3).min(bytes.len())]).into_owned();
        let message = if bytes[start] == b'%' {
            format!(
                "`{}` decodes to a byte that is not valid UTF-8",
                crate::diagnostic::printable(&written)
            )
        } else {
            "the value is not valid UTF-8".to_string()
        };
        return Err(Problem {
            span: out.source_span(at..at + 1),
            message,
            help: Some("if the `%` is meant literally write `%25`; otherwise check the escape was not mistyped (UTF-8 characters take several escapes, such as %C3%A9)".into()),
        });
    }
    Ok(out)
}

/// `bytes` as text when percent-decoding leaves them as they are (most names and scope
/// values): no `%` or `+`, and UTF-8.
pub fn as_plain_text(bytes: &[u8]) -> Option<&str> {
    if bytes.iter().any(|&b| b == b'%' || b == b'+') {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// The value of a hex digit.
fn hex_digit(b: Option<&u8>) -> Option<u8> {
    (*b? as char).to_digit(16).map(|d| d as u8)
}

/// Where the escape (or byte) that decoded to byte `at` starts in the input, for an input
/// whose escapes are all valid: for messages only, so it is found again rather than recorded
/// for every byte.
fn escape_start(bytes: &[u8], at: usize) -> usize {
    let (mut i, mut decoded) = (0, 0);
    while i < bytes.len() && decoded < at {
        i += if bytes[i] == b'%' { 3 } else { 1 };
        decoded += 1;
    }
    i.min(bytes.len().saturating_sub(1))
}

/// Decodes the `%XX` escapes that are valid and keeps everything else as written: for quick
/// checks and fingerprints, where a broken escape is not this code's to report.
pub fn decode_lenient(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match (raw[i], hex_digit(raw.get(i + 1)), hex_digit(raw.get(i + 2))) {
            (b'%', Some(high), Some(low)) => {
                out.push(high << 4 | low);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Whether a byte stays as it is in a percent-encoded component: RFC 3986's unreserved set.
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes a string the way Cloudflare's template URL page writes its examples:
/// everything but the unreserved characters, so `*` is `%2A` and a space `%20`.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &b in text.as_bytes() {
        push_encoded(&mut out, b);
    }
    out
}

/// Appends `b`, percent-encoded unless it is unreserved.
pub fn push_encoded(out: &mut String, b: u8) {
    if is_unreserved(b) {
        out.push(b as char);
    } else {
        out.push_str(&format!("%{b:02X}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(s: &str) -> Mapped {
        Mapped::identity(s.as_bytes())
    }

    #[test]
    fn decodes_and_maps_each_byte_to_its_escape() {
        let m = decode(&mapped("%22dnss%22+x%5F")).unwrap();
        assert_eq!(m.bytes(), b"\"dnss\" x_");
        assert_eq!(m.source_span(1..5), 3..7);
        assert_eq!(m.source_span(8..9), 12..15);
    }

    #[test]
    fn reports_bad_escapes_where_they_are() {
        let e = decode(&mapped("%3A%edit%22")).unwrap_err();
        assert_eq!(e.span, 3..6);
        assert!(e.message.contains("`%ed`"), "{}", e.message);
        let e = decode(&mapped("abc%2")).unwrap_err();
        assert_eq!(e.span, 3..5);
        let e = decode(&mapped("a%FFb")).unwrap_err();
        assert_eq!(e.span, 1..4);
    }

    #[test]
    fn lenient_decoding_keeps_what_does_not_decode() {
        assert_eq!(decode_lenient(b"a%5Fb_c%zz%4"), b"a_b_c%zz%4");
    }

    #[test]
    fn round_trips_through_encoding() {
        let text = "[{\"key\":\"dns\",\"type\":\"edit\"}] é ✓";
        assert_eq!(
            decode(&mapped(&encode_component(text))).unwrap().bytes(),
            text.as_bytes()
        );
    }
}
