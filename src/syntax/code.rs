//! The table a source-code syntax fills in: its comments, its string literals (what opens
//! and closes each, its escapes and interpolations), and what joins a literal to code. The
//! scanner's lexer (`scan::code`) runs on it.

use super::escape::Escape;
use super::interp::Interp;
use super::Comment;

/// How one programming language writes strings and comments.
pub struct Lang {
    /// Comments, for the lexer and for suppressions.
    pub comments: &'static [Comment],
    /// A line comment starts only at the start of a word (shell: `a#b` is one word).
    pub comment_at_word_start: bool,
    /// Block comments nest (Rust, Swift, Kotlin: `/* a /* b */ c */` is one comment).
    pub nested_comments: bool,
    /// Recognises what starts at `src[pos]` in code, if it is a literal or a token to skip.
    pub open: fn(src: &[u8], pos: usize) -> Option<Open>,
    /// Operators that join a literal to what follows (`+`, PHP's `.`).
    pub joins: &'static [&'static str],
    /// How a literal right after another joins it.
    pub adjacent: Adjacent,
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lang")
            .field("comments", &self.comments)
            .finish()
    }
}

/// Which literals next to each other make one string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Adjacent {
    Never,
    /// Across spaces (`"a" "b"`), and across a line break after a backslash. A bare line
    /// break ends the statement, unless `in_brackets` and the first literal sits inside
    /// brackets (Python's `("a"\n "b")`).
    Spaced {
        in_brackets: bool,
    },
    /// Only touching (a shell word: `"a"$b`, `"a"'b'`).
    Touching,
}

/// What `Lang::open` found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    /// A literal whose content starts `Literal::open_len` bytes on.
    Literal(Literal),
    /// A token that only looks like an opener (a character literal `'"'`, a lifetime `'a`):
    /// this many bytes of code.
    Skip(usize),
    /// A heredoc (`<<EOF`): its body starts on the next line and ends at a line holding
    /// `terminator`.
    Heredoc {
        /// Bytes of the `<<EOF` token.
        len: usize,
        terminator: Terminator,
        /// `<<-` and `<<~`: the terminator may be indented.
        indented: bool,
        body: Literal,
    },
}

/// The line that ends a heredoc or a here-string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terminator {
    /// A word written in the file (`EOF`), by its position.
    Word { start: usize, len: usize },
    /// Fixed text (PowerShell's `"@`).
    Fixed(&'static str),
}

/// A string literal's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Literal {
    /// Bytes of the opening delimiter, prefix included (`r#"` is 3).
    pub open_len: usize,
    pub close: Closer,
    pub escape: Escape,
    pub interp: Interp,
    /// A line break ends it (so an unclosed one does not swallow the file).
    pub single_line: bool,
}

impl Literal {
    /// A literal closed by `quote`, with these escapes and interpolations.
    pub const fn quoted(quote: u8, escape: Escape, interp: Interp) -> Literal {
        Literal {
            open_len: 1,
            close: Closer::Quote(quote),
            escape,
            interp,
            single_line: false,
        }
    }

    /// The body of a heredoc or here-string: it ends at a line of its own.
    pub const fn body(escape: Escape, interp: Interp) -> Literal {
        Literal {
            open_len: 0,
            close: Closer::Line,
            escape,
            interp,
            single_line: false,
        }
    }

    pub const fn single_line(self) -> Literal {
        Literal {
            single_line: true,
            ..self
        }
    }

    pub const fn opened_by(self, open_len: usize) -> Literal {
        Literal { open_len, ..self }
    }
}

/// What closes a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closer {
    Quote(u8),
    /// A run of this many of the quote (`"""`; C#'s raw strings open and close with three or
    /// more).
    Run(u8, u8),
    /// The quote and this many `#` (Rust's `r#"..."#`, Swift's `#"..."#`).
    Hashes(u8, u8),
    /// A line of its own (heredocs, here-strings): a URL ends at its line's end anyway.
    Line,
}

impl Closer {
    /// The closer's length if it closes at `pos`.
    pub fn at(self, src: &[u8], pos: usize) -> Option<usize> {
        let rest = src.get(pos..)?;
        match self {
            Closer::Quote(q) => (rest.first() == Some(&q)).then_some(1),
            Closer::Run(q, n) => {
                let n = n as usize;
                (rest.len() >= n && rest[..n].iter().all(|&b| b == q)).then_some(n)
            }
            Closer::Hashes(q, n) => {
                let n = n as usize;
                let ok = rest.first() == Some(&q)
                    && rest.len() > n
                    && rest[1..=n].iter().all(|&b| b == b'#');
                ok.then_some(n + 1)
            }
            Closer::Line => None,
        }
    }
}

/// Whether an operand may start at `pos`, so that a `/` there opens a regular expression
/// rather than dividing (JavaScript), or a `%` opens a string (Ruby): at the start, after an
/// operator, an opening bracket, a comma or one of `words` (`return`); not after a name, a
/// number or a closing bracket. `<` and `>` are left out: in JSX, `</a>` closes a tag.
pub fn operand_may_start(src: &[u8], pos: usize, words: &[&[u8]]) -> bool {
    let before = &src[..pos];
    let Some(last) = before.iter().rposition(|b| !b.is_ascii_whitespace()) else {
        return true;
    };
    match src[last] {
        b'(' | b',' | b'=' | b':' | b'[' | b'!' | b'&' | b'|' | b'?' | b'{' | b';' => true,
        b'+' | b'-' | b'*' | b'%' | b'~' | b'^' => true,
        b if is_ident(b) => {
            let start = before[..last]
                .iter()
                .rposition(|&b| !is_ident(b))
                .map_or(0, |i| i + 1);
            words.contains(&&before[start..=last])
        }
        _ => false,
    }
}

/// Whether `b` can be part of an identifier (a prefix letter glued to a name is no prefix).
pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Whether `pos` starts a word: nothing identifier-like just before it.
pub fn word_start(src: &[u8], pos: usize) -> bool {
    pos == 0 || !is_ident(src[pos - 1])
}

/// A character literal at `pos` (`'a'`, `'"'`, `'\''`, `'\u{26}'`): its length, for the
/// languages where `'` is not a string quote.
pub fn char_literal(src: &[u8], pos: usize) -> Option<usize> {
    let rest = src.get(pos..)?;
    if rest.first() != Some(&b'\'') {
        return None;
    }
    if rest.get(1) == Some(&b'\\') {
        // An escape: up to the closing quote, a short way on.
        let close = rest.iter().skip(3).take(10).position(|&b| b == b'\'')?;
        return Some(close + 4);
    }
    // One character (up to four UTF-8 bytes) and the quote.
    let width = match rest.get(1)? {
        b if *b < 0x80 => 1,
        b if *b >= 0xF0 => 4,
        b if *b >= 0xE0 => 3,
        _ => 2,
    };
    (rest.get(1 + width) == Some(&b'\'')).then_some(width + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closers_and_char_literals() {
        assert_eq!(Closer::Hashes(b'"', 2).at(b"x\"##", 1), Some(3));
        assert_eq!(Closer::Hashes(b'"', 2).at(b"x\"#", 1), None);
        assert_eq!(Closer::Run(b'\'', 3).at(b"'''", 0), Some(3));
        assert_eq!(char_literal(b"'\"'", 0), Some(3));
        assert_eq!(char_literal(b"'\\''", 0), Some(4));
        assert_eq!(char_literal(b"'a", 0), None);
        assert_eq!(char_literal("'é'".as_bytes(), 0), Some(4));
    }
}
