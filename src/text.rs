//! Text helpers every room uses and that depend on nothing: showing input safely, spelling
//! distance, the shape of an ID, and lists in prose.

/// Renders text taken from a scanned file so that it cannot drive a terminal: control
/// characters (ANSI escapes among them) are shown as `\u{..}` escapes.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), so that
/// `dnss` is one edit from `dns` and `zoen` one from `zone`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// A 32-hex account or zone id.
pub fn is_hex_id(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// "`read` or `edit`", "`purge`", "`read`, `edit` or `report`".
pub fn one_of(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|t| format!("`{t}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// "`a`, `b`, `c`": every allowed value, for an error message.
pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
