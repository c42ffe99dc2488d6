//! Escapes inside source-code string literals. Each language names its backslash family
//! (which letters, `\x`, `\u`, `\u{}`, octal; whether an unknown escape keeps its backslash);
//! the decoding is shared.

use super::unit::Unit;

/// How a literal escapes characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// Taken as written (raw strings, shell single quotes).
    None,
    /// A backslash family.
    Backslash(&'static Family),
    /// The quote written twice stands for one (`''` in PowerShell and SQL, `""` in C#'s `@"`).
    Doubled(u8),
    /// PowerShell's double quotes: backtick escapes, and `""` for a quote.
    Backtick,
}

/// One language's backslash escapes.
#[derive(Debug, PartialEq, Eq)]
pub struct Family {
    /// Letters with their C meaning (`n`, `t`, `r`, `b`, `f`, `v`, `a`, `e`, `0`, `s`).
    pub letters: &'static [u8],
    /// `\x` followed by this many hex digits (fewest, most); `(0, 0)`: no `\x`.
    pub hex: (usize, usize),
    /// `\uXXXX`.
    pub u4: bool,
    /// `\u{26}` (Rust, Swift, Ruby, PHP, JavaScript).
    pub u_brace: bool,
    /// `\UXXXXXXXX`.
    pub u8: bool,
    /// `\046`.
    pub octal: bool,
    /// Which other characters a backslash escapes to themselves.
    pub others: Others,
    /// What a backslash before a line break does.
    pub continuation: Continuation,
}

/// Single-quoted strings of PHP and Ruby: only `\\` and `\'` are escapes.
pub const SINGLE_QUOTED: Family = Family {
    letters: b"",
    hex: (0, 0),
    u4: false,
    u_brace: false,
    u8: false,
    octal: false,
    others: Others::Only(b"\\'"),
    continuation: Continuation::None,
};

#[derive(Debug, PartialEq, Eq)]
pub enum Others {
    /// Any character (`\/` is `/` in JavaScript and Ruby).
    Any,
    /// Only these; before anything else the backslash stays (Python, Go, shell, PHP).
    Only(&'static [u8]),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Continuation {
    /// The backslash stays.
    None,
    /// Backslash and line break vanish.
    Join,
    /// They vanish with the next line's indentation (Rust).
    JoinTrim,
}

/// What an escape stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoded {
    Char(Unit),
    /// Nothing (a line continuation), this many source bytes.
    Gone(usize),
}

/// Decodes the escape at `src[pos]`, if one starts there.
pub fn decode(src: &[u8], pos: usize, escape: Escape) -> Option<Decoded> {
    let b = *src.get(pos)?;
    let next = src.get(pos + 1).copied();
    match escape {
        Escape::None => None,
        Escape::Doubled(q) => {
            (b == q && next == Some(q)).then(|| Decoded::Char(Unit::escaped(q as char, 2)))
        }
        Escape::Backtick => {
            if b == b'"' && next == Some(b'"') {
                return Some(Decoded::Char(Unit::escaped('"', 2)));
            }
            if b != b'`' {
                return None;
            }
            let c = match next? {
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'0' => '\0',
                b'a' => '\u{7}',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'v' => '\u{b}',
                b'e' => '\u{1b}',
                b'u' if src.get(pos + 2) == Some(&b'{') => {
                    let (c, len) = braced_hex(src, pos + 2)?;
                    return Some(Decoded::Char(Unit::escaped(c, len + 2)));
                }
                b'\n' => return Some(Decoded::Gone(2)),
                n if n < 0x80 => n as char,
                _ => return None,
            };
            Some(Decoded::Char(Unit::escaped(c, 2)))
        }
        Escape::Backslash(family) => {
            if b != b'\\' {
                return None;
            }
            backslash(src, pos, family)
        }
    }
}

fn backslash(src: &[u8], pos: usize, f: &Family) -> Option<Decoded> {
    let next = *src.get(pos + 1)?;
    let unit = |c: char, len: usize| Some(Decoded::Char(Unit::escaped(c, len)));
    if next == b'\n' || next == b'\r' {
        let nl = if next == b'\r' && src.get(pos + 2) == Some(&b'\n') {
            3
        } else {
            2
        };
        return match f.continuation {
            Continuation::None => None,
            Continuation::Join => Some(Decoded::Gone(nl)),
            Continuation::JoinTrim => {
                let indent = src[pos + nl..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                Some(Decoded::Gone(nl + indent))
            }
        };
    }
    if f.letters.contains(&next) {
        let c = match next {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'v' => '\u{b}',
            b'a' => '\u{7}',
            b'e' => '\u{1b}',
            b's' => ' ',
            b'0' if !(f.octal && src.get(pos + 2).is_some_and(|d| (b'0'..=b'7').contains(d))) => {
                '\0'
            }
            _ => '\u{fffd}',
        };
        if c != '\u{fffd}' {
            return unit(c, 2);
        }
    }
    match next {
        b'x' if f.hex.1 > 0 => {
            let digits = src[pos + 2..]
                .iter()
                .take(f.hex.1)
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if digits < f.hex.0 || digits == 0 {
                return None;
            }
            let code = hex_value(&src[pos + 2..pos + 2 + digits])?;
            return unit(char::from_u32(code)?, 2 + digits);
        }
        b'u' if f.u_brace && src.get(pos + 2) == Some(&b'{') => {
            let (c, len) = braced_hex(src, pos + 2)?;
            return unit(c, len + 2);
        }
        b'u' if f.u4 => {
            let code = hex_value(src.get(pos + 2..pos + 6)?)?;
            // A UTF-16 surrogate pair spells one character in two escapes.
            if (0xD800..0xDC00).contains(&code) {
                if src.get(pos + 6..pos + 8) == Some(br"\u") {
                    let low = hex_value(src.get(pos + 8..pos + 12)?)?;
                    if (0xDC00..0xE000).contains(&low) {
                        let c = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        return unit(char::from_u32(c)?, 12);
                    }
                }
                return None;
            }
            return unit(char::from_u32(code)?, 6);
        }
        b'U' if f.u8 => {
            let code = hex_value(src.get(pos + 2..pos + 10)?)?;
            return unit(char::from_u32(code)?, 10);
        }
        b'0'..=b'7' if f.octal => {
            let digits = src[pos + 1..]
                .iter()
                .take(3)
                .take_while(|b| (b'0'..=b'7').contains(b))
                .count();
            let text = std::str::from_utf8(&src[pos + 1..pos + 1 + digits]).ok()?;
            let code = u32::from_str_radix(text, 8).ok()?;
            return unit(char::from_u32(code)?, 1 + digits);
        }
        _ => {}
    }
    let itself = match f.others {
        Others::Any => true,
        Others::Only(chars) => chars.contains(&next),
    };
    (itself && next.is_ascii()).then(|| Decoded::Char(Unit::escaped(next as char, 2)))
}

/// `{26}` at `src[at]`: the character and the bytes from `{` to `}` inclusive.
fn braced_hex(src: &[u8], at: usize) -> Option<(char, usize)> {
    let digits = src[at + 1..]
        .iter()
        .take(8)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    if digits == 0 || src.get(at + 1 + digits) != Some(&b'}') {
        return None;
    }
    let code = hex_value(&src[at + 1..at + 1 + digits])?;
    Some((char::from_u32(code)?, digits + 2))
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// How many source bytes the escape at `pos` takes, for a lexer that only skips it: what it
/// decodes, or else the escape character and the one after it.
pub fn skip_len(src: &[u8], pos: usize, escape: Escape) -> Option<usize> {
    match decode(src, pos, escape) {
        Some(Decoded::Char(u)) => Some(u.len),
        Some(Decoded::Gone(n)) => Some(n),
        None => match (escape, src.get(pos)) {
            (Escape::Backslash(_), Some(b'\\')) | (Escape::Backtick, Some(b'`')) => {
                Some(2.min(src.len() - pos))
            }
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Family = Family {
        letters: b"ntr0",
        hex: (2, 2),
        u4: true,
        u_brace: true,
        u8: false,
        octal: false,
        others: Others::Only(b"\\\"'"),
        continuation: Continuation::JoinTrim,
    };

    fn char_of(src: &[u8], escape: Escape) -> Option<(String, usize)> {
        match decode(src, 0, escape)? {
            Decoded::Char(u) => Some((String::from_utf8(u.bytes().to_vec()).unwrap(), u.len)),
            Decoded::Gone(n) => Some((String::new(), n)),
        }
    }

    #[test]
    fn backslash_families() {
        let e = Escape::Backslash(&C);
        assert_eq!(char_of(br"\x26", e), Some(("&".into(), 4)));
        assert_eq!(char_of(br"\u0026", e), Some(("&".into(), 6)));
        assert_eq!(char_of(br"\u{26}", e), Some(("&".into(), 6)));
        assert_eq!(char_of(br#"\""#, e), Some(("\"".into(), 2)));
        assert_eq!(char_of(br"\/", e), None);
        assert_eq!(char_of(b"\\\n   x", e), Some((String::new(), 5)));
        assert_eq!(char_of(br"\u{110000}", e), None);
        assert_eq!(char_of(br"\ud83d\ude00", e), Some(("😀".into(), 12)));
    }

    #[test]
    fn doubled_and_backtick() {
        assert_eq!(
            char_of(b"''", Escape::Doubled(b'\'')),
            Some(("'".into(), 2))
        );
        assert_eq!(char_of(b"`u{26}", Escape::Backtick), Some(("&".into(), 6)));
        assert_eq!(char_of(b"`\"", Escape::Backtick), Some(("\"".into(), 2)));
        assert_eq!(char_of(b"\"\"", Escape::Backtick), Some(("\"".into(), 2)));
        assert_eq!(skip_len(b"`", 0, Escape::Backtick), Some(1));
    }
}
