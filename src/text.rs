//! Text helpers every room uses and that depend on nothing: showing input safely, spelling
//! distance, the shape of an ID, and lists in prose.

/// Whether `c` must not reach a terminal as it is: control characters (ANSI escapes, line
/// breaks and carriage returns among them), the Unicode line and paragraph separators, and the
/// invisible format characters that reorder or hide text (bidirectional overrides and
/// isolates such as U+202E, zero-width spaces and joiners, the byte-order mark, tag
/// characters). rustc shows the same set escaped.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{AD}'
                | '\u{61C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// Renders text taken from a scanned file (or a configuration, a baseline, a file name) so
/// that it cannot drive a terminal or start a workflow command: every [`is_unsafe`]
/// character, line breaks included, is shown as a `\u{..}` escape. For one-line values.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_printable(&mut out, text);
    out
}

/// [`printable`], appended to `out`.
pub fn push_printable(out: &mut String, text: &str) {
    // Printable ASCII, what keys, types and most names are, has nothing to escape.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
}

/// A message of one or more lines, made safe for a terminal and for the GitHub runner, which
/// reads `::command::` lines on standard output and standard error alike: line breaks and tabs
/// stay, every other [`is_unsafe`] character is escaped, and a line that would start a
/// workflow command (`::` after optional blanks) has that first `:` escaped. Every message the
/// binary prints outside a report goes through here.
pub fn safe_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
        let (lead, rest) = line.split_at(blanks);
        out.push_str(lead);
        let rest = match rest.strip_prefix("::") {
            Some(after) => {
                out.push_str("\\u{3a}:");
                after
            }
            None => rest,
        };
        for c in rest.chars() {
            if is_unsafe(c) && c != '\t' {
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
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

/// The length of the character `bytes` starts with (1 for a byte of invalid UTF-8, which
/// displays count as one character).
pub fn char_len(bytes: &[u8]) -> usize {
    let want = match bytes[0] {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    };
    match bytes.get(..want).map(std::str::from_utf8) {
        Some(Ok(_)) => want,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_controls_and_invisible_reordering() {
        assert_eq!(
            printable("a\x1b[31m\n::error::x"),
            "a\\u{1b}[31m\\u{a}::error::x"
        );
        assert_eq!(printable("ab\u{202e}cd\u{200b}"), "ab\\u{202e}cd\\u{200b}");
        assert_eq!(printable("dns · é 日本"), "dns · é 日本");
    }

    #[test]
    fn safe_messages_keep_lines_but_start_no_workflow_command() {
        assert_eq!(
            safe_message("x: bad `\x1b]0;t\x07`\n::error file=a::pwned\n  ::warning::b"),
            "x: bad `\\u{1b}]0;t\\u{7}`\n\\u{3a}:error file=a::pwned\n  \\u{3a}:warning::b"
        );
        assert_eq!(safe_message("a\r\n::x"), "a\\u{d}\n\\u{3a}:x");
        assert_eq!(safe_message("plain\n\tindented"), "plain\n\tindented");
    }
}
