//! Interpolations in string literals (`${x}`, `{name}`, `#{x}`, `$x`, `%s`): code supplies
//! the text there, so the scanner reads each as a placeholder, never as a value to judge.
//!
//! Each is read as one placeholder token, `$` and the name it holds (`$perms`; `$_` when it
//! holds an expression), mapped to the interpolation's source bytes. The token needs no
//! percent-encoding and is what `placeholder` recognises, so a value, key or type made of one
//! is never reported.

/// Which interpolations a literal has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Interp {
    /// `${expr}` (JavaScript template literals, shell, Kotlin, PHP, PowerShell).
    pub dollar_brace: bool,
    /// `$(command)` (shell, PowerShell).
    pub dollar_paren: bool,
    /// `$name` (shell, PHP, Kotlin, PowerShell).
    pub dollar_name: bool,
    /// `#{expr}` (Ruby).
    pub hash_brace: bool,
    /// `{}`, `{name}`, `{0}`, `{name:spec}` (format strings, f-strings, C#'s `$"..."`).
    pub brace: bool,
    /// `{{` and `}}` stand for one brace (where `brace` is a format string's).
    pub brace_escapes: bool,
    /// `%s`, `%d`, `%v`, `%(name)s` (printf-style formats; never `%26`, a percent-escape).
    pub printf: bool,
    /// `\(expr)` (Swift).
    pub backslash_paren: bool,
    /// `{$expr}` (PHP).
    pub brace_dollar: bool,
}

impl Interp {
    pub const NONE: Interp = Interp {
        dollar_brace: false,
        dollar_paren: false,
        dollar_name: false,
        hash_brace: false,
        brace: false,
        brace_escapes: false,
        printf: false,
        backslash_paren: false,
        brace_dollar: false,
    };

    /// Only printf-style verbs: what every other literal of a language with `printf` has.
    pub const PRINTF: Interp = Interp {
        printf: true,
        ..Interp::NONE
    };

    /// Whether any interpolation opens nested code whose quotes the lexer must follow.
    pub fn nests(self) -> bool {
        self.dollar_brace
            || self.dollar_paren
            || self.hash_brace
            || self.backslash_paren
            || self.brace_dollar
    }
}

/// What an interpolation at a position is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A placeholder token standing for `len` source bytes.
    Token { len: usize, token: String },
    /// An escaped brace (`{{`): this character, two bytes.
    Brace(u8),
}

/// Where nested code opened at `pos` ends, for the lexer: the byte that closes it and how
/// many bytes open it (`${` is 2, `\(` is 2, `{$` is 1: the `$` is code).
pub fn nested_open(src: &[u8], pos: usize, interp: Interp) -> Option<(u8, usize)> {
    let rest = src.get(pos..)?;
    let two = |a: u8, b: u8| rest.first() == Some(&a) && rest.get(1) == Some(&b);
    if interp.dollar_brace && two(b'$', b'{') || interp.hash_brace && two(b'#', b'{') {
        Some((b'}', 2))
    } else if interp.dollar_paren && two(b'$', b'(') || interp.backslash_paren && two(b'\\', b'(') {
        Some((b')', 2))
    } else if interp.brace_dollar && two(b'{', b'$') {
        Some((b'}', 1))
    } else {
        None
    }
}

/// The interpolation at `src[pos]`, if one starts there.
pub fn at(src: &[u8], pos: usize, interp: Interp) -> Option<Piece> {
    let rest = &src[pos..];
    let first = *rest.first()?;
    let second = rest.get(1).copied();
    match (first, second) {
        (b'$', Some(b'{')) if interp.dollar_brace => bracketed(rest, 1, b'{', b'}'),
        (b'$', Some(b'(')) if interp.dollar_paren => bracketed(rest, 1, b'(', b')'),
        (b'#', Some(b'{')) if interp.hash_brace => bracketed(rest, 1, b'{', b'}'),
        (b'\\', Some(b'(')) if interp.backslash_paren => bracketed(rest, 1, b'(', b')'),
        (b'{', Some(b'$')) if interp.brace_dollar => bracketed(rest, 0, b'{', b'}'),
        (b'{', Some(b'{')) | (b'}', Some(b'}')) if interp.brace_escapes => {
            Some(Piece::Brace(first))
        }
        (b'{', _) if interp.brace => format_field(rest),
        (b'$', Some(c)) if interp.dollar_name => {
            // `$name`, `$env:NAME` (PowerShell), `$1` (shell).
            let name_len = if c.is_ascii_digit() {
                1
            } else if c.is_ascii_alphabetic() || c == b'_' {
                let mut n = rest[1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                if rest.get(1 + n) == Some(&b':')
                    && rest[1..1 + n].eq_ignore_ascii_case(b"env")
                    && rest.get(2 + n).is_some_and(|b| b.is_ascii_alphabetic())
                {
                    n += 1 + rest[2 + n..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                        .count();
                }
                n
            } else {
                return None;
            };
            Some(token(&rest[1..1 + name_len], 1 + name_len))
        }
        (b'%', Some(_)) if interp.printf => printf(rest),
        _ => None,
    }
}

/// `$name` for what `inner` names, `$_` for an expression.
fn token(inner: &[u8], len: usize) -> Piece {
    let inner = inner.strip_prefix(b"$").unwrap_or(inner);
    let simple = !inner.is_empty()
        && inner.len() <= 40
        && inner
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':'));
    let mut token = String::from("$");
    if simple && !inner[0].is_ascii_digit() {
        token.extend(inner.iter().map(|&b| {
            if b.is_ascii_alphanumeric() {
                b as char
            } else {
                '_'
            }
        }));
    } else {
        token.push('_');
        if simple {
            token.extend(
                inner
                    .iter()
                    .map(|&b| b as char)
                    .filter(char::is_ascii_digit),
            );
        }
    }
    Piece::Token { len, token }
}

/// How far an interpolation's code may run before the scanner stops looking for its end.
const MAX_INTERPOLATION: usize = 2000;

/// An interpolation from `open` at `rest[at]` to its balancing `close`. Its code may run over
/// several lines (`${encodeURIComponent(` on one line, the JSON it encodes on the next ones,
/// `)}` after them, as formatters lay out long template literals); the strings in it are
/// skipped whole, so a brace quoted there (`${f("}")}`) does not end it.
fn bracketed(rest: &[u8], at: usize, open: u8, close: u8) -> Option<Piece> {
    let rest = &rest[..rest.len().min(MAX_INTERPOLATION)];
    let mut depth = 0usize;
    let mut i = at;
    while i < rest.len() {
        let b = rest[i];
        match b {
            b'"' | b'\'' | b'`' if depth > 0 => {
                // A string in the code: to its unescaped closing quote, or no interpolation.
                let mut j = i + 1;
                loop {
                    match rest.get(j)? {
                        b'\\' => j += 2,
                        &q if q == b => break,
                        b'\n' if b != b'`' => return None,
                        _ => j += 1,
                    }
                }
                i = j;
            }
            _ if b == open => depth += 1,
            _ if b == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(token(&rest[at + 1..i], i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `{}`, `{0}`, `{name}`, `{name:>8}`, `{obj.attr!r}`, `{x[0]}`: a format field. Not `{"`
/// or `{ ` (JSON, code).
fn format_field(rest: &[u8]) -> Option<Piece> {
    let close = rest.iter().take(80).position(|&b| b == b'}')?;
    let inner = &rest[1..close];
    let name_len = inner
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'[' | b']'))
        .count();
    let spec_ok = match inner.get(name_len) {
        None => true,
        Some(b':' | b'!' | b'=') => !inner.contains(&b'\n') && !inner.contains(&b'{'),
        Some(b'(') => true, // a call in an f-string: `{quote(x)}`
        _ => false,
    };
    spec_ok.then(|| token(&inner[..name_len], close + 1))
}

/// `%s`, `%d`, `%-10s`, `%+v`, `%(name)s`, `%%`; `None` for `%26` and other percent-escapes.
fn printf(rest: &[u8]) -> Option<Piece> {
    if rest.get(1) == Some(&b'%') {
        // `%%` is a literal `%` in the format; as a URL it is then a percent-escape's start.
        return None;
    }
    if rest.len() >= 3 && rest[1].is_ascii_hexdigit() && rest[2].is_ascii_hexdigit() {
        return None;
    }
    let mut i = 1;
    let mut name: &[u8] = &[];
    if rest.get(1) == Some(&b'(') {
        let close = rest.iter().take(40).position(|&b| b == b')')?;
        name = &rest[2..close];
        i = close + 1;
    }
    while rest
        .get(i)
        .is_some_and(|b| matches!(b, b'-' | b'+' | b'#' | b' ' | b'0'..=b'9' | b'.'))
    {
        i += 1;
    }
    let verb = *rest.get(i)?;
    const VERBS: &[u8] = b"sdvqifxXrcoeEgGtTpuU";
    if !VERBS.contains(&verb) {
        return None;
    }
    // `%d` followed by a hex digit (`%de`) is more likely a typo'd escape than a verb.
    if i == 1 && verb.is_ascii_hexdigit() && rest.get(2).is_some_and(u8::is_ascii_hexdigit) {
        return None;
    }
    Some(token(name, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(src: &str, interp: Interp) -> Option<(String, usize)> {
        match at(src.as_bytes(), 0, interp)? {
            Piece::Token { len, token } => Some((token, len)),
            Piece::Brace(b) => Some(((b as char).to_string(), 2)),
        }
    }

    #[test]
    fn recognises_each_form() {
        let all = Interp {
            dollar_brace: true,
            dollar_paren: true,
            dollar_name: true,
            hash_brace: true,
            brace: true,
            brace_escapes: true,
            printf: true,
            backslash_paren: true,
            brace_dollar: true,
        };
        assert_eq!(tok("${perms}&", all), Some(("$perms".into(), 8)));
        assert_eq!(tok("${JSON.stringify(p)}", all), Some(("$_".into(), 20)));
        assert_eq!(tok("#{keys}", all), Some(("$keys".into(), 7)));
        assert_eq!(tok("$PERMS&", all), Some(("$PERMS".into(), 6)));
        assert_eq!(
            tok("$env:ACCOUNT_ID&", all),
            Some(("$env_ACCOUNT_ID".into(), 15))
        );
        assert_eq!(tok("$1", all), Some(("$_1".into(), 2)));
        assert_eq!(tok("{}", all), Some(("$_".into(), 2)));
        assert_eq!(tok("{0}", all), Some(("$_0".into(), 3)));
        assert_eq!(tok("{name:?}", all), Some(("$name".into(), 8)));
        assert_eq!(tok("{{", all), Some(("{".into(), 2)));
        assert_eq!(tok("{\"key\"}", all), None);
        assert_eq!(tok("%s&", all), Some(("$_".into(), 2)));
        assert_eq!(tok("%(name)s", all), Some(("$name".into(), 8)));
        assert_eq!(tok("%5B", all), None);
        assert_eq!(tok("%22", all), None);
        assert_eq!(tok("%%", all), None);
        assert_eq!(tok("\\(token)", all), Some(("$token".into(), 8)));
        assert_eq!(tok("{$name}", all), Some(("$name".into(), 7)));
        assert_eq!(tok("$(cat f)", all), Some(("$_".into(), 8)));
        assert_eq!(tok("${x", all), None);
    }

    #[test]
    fn an_interpolation_may_span_lines_and_quote_its_braces() {
        let js = Interp {
            dollar_brace: true,
            ..Interp::NONE
        };
        let multi =
            "${encodeURIComponent(\n  JSON.stringify([{ key: \"dns\", type: \"edit\" }]),\n)}&x";
        assert_eq!(tok(multi, js), Some(("$_".into(), multi.len() - 2)));
        assert_eq!(tok("${f(\"}\")}&", js), Some(("$_".into(), 9)));
        assert_eq!(tok("${f('{')}&", js), Some(("$_".into(), 9)));
        // Never closed: not an interpolation, however far the code runs.
        assert_eq!(tok("${f(\n  x,\n", js), None);
        assert_eq!(tok("${f(\"}\n\")}", js), None);
    }
}
