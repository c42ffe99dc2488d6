//! The query of a template URL: its parameters, each with its spans, split at `&` (or `&amp;`)
//! with raw JSON values read to their balancing bracket.

use super::*;

/// Whether a parameter makes the URL a template: one the form reads to pre-fill, or a
/// misspelling of `permissionGroupKeys`.
pub(super) fn is_template_param(name: &str) -> bool {
    matches!(name, PERMISSIONS_PARAM | "accountId" | "zoneId" | "name")
        || is_near_permissions_param(name)
}

/// The parameters of a query, and whether code supplies more of them (`?${query}`).
pub(super) struct Query {
    pub(super) params: Vec<Param>,
    pub(super) from_code: bool,
}

/// Splits the query at `&`, reading raw JSON values (`=[{...}]`) to their balancing bracket
/// so that nothing inside them is taken for a separator. Stops at a `#` fragment. An `&amp;`
/// (or `&#38;`) between parameters is a separator in every host syntax: HTML written inside a
/// string or a JSON value still means `&`.
pub(super) fn split_query(text: &Mapped, start: usize) -> Query {
    let bytes = text.bytes();
    let mut params = Vec::new();
    let mut from_code = false;
    let mut pos = start;
    while pos < bytes.len() && bytes[pos] != b'#' {
        let pair_start = pos;
        let mut eq = None;
        let mut depth = 0u32;
        let mut in_string = false;
        while pos < bytes.len() {
            if depth == 0 {
                // Outside raw JSON only `&`, `#` and the first `=` matter: jump to the next.
                let Some(n) = memchr::memchr3(b'&', b'#', b'=', &bytes[pos..]) else {
                    pos = bytes.len();
                    break;
                };
                pos += n;
                if bytes[pos] != b'=' {
                    break;
                }
                if eq.is_none() {
                    eq = Some(pos);
                    if matches!(bytes.get(pos + 1), Some(b'[' | b'{')) {
                        depth = 1;
                        pos += 1;
                    }
                }
                pos += 1;
                continue;
            }
            let c = bytes[pos];
            if in_string {
                if c == b'\\' {
                    pos += 1;
                } else if c == b'"' {
                    in_string = false;
                }
            } else {
                match c {
                    b'"' => in_string = true,
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => depth -= 1,
                    _ => {}
                }
            }
            pos += 1;
        }
        let pair_end = pos.min(bytes.len());
        if pair_end > pair_start {
            match pair(text, pair_start, pair_end) {
                // `&${scopes}`: a placeholder where a parameter goes, which code fills in.
                Some(p) if eq.is_none() && is_placeholder(&p.name) => from_code = true,
                Some(p) => params.push(p),
                None => {}
            }
        }
        if pos < bytes.len() && bytes[pos] == b'&' {
            pos += 1;
            for entity in [&b"amp;"[..], b"#38;", b"#x26;", b"#X26;"] {
                if bytes[pos..].starts_with(entity) {
                    pos += entity.len();
                    break;
                }
            }
        }
    }
    Query { params, from_code }
}

/// The parameter written in `text[start..end]`.
pub(super) fn pair(text: &Mapped, start: usize, end: usize) -> Option<Param> {
    if end <= start || end > text.len() {
        return None;
    }
    let eq = text.bytes()[start..end]
        .iter()
        .position(|&b| b == b'=')
        .map(|i| start + i);
    let name_end = eq.unwrap_or(end);
    // Nearly every name is written as it reads: no decoded copy to make first.
    let name = match percent::as_plain_text(&text.bytes()[start..name_end]) {
        Some(name) => name.to_string(),
        None => {
            let raw_name = text.slice(start..name_end);
            percent::decode(&raw_name)
                .map(|m| m.to_string_lossy())
                .unwrap_or_else(|_| raw_name.to_string_lossy())
        }
    };
    let raw_value = match eq {
        Some(eq) => text.slice(eq + 1..end),
        None => Mapped::new(),
    };
    let value = percent::decode(&raw_value);
    Some(Param {
        name,
        pair_span: text.source_span(start..end),
        raw_value,
        value,
    })
}
