//! The lexer for source code: runs a syntax's `Lang` table over a file, front to back, to
//! tell whether a position is in code, a comment, or a string literal (and which). It resumes
//! where the last question left it, so the URLs of one file cost one pass over it, and it is
//! started only once a file is known to hold the dashboard's host.

use crate::syntax::code::{is_ident, word_start, Adjacent, Lang, Literal, Open, Terminator};
use crate::syntax::escape::skip_len;
use crate::syntax::interp::nested_open;
use crate::syntax::Comment;

/// What a position is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Code,
    Comment,
    /// A string literal whose content starts at `content_start`.
    Literal {
        literal: Literal,
        content_start: usize,
    },
}

#[derive(Clone, Copy, Debug)]
enum State {
    Code,
    LineComment,
    /// In a block comment, inside `depth` more comments nested in it.
    BlockComment {
        open: &'static str,
        close: &'static str,
        depth: u32,
    },
    Str(Literal, usize),
    Heredoc {
        body: Literal,
        terminator: Terminator,
        indented: bool,
        /// Where the current line starts (content starts at each line).
        line: usize,
    },
}

/// A literal whose interpolation (`${ ... }`) is being read as code.
#[derive(Clone, Copy, Debug)]
struct Frame {
    literal: Literal,
    content_start: usize,
    close: u8,
    depth: u32,
}

/// A heredoc whose body starts at the next line break.
#[derive(Clone, Copy, Debug)]
struct Pending {
    body: Literal,
    terminator: Terminator,
    indented: bool,
}

/// Interpolations nest only so deep before the lexer stops following them.
const MAX_NESTING: usize = 16;

pub struct Cursor {
    lang: &'static Lang,
    /// Where the code starts (0, or a `<script>` block's content).
    pub base: usize,
    pos: usize,
    state: State,
    stack: Vec<Frame>,
    pending: Vec<Pending>,
}

impl Cursor {
    /// Whether this cursor reads `lang` from `base`.
    pub fn reads(&self, lang: &'static Lang, base: usize) -> bool {
        self.base == base && std::ptr::eq(self.lang, lang)
    }

    pub fn new(lang: &'static Lang, base: usize) -> Cursor {
        Cursor {
            lang,
            base,
            pos: base,
            state: State::Code,
            stack: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// What `target` is in. Targets come in increasing order; an earlier one restarts.
    pub fn at(&mut self, src: &[u8], target: usize) -> Place {
        if target < self.pos {
            *self = Cursor::new(self.lang, self.base);
        }
        let target = target.min(src.len());
        while self.pos < target {
            self.step(src, target);
        }
        match self.state {
            State::Code => Place::Code,
            State::LineComment | State::BlockComment { .. } => Place::Comment,
            State::Str(literal, content_start) => Place::Literal {
                literal,
                content_start,
            },
            State::Heredoc { body, line, .. } => Place::Literal {
                literal: body,
                content_start: line,
            },
        }
    }

    /// Whether `target` is in code or a line comment, outside every string, block comment
    /// and interpolation: where PHP's `?>` ends its code. Targets come in increasing order.
    pub fn in_plain_code(&mut self, src: &[u8], target: usize) -> bool {
        let place = self.at(src, target);
        self.stack.is_empty() && (place == Place::Code || matches!(self.state, State::LineComment))
    }

    fn step(&mut self, src: &[u8], target: usize) {
        match self.state {
            State::Code => self.code(src, target),
            State::LineComment => match memchr::memchr(b'\n', &src[self.pos..target]) {
                Some(i) => {
                    self.pos += i;
                    self.state = State::Code;
                }
                None => self.pos = target,
            },
            State::BlockComment { open, close, depth } => {
                let rest = &src[self.pos..];
                let closes = memchr::memmem::find(rest, close.as_bytes());
                let opens = self
                    .lang
                    .nested_comments
                    .then(|| {
                        memchr::memmem::find(&rest[..closes.unwrap_or(rest.len())], open.as_bytes())
                    })
                    .flatten();
                match (opens, closes) {
                    (Some(i), _) if self.pos + i < target => {
                        self.pos += i + open.len();
                        self.state = State::BlockComment {
                            open,
                            close,
                            depth: depth + 1,
                        };
                    }
                    (None, Some(i)) if self.pos + i < target => {
                        self.pos += i + close.len();
                        self.state = match depth {
                            0 => State::Code,
                            _ => State::BlockComment {
                                open,
                                close,
                                depth: depth - 1,
                            },
                        };
                    }
                    _ => self.pos = target,
                }
            }
            State::Str(literal, content_start) => self.string(src, literal, content_start),
            State::Heredoc {
                terminator,
                indented,
                line,
                body,
            } => {
                if self.pos == line && ends_heredoc(src, line, terminator, indented) {
                    let nl = memchr::memchr(b'\n', &src[line..]).map_or(src.len(), |i| line + i);
                    self.pos = nl;
                    self.state = State::Code;
                    return;
                }
                match memchr::memchr(b'\n', &src[self.pos..target]) {
                    Some(i) => {
                        self.pos += i + 1;
                        self.state = State::Heredoc {
                            body,
                            terminator,
                            indented,
                            line: self.pos,
                        };
                    }
                    None => self.pos = target,
                }
            }
        }
    }

    fn code(&mut self, src: &[u8], target: usize) {
        let pos = self.pos;
        let b = src[pos];
        // Inside a word nothing starts: a literal with a letter prefix (`r"`, `f'`, `b'`)
        // opens only at a word's start, and no comment opens with a letter. The rest of the
        // word is skipped at once (the lexer's hot path: most of a source file is words).
        if is_ident(b) && !word_start(src, pos) {
            let run = src[pos..target]
                .iter()
                .take_while(|&&c| is_ident(c))
                .count();
            self.pos += run.max(1);
            return;
        }
        if b == b'\n' {
            self.pos += 1;
            if !self.pending.is_empty() {
                let p = self.pending.remove(0);
                self.state = State::Heredoc {
                    body: p.body,
                    terminator: p.terminator,
                    indented: p.indented,
                    line: self.pos,
                };
            }
            return;
        }
        if let Some(frame) = self.stack.last_mut() {
            let open = if frame.close == b'}' { b'{' } else { b'(' };
            if b == open {
                frame.depth += 1;
            } else if b == frame.close {
                if frame.depth == 0 {
                    let frame = *frame;
                    self.stack.pop();
                    self.state = State::Str(frame.literal, frame.content_start);
                    self.pos += 1;
                    return;
                }
                frame.depth -= 1;
            }
        }
        for comment in self.lang.comments {
            let (open, close) = match *comment {
                Comment::Line(open) => (open, None),
                Comment::Block(open, close) => (open, Some(close)),
            };
            // The first byte alone rules out almost every position, without a comparison call.
            if b == open.as_bytes()[0]
                && src[pos..].starts_with(open.as_bytes())
                && (!self.lang.comment_at_word_start
                    || close.is_some()
                    || pos == 0
                    || matches!(
                        src[pos - 1],
                        b' ' | b'\t' | b'\n' | b'\r' | b';' | b'(' | b'{'
                    ))
            {
                self.pos += open.len();
                self.state = match close {
                    Some(close) => State::BlockComment {
                        open,
                        close,
                        depth: 0,
                    },
                    None => State::LineComment,
                };
                return;
            }
        }
        match (self.lang.open)(src, pos) {
            Some(Open::Literal(literal)) => {
                self.pos += literal.open_len.max(1);
                self.state = State::Str(literal, self.pos);
            }
            Some(Open::Skip(n)) => self.pos += n.max(1),
            Some(Open::Heredoc {
                len,
                terminator,
                indented,
                body,
            }) => {
                self.pos += len.max(1);
                self.pending.push(Pending {
                    body,
                    terminator,
                    indented,
                });
            }
            None => self.pos += 1,
        }
    }

    fn string(&mut self, src: &[u8], literal: Literal, content_start: usize) {
        let pos = self.pos;
        let b = src[pos];
        if literal.single_line && b == b'\n' {
            self.state = State::Code; // unclosed: give up at the line's end
            return;
        }
        if let Some(n) = skip_len(src, pos, literal.escape) {
            self.pos += n.max(1);
            return;
        }
        if let Some(n) = literal.close.at(src, pos) {
            self.pos += n;
            self.state = State::Code;
            return;
        }
        if self.stack.len() < MAX_NESTING {
            if let Some((close, open_len)) = nested_open(src, pos, literal.interp) {
                self.stack.push(Frame {
                    literal,
                    content_start,
                    close,
                    depth: 0,
                });
                self.pos += open_len;
                self.state = State::Code;
                return;
            }
        }
        self.pos += 1;
    }
}

/// Whether the line at `line` ends the heredoc.
fn ends_heredoc(src: &[u8], line: usize, terminator: Terminator, indented: bool) -> bool {
    let mut at = line;
    if indented {
        while matches!(src.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
    }
    let word = match terminator {
        Terminator::Word { start, len } => src.get(start..start + len).unwrap_or_default(),
        Terminator::Fixed(text) => text.as_bytes(),
    };
    src[at..].starts_with(word)
        && !src
            .get(at + word.len())
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

/// How many bytes of whitespace and line continuations (`\\` before a line break) start
/// `rest`, looked for within 200 bytes: what may stand between a literal and what joins it.
fn spaces(rest: &[u8]) -> usize {
    rest.iter()
        .take(200)
        .take_while(|b| b.is_ascii_whitespace() || **b == b'\\')
        .count()
}

/// What follows the literal that closed just before `after`: how far whitespace (and line
/// continuations) run, and whether a join operator (`+`, PHP's `.`) comes next and how long.
fn after_literal(src: &[u8], after: usize, lang: &Lang) -> (usize, Option<usize>) {
    let rest = src.get(after..).unwrap_or_default();
    let skip = spaces(rest);
    let next = &rest[skip..];
    let op = lang
        .joins
        .iter()
        .find(|op| next.starts_with(op.as_bytes()) && !next[op.len()..].starts_with(b"="))
        .map(|op| op.len());
    (skip, op)
}

/// Whether the whitespace `gap` between two literals lets them join in a language whose
/// literals join across spaces: a line break ends a statement unless a backslash continues
/// it, or the language joins lines inside brackets and the first literal (opening at
/// `open`) is inside some.
fn spaced_join(src: &[u8], gap: &[u8], in_brackets: bool, open: usize) -> bool {
    let mut lines = gap.split(|&b| b == b'\n');
    lines.next_back();
    let bare_break = lines.any(|line| !line.trim_ascii_end().ends_with(b"\\"));
    !bare_break || in_brackets && opens_in_brackets(src, open)
}

/// Whether the code before `open`, whitespace skipped (within 200 bytes, as `spaces` looks),
/// leaves a bracket open or a list going: `(`, `[`, `{` or `,` (`f(\n "a"`, `x = ["a",\n "b"`).
fn opens_in_brackets(src: &[u8], open: usize) -> bool {
    src[..open]
        .iter()
        .rev()
        .take(200)
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'(' | b'[' | b'{' | b','))
}

/// Whether code joins the literal that closed just before `after` to more of the string:
/// an operator (`+`, PHP's `.`) or, where the language says so, another literal. `open` is
/// where the first literal of the string opens.
pub fn joined(src: &[u8], after: usize, lang: &Lang, open: usize) -> bool {
    joined_literal_start(src, after, lang, open).is_some()
}

/// Where what joins the literal that closed just before `after` starts, and the literal
/// there if it is one (`None` for code after an operator).
fn joined_literal_start(
    src: &[u8],
    after: usize,
    lang: &Lang,
    open: usize,
) -> Option<(usize, Option<Literal>)> {
    let rest = src.get(after..).unwrap_or_default();
    if lang.adjacent == Adjacent::Touching {
        let touching = rest.first().is_some_and(|b| {
            !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b';' | b')' | b'|' | b'&')
        });
        return touching.then(|| (after, literal_at(src, after, lang)));
    }
    let (skip, op) = after_literal(src, after, lang);
    if let Some(len) = op {
        let from = after + skip + len;
        let start = from + spaces(src.get(from..).unwrap_or_default());
        return Some((start, literal_at(src, start, lang)));
    }
    let Adjacent::Spaced { in_brackets } = lang.adjacent else {
        return None;
    };
    let start = after + skip;
    let literal = literal_at(src, start, lang)?;
    spaced_join(src, &rest[..skip], in_brackets, open).then_some((start, Some(literal)))
}

/// The literal that opens at `at`, if one does.
fn literal_at(src: &[u8], at: usize, lang: &Lang) -> Option<Literal> {
    if at >= src.len() {
        return None;
    }
    match (lang.open)(src, at) {
        Some(Open::Literal(literal)) => Some(literal),
        _ => None,
    }
}

/// The literal the one that closed just before `after` is joined to, if the join is to a
/// literal rather than to code (`'...' + '...'`, Python's `"..." "..."`, a shell word's
/// `'...'"..."`): where its content starts, and its form. The string's text runs on there.
pub fn joined_literal(
    src: &[u8],
    after: usize,
    lang: &Lang,
    open: usize,
) -> Option<(usize, Literal)> {
    let (start, literal) = joined_literal_start(src, after, lang, open)?;
    literal.map(|literal| (start + literal.open_len, literal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::FileKind;

    fn place(kind: FileKind, src: &str, needle: &str) -> Place {
        let lang = kind.code().unwrap();
        let at = src.find(needle).unwrap();
        Cursor::new(lang, 0).at(src.as_bytes(), at)
    }

    fn in_literal(p: Place) -> bool {
        matches!(p, Place::Literal { .. })
    }

    #[test]
    fn follows_strings_comments_and_nesting() {
        let js = "const a = 'it\\'s'; // x 'y\nconst b = `${ f(\"}\") } URL`;";
        assert!(in_literal(place(FileKind::JavaScript, js, "URL")));
        assert_eq!(place(FileKind::JavaScript, js, "x 'y"), Place::Comment);
        assert_eq!(place(FileKind::JavaScript, js, "const b"), Place::Code);
        let rs = "let c = '\"'; let l: &'a str = r#\"a \" URL\"#; x";
        assert!(in_literal(place(FileKind::Rust, rs, "URL")));
        assert_eq!(place(FileKind::Rust, rs, "; x"), Place::Code);
        let py = "s = f'''{x}\n'' URL'''\nt = 1";
        assert!(in_literal(place(FileKind::Python, py, "URL")));
        assert_eq!(place(FileKind::Python, py, "t = 1"), Place::Code);
    }

    #[test]
    fn regular_expressions_hold_no_strings_and_division_is_not_one() {
        let js =
            "let r = /[/`]\\/'/g; let a = b / 2, c = (d) / e; s = \"URL\"; return /\"/.test(x)";
        assert_eq!(place(FileKind::JavaScript, js, "; let a"), Place::Code);
        assert!(in_literal(place(FileKind::JavaScript, js, "URL")));
        assert_eq!(place(FileKind::JavaScript, js, ".test"), Place::Code);
        // No closing `/` on the line: division, and the string after it is one.
        let div = "x = a\n/ 2; y = '/ URL'";
        assert!(in_literal(place(FileKind::JavaScript, div, "URL")));
    }

    #[test]
    fn nested_comments_long_raw_strings_quoted_characters_and_percent_literals() {
        let rs = "/* a /* it's */ b's */ let u = \"URL\"; x";
        assert!(in_literal(place(FileKind::Rust, rs, "URL")));
        assert_eq!(place(FileKind::Rust, rs, "b's"), Place::Comment);
        let cs = "var h = \"\"\"\"it's\"\"\" URL\"\"\"\"; var i = 1;";
        assert!(in_literal(place(FileKind::CSharp, cs, "URL")));
        assert_eq!(place(FileKind::CSharp, cs, "; var i"), Place::Code);
        let sh = "echo it\\'s \\\" # x\nu=\"URL\"";
        assert_eq!(place(FileKind::Shell, sh, "x\nu="), Place::Comment);
        assert!(in_literal(place(FileKind::Shell, sh, "URL")));
        let rb = "a = %q(it's (\"x\")) + %w[it's] + b % (c) + ?' + x ?'d':'e'\nu = \"URL\"";
        assert_eq!(place(FileKind::Ruby, rb, " + %w"), Place::Code);
        assert_eq!(place(FileKind::Ruby, rb, " + b %"), Place::Code);
        assert_eq!(place(FileKind::Ruby, rb, " + x"), Place::Code);
        assert!(in_literal(place(FileKind::Ruby, rb, "d'")));
        assert!(in_literal(place(FileKind::Ruby, rb, "URL")));
    }

    #[test]
    fn a_verbatim_string_may_start_with_a_doubled_quote() {
        let cs = "var a = $@\"\"\"x\"\" URL\"; var b = \"\"\"\nraw \" URL\n\"\"\"; c";
        assert!(in_literal(place(FileKind::CSharp, cs, "x\"\" URL")));
        assert_eq!(place(FileKind::CSharp, cs, "; var b"), Place::Code);
        assert!(in_literal(place(FileKind::CSharp, cs, "raw")));
        assert_eq!(place(FileKind::CSharp, cs, "; c"), Place::Code);
    }

    #[test]
    fn heredocs_run_to_their_terminator() {
        let sh = "cat <<-'EOF'\n  it's URL\n  EOF\necho done # it's\nz";
        assert!(in_literal(place(FileKind::Shell, sh, "URL")));
        assert_eq!(place(FileKind::Shell, sh, "done"), Place::Code);
        assert_eq!(place(FileKind::Shell, sh, "z"), Place::Code);
        let ps = "$a = @\"\nit's URL\n\"@\n$b";
        assert!(in_literal(place(FileKind::PowerShell, ps, "URL")));
        assert_eq!(place(FileKind::PowerShell, ps, "$b"), Place::Code);
    }

    #[test]
    fn joins() {
        let js = FileKind::JavaScript.code().unwrap();
        assert!(joined(b"\" + x", 1, js, 0));
        assert!(!joined(b"\" += x", 1, js, 0));
        assert!(!joined(b"\");", 1, js, 0));
        let php = FileKind::Php.syntax();
        let crate::syntax::Reading::Markup(php, _) = php.reading else {
            panic!()
        };
        assert!(joined(b"' . $x", 1, php, 0));
        let sh = FileKind::Shell.code().unwrap();
        assert!(joined(b"\"$PERMS", 1, sh, 0));
        assert!(!joined(b"\" ;", 1, sh, 0));
    }

    /// Python and Ruby join literals across spaces; a line break ends the statement unless a
    /// backslash continues it or (in Python) the literals are inside brackets. A constant
    /// followed by its docstring is two statements.
    #[test]
    fn spaced_literals_join_across_lines_only_where_the_statement_goes_on() {
        let py = FileKind::Python.code().unwrap();
        let rb = FileKind::Ruby.code().unwrap();
        // (source, where the first literal closes, where it opens)
        let same_line = (&b"U = \"a\" \"b\""[..], 7, 4);
        let in_parens = (&b"U = (\n  \"a\"\n  \"b\")"[..], 11, 8);
        let continued = (&b"U = \"a\" \\\n  \"b\""[..], 7, 4);
        let docstring = (&b"U = \"a\"\n\"\"\"Doc.\"\"\""[..], 7, 4);
        let in_list = (&b"L = [\n  \"x\",\n  \"a\"\n  \"b\"]"[..], 18, 15);
        for (lang, case, joins) in [
            (py, same_line, true),
            (py, in_parens, true),
            (py, continued, true),
            (py, in_list, true),
            (py, docstring, false),
            (rb, same_line, true),
            (rb, continued, true),
            (rb, in_parens, false),
        ] {
            let (src, after, open) = case;
            assert_eq!(src[after - 1], b'"', "{}", String::from_utf8_lossy(src));
            assert_eq!(src[open], b'"', "{}", String::from_utf8_lossy(src));
            assert_eq!(
                joined(src, after, lang, open),
                joins,
                "{}",
                String::from_utf8_lossy(src)
            );
        }
    }
}
