//! Placeholders that docs authors write where a real value goes (`[ENCODED_JSON]`, `<json>`,
//! `{{perms}}`, `${PERMS}`): recognised so they are never reported as broken values.

use std::sync::OnceLock;

use regex::RegexSet;

fn patterns() -> &'static RegexSet {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        RegexSet::new([
            r"^\[[A-Za-z][A-Za-z0-9_ .-]*\]$", // [ENCODED_JSON], [TOKEN_NAME]
            r"^<[^<>]+>$",                     // <json>, <vault-name>
            r"^\{\{.*\}\}$",                   // {{perms}}
            r"^\$\{[^}]*\}$",                  // ${PERMS}
            r"^\$[A-Za-z_][A-Za-z0-9_]*$",     // $PERMS
            r"^%[A-Za-z_][A-Za-z0-9_]*%$",     // %PERMS% (Windows shells)
            r"^\{[A-Za-z_][A-Za-z0-9_.-]*\}$", // {projectName}
            r"^\[\{[A-Za-z_, ]*\}\]$",         // [{key,type}] (names only, no values)
            r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$",  // ENCODED_PERMISSIONS
            r"^(\.\.\.|…)$",                   // ...
        ])
        .expect("placeholder patterns are valid regexes")
    })
}

/// Placeholders written inside a longer value (`name=brewnet-{projectName}`,
/// `name=Publish%20-%20<vault-name>`): the byte ranges of each, for rules that judge the
/// characters of a value and must leave the placeholder's own brackets alone.
pub fn embedded(value: &[u8]) -> Vec<std::ops::Range<usize>> {
    static INNER: OnceLock<regex::bytes::Regex> = OnceLock::new();
    let inner = INNER.get_or_init(|| {
        regex::bytes::Regex::new(
            r"\{\{[^{}\n]*\}\}|\{[A-Za-z_][A-Za-z0-9_.-]*\}|<[A-Za-z_][A-Za-z0-9_ .-]*>|\[[A-Z][A-Z0-9_]*\]",
        )
        .expect("embedded placeholder pattern is a valid regex")
    });
    if !value.iter().any(|b| matches!(b, b'{' | b'<' | b'[')) {
        return Vec::new();
    }
    inner.find_iter(value).map(|m| m.range()).collect()
}

/// Whether `value` holds an interpolation anywhere (`$svc`, `${svc}`, as scanned literals
/// write theirs): a key or type built by code, never a value to judge.
pub fn has_interpolation(value: &str) -> bool {
    let b = value.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'$' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'_' | b'{' | b'(')))
}

/// Whether `value` (trimmed) is a placeholder rather than a real value.
pub fn is_placeholder(value: &str) -> bool {
    let value = value.trim();
    // Every pattern starts with one of these (`…` with the byte 0xE2): most values, keys and
    // types such as `dns` and `read`, need no regex.
    let may_start = |b: u8| b"[<{$%.\xE2".contains(&b) || b.is_ascii_uppercase();
    value.as_bytes().first().is_some_and(|&b| may_start(b)) && patterns().is_match(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_shapes_docs_use() {
        for p in [
            "[ENCODED_JSON]",
            "[ENCODED_PERMISSIONS]",
            "[TOKEN_NAME]",
            "<json>",
            "<vault-name>",
            "{{perms}}",
            "${PERMS}",
            "$PERMS",
            "{projectName}",
            "[{key,type}]",
            "YOUR_PERMISSIONS",
            "...",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in [
            "[{\"key\":\"dns\"}]",
            "dns",
            "[{'key':'dns'}]",
            "US$",
            "[{key:dns}]",
            "DNS",
            "[]",
            "edit",
            "*",
            "all",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
        assert!(has_interpolation("${svc}_scripts") && has_interpolation("$_"));
        assert_eq!(embedded(b"brewnet-{projectName}"), vec![8..21]);
        assert_eq!(embedded(b"Publish%20-%20<vault-name>"), vec![14..26]);
        assert_eq!(embedded(b"{{zone}}-dns [TOKEN_NAME]"), vec![0..8, 13..25]);
        assert!(embedded(b"[{\"key\":\"dns\"}]").is_empty());
        assert!(embedded(b"my token").is_empty());
        assert!(!has_interpolation("US$") && !has_interpolation("a$1"));
    }
}
