//! Placeholders that docs authors write where a real value goes (`[ENCODED_JSON]`, `<json>`,
//! `{{perms}}`, `${PERMS}`): recognised so they are never reported as broken values.

use std::sync::OnceLock;

/// The shapes of a placeholder inside a longer value: `{{x}}`, `{x}`, `<x>`, `[X]`.
pub(crate) const EMBEDDED_PATTERN: &str = r"\{\{[^{}\n]*\}\}|\{[A-Za-z_][A-Za-z0-9_.-]*\}|<[A-Za-z_][A-Za-z0-9_ .-]*>|\[[A-Z][A-Z0-9_]*\]";

/// Placeholders written inside a longer value (`name=brewnet-{projectName}`,
/// `name=Publish%20-%20<vault-name>`): the byte ranges of each, for rules that judge the
/// characters of a value and must leave the placeholder's own brackets alone.
pub fn embedded(value: &[u8]) -> Vec<std::ops::Range<usize>> {
    static INNER: OnceLock<regex::bytes::Regex> = OnceLock::new();
    let inner = INNER.get_or_init(|| {
        regex::bytes::Regex::new(EMBEDDED_PATTERN)
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

/// Whether `value` (trimmed) is a placeholder rather than a real value: one of the shapes
/// docs write, each matched by hand (this is asked of every parameter of every URL).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim().as_bytes();
    let inner = |open: &[u8], close: &[u8]| {
        v.strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
    };
    let name_start = |b: &u8| b.is_ascii_alphabetic() || *b == b'_';
    // A name: a letter or `_`, then letters, digits and `_` (and `more` of other bytes).
    let name = |s: &[u8], more: &[u8]| {
        s.first().is_some_and(name_start)
            && s[1..]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || more.contains(b))
    };
    // [ENCODED_JSON], [TOKEN_NAME]
    inner(b"[", b"]").is_some_and(|s| {
        s.first().is_some_and(u8::is_ascii_alphabetic)
            && s[1..]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"_ .-".contains(b))
    })
    // <json>, <vault-name>
    || inner(b"<", b">").is_some_and(|s| !s.is_empty() && !s.iter().any(|b| matches!(b, b'<' | b'>')))
    // {{perms}}
    || inner(b"{{", b"}}").is_some_and(|s| !s.contains(&b'\n'))
    // ${PERMS}
    || inner(b"${", b"}").is_some_and(|s| !s.contains(&b'}'))
    // $PERMS
    || v.strip_prefix(b"$").is_some_and(|s| name(s, b""))
    // %PERMS% (Windows shells)
    || inner(b"%", b"%").is_some_and(|s| name(s, b""))
    // {projectName}
    || inner(b"{", b"}").is_some_and(|s| name(s, b".-"))
    // [{key,type}] (names only, no values)
    || inner(b"[{", b"}]").is_some_and(|s| s.iter().all(|b| b.is_ascii_alphabetic() || b"_, ".contains(b)))
    // ENCODED_PERMISSIONS
    || is_screaming_snake(v)
    // ...
    || v == b"..." || v == "…".as_bytes()
}

/// `ENCODED_PERMISSIONS`: upper-case words of letters and digits joined by single `_`, at
/// least two of them, the first starting with a letter.
fn is_screaming_snake(v: &[u8]) -> bool {
    v.first().is_some_and(u8::is_ascii_uppercase)
        && v.contains(&b'_')
        && v.split(|&b| b == b'_').all(|word| {
            !word.is_empty()
                && word
                    .iter()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
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

    /// The shapes as regular expressions: what the hand-written matcher must agree with.
    fn shapes() -> &'static regex::RegexSet {
        static SHAPES: OnceLock<regex::RegexSet> = OnceLock::new();
        SHAPES.get_or_init(|| {
            regex::RegexSet::new([
                r"^\[[A-Za-z][A-Za-z0-9_ .-]*\]$",
                r"^<[^<>]+>$",
                r"^\{\{.*\}\}$",
                r"^\$\{[^}]*\}$",
                r"^\$[A-Za-z_][A-Za-z0-9_]*$",
                r"^%[A-Za-z_][A-Za-z0-9_]*%$",
                r"^\{[A-Za-z_][A-Za-z0-9_.-]*\}$",
                r"^\[\{[A-Za-z_, ]*\}\]$",
                r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$",
                r"^(\.\.\.|…)$",
            ])
            .unwrap()
        })
    }

    proptest::proptest! {
        #[test]
        fn the_matcher_agrees_with_the_shapes(
            open in proptest::sample::select(vec!["", "[", "<", "{{", "${", "$", "%", "{", "[{", " ", "A", "_"]),
            middle in "[A-Za-z0-9_ .,<>{}$%\n:…-]{0,6}",
            close in proptest::sample::select(vec!["", "]", ">", "}}", "}", "%", "}]", " ", "_1"]),
        ) {
            let value = format!("{open}{middle}{close}");
            proptest::prop_assert_eq!(is_placeholder(&value), shapes().is_match(value.trim()), "{:?}", value);
        }
    }
}
