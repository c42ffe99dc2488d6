//! JSON: its facts, and the escapes inside its strings (`\u0026`, `\/`, `\"`), which YAML's
//! and TOML's double-quoted strings share. A URL ends at its string's closing quote.

use super::unit::Unit;
use super::{Reading, Syntax};

pub static SYNTAX: Syntax = Syntax {
    name: "json",
    extensions: &["json", "jsonc", "json5"],
    file_names: &[],
    walked: true,
    language_ids: &["json", "jsonc"],
    fence_names: &["json", "jsonc", "json5"],
    // JSON has no comments; JSONC's are not read for suppressions.
    comments: &[],
    reading: Reading::Docs,
};

/// Which backslash escapes a double-quoted string understands beyond JSON's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Json,
    /// YAML adds `\xXX`, `\UXXXXXXXX`, `\0`, `\e`, `\ ` and more.
    Yaml,
    /// TOML adds `\UXXXXXXXX` and `\e`, and has no `\/`.
    Toml,
}

/// Decodes a backslash escape starting at `src[pos] == b'\\'`.
pub fn backslash_escape(src: &[u8], pos: usize, dialect: Dialect) -> Option<Unit> {
    let next = *src.get(pos + 1)?;
    let simple = match next {
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        b'/' if dialect != Dialect::Toml => Some('/'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        b'e' if dialect != Dialect::Json => Some('\u{1b}'),
        b'0' if dialect == Dialect::Yaml => Some('\0'),
        b' ' if dialect == Dialect::Yaml => Some(' '),
        b'\'' if dialect == Dialect::Yaml => Some('\''),
        _ => None,
    };
    if let Some(c) = simple {
        return Some(Unit::escaped(c, 2));
    }
    match next {
        b'u' => {
            let high = hex(src, pos + 2, 4)?;
            // A UTF-16 surrogate pair spells one character in two escapes.
            if (0xD800..0xDC00).contains(&high) {
                if src.get(pos + 6) == Some(&b'\\') && src.get(pos + 7) == Some(&b'u') {
                    let low = hex(src, pos + 8, 4)?;
                    if (0xDC00..0xE000).contains(&low) {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        return Some(Unit::escaped(char::from_u32(code)?, 12));
                    }
                }
                return None;
            }
            Some(Unit::escaped(char::from_u32(high)?, 6))
        }
        b'U' if dialect != Dialect::Json => {
            Some(Unit::escaped(char::from_u32(hex(src, pos + 2, 8)?)?, 10))
        }
        b'x' if dialect == Dialect::Yaml => {
            Some(Unit::escaped(char::from_u32(hex(src, pos + 2, 2)?)?, 4))
        }
        _ => None,
    }
}

fn hex(src: &[u8], at: usize, digits: usize) -> Option<u32> {
    let text = std::str::from_utf8(src.get(at..at + digits)?).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_json_escapes() {
        assert_eq!(
            backslash_escape(br"\u0026", 0, Dialect::Json),
            Some(Unit::escaped('&', 6))
        );
        assert_eq!(
            backslash_escape(br"\/", 0, Dialect::Json),
            Some(Unit::escaped('/', 2))
        );
        assert_eq!(
            backslash_escape(br#"\""#, 0, Dialect::Json),
            Some(Unit::escaped('"', 2))
        );
        assert_eq!(
            backslash_escape(br"\ud83d\ude00", 0, Dialect::Json),
            Some(Unit::escaped('😀', 12))
        );
        assert_eq!(backslash_escape(br"\ud83d", 0, Dialect::Json), None);
        assert_eq!(backslash_escape(br"\u00", 0, Dialect::Json), None);
        assert_eq!(backslash_escape(br"\x26", 0, Dialect::Json), None);
        assert_eq!(
            backslash_escape(br"\x26", 0, Dialect::Yaml),
            Some(Unit::escaped('&', 4))
        );
        assert_eq!(backslash_escape(br"\/", 0, Dialect::Toml), None);
    }
}
