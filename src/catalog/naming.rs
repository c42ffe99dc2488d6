//! Group names as keys: the level word a name ends with ("DNS Write" is `edit`) and the
//! snake case that turns a name into a key. Pure text handling with no other dependency, so
//! that `build.rs` compiles it too when it merges the current group list into the catalog.

/// Level words that end permission group names, and the type each means.
const LEVELS: &[(&str, &str)] = &[
    ("read", "read"),
    ("write", "edit"),
    ("edit", "edit"),
    ("purge", "purge"),
    ("evaluate", "evaluate"),
    ("report", "report"),
    ("run", "run"),
    ("revoke", "revoke"),
];

/// Splits a trailing level word: ("DNS", Some("edit")) for "DNS Write".
pub fn split_level(name: &str) -> (&str, Option<&'static str>) {
    let trimmed = name.trim();
    if let Some((base, last)) = trimmed.rsplit_once(' ') {
        let is_level = |word: &str| match last.is_ascii() {
            true => last.eq_ignore_ascii_case(word),
            false => last.to_lowercase() == word,
        };
        if let Some((_, ty)) = LEVELS.iter().find(|(word, _)| is_level(word)) {
            return (base.trim_end(), Some(ty));
        }
    }
    (trimmed, None)
}

/// Lower case, with every run of other characters than letters and digits as one underscore:
/// "Zone Settings" -> "zone_settings", "Cloud Email Security:" -> "cloud_email_security".
pub fn normalise(input: &str) -> String {
    let input = input.trim();
    // Keys and group names are ASCII: one pass over bytes, one allocation.
    if input.is_ascii() {
        let mut out = String::with_capacity(input.len());
        for b in input.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
            } else if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        }
        while out.ends_with('_') {
            out.pop();
        }
        return out;
    }
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        if !c.is_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_names_and_splits_level_words() {
        assert_eq!(normalise("Cloud Email Security:"), "cloud_email_security");
        assert_eq!(
            normalise("Access: Apps and Policies"),
            "access_apps_and_policies"
        );
        assert_eq!(normalise("  _DNS--Write_ "), "dns_write");
        assert_eq!(normalise("Zone \u{00c9}dit"), "zone_\u{00e9}dit");
        assert_eq!(
            split_level("Zone RE\u{212a}OVE"),
            ("Zone RE\u{212a}OVE", None)
        );
        assert_eq!(split_level("Zone ReVoKe"), ("Zone", Some("revoke")));
    }
}
