//! Reading one URL in its context: to where it ends, with escapes undone and every byte of
//! the text mapped to the source bytes it came from.

use super::context::InLiteral;
use super::*;

/// Reads one logical character at `pos`, undoing the escape there if there is one.
pub(super) fn next_unit(src: &[u8], pos: usize, ctx: &Context) -> Unit {
    let b = src[pos];
    if let Some(lit) = &ctx.literal {
        return match escape::decode(src, pos, lit.literal.escape) {
            Some(Decoded::Char(unit)) => unit,
            _ => Unit::raw(b),
        };
    }
    let decoded = match (ctx.escapes, b) {
        (Escapes::Markdown, b'\\') => crate::syntax::markdown::backslash_escape(src, pos),
        (Escapes::Markdown | Escapes::Html, b'&') => html::entity(src, pos),
        (Escapes::MarkdownCode, b'\\') if ctx.table && src.get(pos + 1) == Some(&b'|') => {
            Some(Unit::escaped('|', 2))
        }
        (Escapes::JsonString, b'\\') => json::backslash_escape(src, pos, Dialect::Json),
        (Escapes::YamlDouble, b'\\') => json::backslash_escape(src, pos, Dialect::Yaml),
        (Escapes::TomlBasic, b'\\') => json::backslash_escape(src, pos, Dialect::Toml),
        (Escapes::YamlSingle, b'\'') if src.get(pos + 1) == Some(&b'\'') => {
            Some(Unit::escaped('\'', 2))
        }
        _ => None,
    };
    decoded.unwrap_or(Unit::raw(b))
}

/// Tracks raw, unencoded JSON (or a bracketed placeholder) that starts right after `=`:
/// it is read to its balancing bracket, whatever quotes, commas and spaces it holds.
#[derive(Default)]
pub(super) struct RawJson {
    pub(super) depth: u32,
    pub(super) in_string: bool,
    pub(super) escape_next: bool,
}

impl RawJson {
    pub(super) fn observe(&mut self, c: u8, text_before: &[u8]) {
        if self.depth == 0 {
            let opens = match c {
                b'[' | b'{' => text_before.ends_with(b"=") || text_before.ends_with(b"=$"),
                _ => false,
            };
            if opens {
                self.depth = 1;
            }
            return;
        }
        if self.in_string {
            if self.escape_next {
                self.escape_next = false;
            } else if c == b'\\' {
                self.escape_next = true;
            } else if c == b'"' {
                self.in_string = false;
            }
            return;
        }
        match c {
            b'"' => self.in_string = true,
            b'[' | b'{' => self.depth += 1,
            b']' | b'}' => self.depth -= 1,
            _ => {}
        }
    }
}

/// CJK punctuation that ends a bare URL (full stop, commas, brackets, colon, ...).
pub(super) fn cjk_terminator_len(rest: &[u8]) -> Option<usize> {
    const ENDS: &[char] = &[
        '。', '，', '、', '「', '」', '（', '）', '：', '；', '！', '？', '【', '】',
    ];
    let head = &rest[..rest.len().min(3)];
    let c = std::str::from_utf8(head).ok()?.chars().next()?;
    ENDS.contains(&c).then_some(3)
}

/// `<name>` placeholders (`<json>`, `<vault-name>`) that docs put where a value goes.
pub(super) fn angle_placeholder_len(src: &[u8], pos: usize) -> Option<usize> {
    let rest = &src[pos + 1..];
    let close = rest.iter().take(64).position(|&b| b == b'>')?;
    let name = &rest[..close];
    let ok = !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.'));
    ok.then_some(close + 2)
}

/// A byte that means itself in every host syntax and every context a URL is read in: no
/// escape, interpolation, delimiter or JSON structure starts with it.
fn plain_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_' | b'.' | b'/' | b'=' | b':' | b'*' | b'+' | b',' | b'~'
        )
}

/// After this many interpolations that never close, a URL's `${` are read as text.
const MAX_UNCLOSED_INTERPOLATIONS: usize = 8;

/// A URL runs on through at most this many literals joined to the one it starts in.
const MAX_JOINED_LITERALS: usize = 64;

/// Where the URL's text left one literal for the next joined to it: that literal's end, and
/// how long the text was then. A URL that ends before the next literal adds anything ends at
/// the first one's close, as if the join were to code.
struct Join {
    close_end: usize,
    text_len: usize,
}

/// Reads the URL at `start` in its context: to where it ends, escapes undone.
pub(super) fn read_url(src: &[u8], start: usize, ctx: &Context) -> Occurrence {
    // A literal joined to another (`'...' + '...'`) changes the literal being read.
    let mut ctx = *ctx;
    let mut join: Option<Join> = None;
    let mut joins = 0;
    let mut out = Mapped::with_capacity((src.len() - start).min(256));
    let mut json = RawJson::default();
    let mut parens = 0u32;
    let mut pos = start;
    // Where the URL's literal closed, if the URL ran to its end.
    let mut closed = None;
    let mut holes = Vec::new();
    // The first space or tab the reader reads on across (inside raw JSON) where the page
    // shows the URL as a link that ends there.
    let mut link_break = None;
    // Each opener (`${`) is searched for its close some way ahead; code that leaves many
    // unclosed is not real code, and searching ahead for each would cost the square.
    let mut unclosed_interpolations = 0;
    // Delimiters of prose end the URL unless a literal holding only the URL delimits it.
    let bare = ctx.closer.is_none() && ctx.literal.is_none_or(|l| l.embedded);
    // `%` starts an interpolation only in literals that take printf's (`%s`).
    let mut percent_plain = ctx.literal.is_none_or(|l| !l.literal.interp.printf);
    while pos < src.len() {
        // Most of a URL is letters, digits and percent-escapes, which no host syntax escapes,
        // ends a URL on, or reads as JSON: taken a run at a time.
        if !json.escape_next {
            let run = src[pos..]
                .iter()
                .take_while(|&&b| plain_url_byte(b) || (b == b'%' && percent_plain))
                .count();
            if run > 0 {
                out.push_identity(&src[pos..pos + run], pos);
                pos += run;
                continue;
            }
        }
        let b = src[pos];
        if b == b'\n' || b == b'\r' {
            break;
        }
        if b >= 0x80 && json.depth == 0 && cjk_terminator_len(&src[pos..]).is_some() {
            break;
        }
        let mut unit = next_unit(src, pos, &ctx);
        if let Some(lit) = ctx.literal {
            if unit.escaped {
                // `\n` in `"...&name=x\n"` ends the URL, as a real line break would; so does
                // `\"` around it in prose or markup (`"<a href=\"https://...\">"`).
                let quote = matches!(unit.first(), b'"' | b'\'') && lit.embedded && json.depth == 0;
                if (unit.first() < 0x20 && unit.bytes().len() == 1) || quote {
                    break;
                }
            } else if let Some(n) = lit.literal.close.at(src, pos) {
                let next = (joins < MAX_JOINED_LITERALS)
                    .then(|| code::joined_literal(src, pos + n, lit.lang, lit.open))
                    .flatten();
                let Some((content_start, literal)) = next else {
                    closed = Some(pos + n);
                    break;
                };
                joins += 1;
                join = Some(Join {
                    close_end: pos + n,
                    text_len: out.len(),
                });
                ctx.literal = Some(InLiteral { literal, ..lit });
                percent_plain = !literal.interp.printf;
                pos = content_start;
                continue;
            } else if let Some(Decoded::Gone(n)) = escape::decode(src, pos, lit.literal.escape) {
                pos += n;
                continue;
            } else if unclosed_interpolations < MAX_UNCLOSED_INTERPOLATIONS {
                match interp::at(src, pos, lit.literal.interp) {
                    Some(interp::Piece::Token { len, token }) => {
                        out.push_all(token.as_bytes(), pos..pos + len);
                        holes.push(pos..pos + len);
                        pos += len;
                        continue;
                    }
                    Some(interp::Piece::Brace(brace)) => unit = Unit::escaped(brace as char, 2),
                    None => {
                        if interp::nested_open(src, pos, lit.literal.interp).is_some() {
                            unclosed_interpolations += 1;
                        }
                    }
                }
            }
        }
        let c = unit.first();
        if !unit.escaped {
            if Some(c) == ctx.closer || (c < 0x20 && c != b'\t') || c == 0x7f {
                break;
            }
            if c == b'|' && (ctx.table || (json.depth == 0 && ctx.closer.is_none())) {
                break;
            }
            if json.depth > 0 {
                // Raw JSON: whitespace and quotes belong to it; markup outside a string ends it.
                if c == b'<' && !json.in_string {
                    break;
                }
                if (c == b' ' || c == b'\t') && ctx.shown_as_link && link_break.is_none() {
                    link_break = Some(pos);
                }
            } else {
                if (c == b' ' || c == b'\t') && ctx.whitespace_ends {
                    break;
                }
                if bare {
                    match c {
                        b'<' => {
                            if out.ends_with(b"=") || out.ends_with(b"/") {
                                if let Some(len) = angle_placeholder_len(src, pos) {
                                    for (i, &byte) in src.iter().enumerate().skip(pos).take(len) {
                                        out.push_all(&[byte], i..i + 1);
                                    }
                                    pos += len;
                                    continue;
                                }
                            }
                            break;
                        }
                        b'>' | b'"' | b'\'' | b'`' | b']' => break,
                        // `[` opens link text (AsciiDoc's `url[text]`) unless it starts a
                        // raw JSON value or placeholder right after `=`.
                        b'[' if !out.ends_with(b"=") => break,
                        b'(' => parens += 1,
                        b')' if parens == 0 => break,
                        b')' => parens -= 1,
                        _ => {}
                    }
                }
            }
        }
        json.observe(c, out.bytes());
        out.push_all(unit.bytes(), pos..pos + unit.len);
        pos += unit.len;
    }
    if let Some(join) = join.filter(|j| closed.is_none() && out.len() == j.text_len) {
        closed = Some(join.close_end);
    }
    if bare && json.depth == 0 {
        // Sentence punctuation after a bare URL is not part of it (inside raw JSON cut off
        // at a line break it is the JSON's own), nor is the emphasis that closes around it.
        let raw_last = |out: &Mapped| out.origin(out.len() - 1).len() == 1;
        while let Some(last) = out.last() {
            if raw_last(&out) && matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\\') {
                out.truncate(out.len() - 1);
            } else {
                break;
            }
        }
        if let Some((marker, count)) = ctx.emphasis {
            let closing = out
                .bytes()
                .iter()
                .rev()
                .take_while(|&&b| b == marker)
                .count();
            if closing >= count && raw_last(&out) {
                out.truncate(out.len() - count);
            }
        }
    }
    let span = out.full_source_span();
    holes.retain(|h: &Range<usize>| h.end <= span.end);
    let (open_end, literal_end) = match (ctx.literal, closed) {
        (Some(lit), Some(close_end)) => {
            let unfinished = matches!(out.last(), Some(b'=' | b'&' | b'?'));
            (
                unfinished || code::joined(src, close_end, lit.lang, lit.open),
                true,
            )
        }
        _ => (false, false),
    };
    Occurrence {
        span,
        text: out,
        open_end,
        literal_end,
        holes,
        link_break,
    }
}
