//! Finds every Cloudflare dashboard URL in a file and reads it the way its host syntax means
//! it: where it ends (a `)` closing a Markdown link, a quote closing an attribute or string, a
//! `|` closing a table cell, ...) and which escapes to undo (`\_`, `&amp;`, `\u0026`, ...).
//!
//! In source code, a lexer over the syntax's table (`code`) says whether the URL sits in a
//! string literal, a comment or code; in a literal it ends at the closing delimiter, escapes
//! are the language's, and interpolations are read as placeholders.
//!
//! The result is an `Occurrence`: the URL's source span and its text with escapes undone, each
//! byte mapped back to the source bytes it came from.

pub mod code;
pub mod markdown;
pub mod markup;

use std::ops::Range;
use std::sync::OnceLock;

use memchr::memmem;

use crate::mapped::Mapped;
use crate::syntax::code::{Closer, Lang};
use crate::syntax::escape::{self, Decoded};
use crate::syntax::json::{self, Dialect};
pub use crate::syntax::unit;
use crate::syntax::{html, interp, FileKind, Reading};
use code::Place;
use unit::Unit;

/// The host every template URL points at.
pub const DASHBOARD_HOST: &str = "dash.cloudflare.com";

/// One URL as found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The URL's bytes in the file.
    pub span: Range<usize>,
    /// The URL with the host syntax's escapes undone (percent-encoding is still there).
    pub text: Mapped,
    /// The URL is a fragment whose rest code supplies: its literal is joined to code
    /// (`"...permissionGroupKeys=" + x`), or ends where a value should start (`...=`).
    pub open_end: bool,
    /// The URL ran to its string literal's closing delimiter (in source code): anything it
    /// leaves unfinished (JSON cut mid-way) continues in code.
    pub literal_end: bool,
    /// Interpolations (`${x}`, `{name}`, `%s`) inside it, by their source bytes: read as
    /// placeholder tokens (`$x`).
    pub holes: Vec<Range<usize>>,
}

impl Occurrence {
    /// Text read in a syntax with no literals: nothing open, no holes.
    pub fn plain(text: Mapped) -> Occurrence {
        Occurrence {
            span: text.full_source_span(),
            text,
            open_end: false,
            literal_end: false,
            holes: Vec::new(),
        }
    }
}

/// Which escapes the host syntax applies around a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escapes {
    /// Taken as written: plain text, code blocks, YAML plain scalars, TOML literal strings.
    None,
    /// Markdown text: backslash escapes of punctuation and HTML character references.
    Markdown,
    /// A Markdown code span: nothing, except `\|` in a table row (GFM splits cells first).
    MarkdownCode,
    /// HTML text and attributes: character references.
    Html,
    JsonString,
    YamlDouble,
    /// YAML single-quoted: `''` is a quote.
    YamlSingle,
    TomlBasic,
}

/// How the URL at a given place is delimited and escaped.
#[derive(Clone, Copy, Debug)]
struct Context {
    /// The character that closes the construct the URL sits in (a quote, a backtick, `>`).
    closer: Option<u8>,
    escapes: Escapes,
    /// In a Markdown table row: an unescaped `|` ends the cell.
    table: bool,
    /// Whether whitespace ends the URL (true except inside quoted strings of data formats and
    /// HTML attributes, where the closing quote does).
    whitespace_ends: bool,
    /// Markdown emphasis around a bare URL (`**https://...**`): the marker and how many.
    emphasis: Option<(u8, usize)>,
    /// In source code, the string literal the URL sits in.
    literal: Option<InLiteral>,
}

#[derive(Clone, Copy, Debug)]
struct InLiteral {
    literal: crate::syntax::code::Literal,
    lang: &'static Lang,
    /// The literal holds more than the URL (it does not start at the literal's start): text
    /// around it ends it as in prose.
    embedded: bool,
}

/// What the scanner knows about a file's structure so far, for positions visited in
/// increasing order: its fenced code blocks, the current line, where the code lexer is, and
/// the code regions of markup. Each is computed on first need.
#[derive(Default)]
struct Places {
    fences: Option<Vec<markdown::Fence>>,
    lines: markdown::LineCursor,
    code: Option<code::Cursor>,
    regions: Option<Vec<Range<usize>>>,
}

fn host_finder() -> &'static memmem::Finder<'static> {
    static FINDER: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| memmem::Finder::new(DASHBOARD_HOST))
}

fn lookalike_finder() -> &'static memmem::Finder<'static> {
    static FINDER: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| memmem::Finder::new("api-tokens"))
}

/// Cheap test before any parsing: can this file hold a template URL at all? (Every template
/// names the dashboard host, or has `api-tokens` in its path or `to`.)
pub fn may_contain_template(src: &[u8]) -> bool {
    host_finder().find(src).is_some() || lookalike_finder().find(src).is_some()
}

/// Every dashboard URL in `src`, in order.
pub fn scan(src: &[u8], kind: FileKind) -> Vec<Occurrence> {
    Occurrences::new(src, kind, false).collect()
}

/// The dashboard URLs that can be template URLs, in order, one at a time (a file with 100,000
/// URLs never holds them all decoded at once): those whose path is the token form's
/// (`/profile/api-tokens` or `/`) followed by a query. Reading the others in full (most
/// dashboard links in docs) would be wasted work.
pub fn scan_candidates(src: &[u8], kind: FileKind) -> Occurrences<'_> {
    Occurrences::new(src, kind, true)
}

/// An iterator over the URL occurrences of one file.
pub struct Occurrences<'a> {
    src: &'a [u8],
    kind: FileKind,
    candidates_only: bool,
    hits: memmem::FindIter<'a, 'static>,
    places: Places,
    /// Where the last occurrence ended: hits before it are inside it.
    last_end: usize,
}

impl<'a> Occurrences<'a> {
    fn new(src: &'a [u8], kind: FileKind, candidates_only: bool) -> Self {
        Occurrences {
            src,
            kind,
            candidates_only,
            hits: host_finder().find_iter(src),
            places: Places::default(),
            last_end: 0,
        }
    }
}

impl Iterator for Occurrences<'_> {
    type Item = Occurrence;

    fn next(&mut self) -> Option<Occurrence> {
        let src = self.src;
        for hit in self.hits.by_ref() {
            if hit < self.last_end {
                continue; // a dashboard URL inside the previous one (a redirect parameter, say)
            }
            let Some(start) = url_start(src, hit) else {
                continue;
            };
            let after_host = hit + DASHBOARD_HOST.len();
            let escaped_slash = src.get(after_host..after_host + 2) == Some(br"\/");
            if !escaped_slash && !matches!(src.get(after_host), Some(b'/' | b'?' | b'#' | b':')) {
                continue; // the bare host, or a longer host such as dash.cloudflare.com.example.net
            }
            let ctx = context_at(src, start, self.kind, &mut self.places);
            if self.candidates_only && !is_candidate(src, after_host, &ctx) {
                continue;
            }
            let occurrence = read_url(src, start, &ctx);
            if occurrence.span.end > after_host {
                self.last_end = occurrence.span.end;
                return Some(occurrence);
            }
        }
        None
    }
}

/// How far before `api-tokens` a look-alike URL's scheme may be.
const LOOKBACK: usize = 200;

/// URLs shaped like token templates whose host is not written exactly `dash.cloudflare.com`:
/// look-alike hosts (`dash-cloudflare.com`, `dash.cloudflare.com.example.net`, IDN
/// homographs), user-info tricks (`https://dash.cloudflare.com@example.net/`), upper case.
/// They are found from the `api-tokens` in their path or `to` parameter, outside the spans
/// `covered` by the dashboard URLs already found, so the common case costs one more `memmem`.
pub fn lookalike_candidates(
    src: &[u8],
    kind: FileKind,
    covered: &[Range<usize>],
) -> Vec<Occurrence> {
    let finder = lookalike_finder();
    let mut out: Vec<Occurrence> = Vec::new();
    let mut places = Places::default();
    let mut next_covered = 0;
    for hit in finder.find_iter(src) {
        // `covered` is sorted: walk it alongside the hits, never from the start.
        while next_covered < covered.len() && covered[next_covered].end <= hit {
            next_covered += 1;
        }
        let inside = |r: &Range<usize>| r.start <= hit && hit < r.end;
        if covered.get(next_covered).is_some_and(inside)
            || out.last().is_some_and(|o| inside(&o.span))
        {
            continue;
        }
        // A path segment or a `to` value (`/api-tokens`, `%2Fapi-tokens`), not prose; and not
        // the dashboard's own token page (`dash.cloudflare.com/profile/api-tokens`), the
        // most common link of all.
        if !matches!(hit.checked_sub(1).map(|i| src[i]), Some(b'/' | b'F' | b'f'))
            || src[..hit].ends_with(b"//dash.cloudflare.com/profile/")
        {
            continue;
        }
        // The scheme is close before the path: look back a bounded way (a 50 MB line must
        // not be searched back to its start for every hit).
        let window = hit.saturating_sub(LOOKBACK);
        let line_start =
            memchr::memrchr(b'\n', &src[window..hit]).map_or(window, |i| window + i + 1);
        static SCHEME_END: OnceLock<memmem::FinderRev<'static>> = OnceLock::new();
        let scheme_end = SCHEME_END.get_or_init(|| memmem::FinderRev::new("://"));
        let Some(sep) = scheme_end
            .rfind(&src[line_start..hit])
            .map(|i| line_start + i)
        else {
            continue;
        };
        let scheme_len = src[..sep]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if scheme_len == 0 {
            continue;
        }
        let start = sep - scheme_len;
        // One URL: nothing between its scheme and the hit that would end it.
        if src[start..hit]
            .iter()
            .any(|b| matches!(b, b' ' | b'\t' | b'"' | b'\'' | b'<' | b'>' | b'`'))
        {
            continue;
        }
        let authority_end = src[sep + 3..hit]
            .iter()
            .position(|b| matches!(b, b'/' | b'?' | b'#'))
            .map_or(hit, |i| sep + 3 + i);
        if &src[sep + 3..authority_end] == DASHBOARD_HOST.as_bytes() {
            continue; // the dashboard itself: the main scan's business
        }
        if start > 0 && src[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let ctx = context_at(src, start, kind, &mut places);
        let occurrence = read_url(src, start, &ctx);
        if occurrence.span.start <= hit && hit < occurrence.span.end {
            out.push(occurrence);
        }
    }
    out
}

/// Whether the URL whose host ends at `after_host` can be a template (see `token_form_prefix`).
fn is_candidate(src: &[u8], after_host: usize, ctx: &Context) -> bool {
    // Most URLs hold no escapes near the host: look at the bytes as they are.
    let raw = &src[after_host..(after_host + 40).min(src.len())];
    if !raw.iter().any(|b| matches!(b, b'\\' | b'&' | b'\'' | b'`')) {
        return token_form_prefix(raw);
    }
    let (peek, n) = peek_after_host(src, after_host, ctx);
    token_form_prefix(&peek[..n])
}

/// Whether the URL text right after the host (`rest`, escapes undone) can start a template:
/// a query on the token form's path, or on a path nearly like it (`/profile/api-token?`). A
/// query that opens with `to=/:account/<page>` must name a page close to `api-tokens`: docs
/// link to many other account pages that way (`?to=/:account/workers`).
fn token_form_prefix(rest: &[u8]) -> bool {
    if rest.starts_with(b":") {
        return true; // a port: the full parse decides
    }
    if let Some(path) = rest.strip_prefix(b"/profile/") {
        // The path must end in a query within the peek (`/profile/api-tokens)` is a plain link).
        let path_char = |b: &&u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/');
        return path.iter().find(|b| !path_char(b)) == Some(&b'?');
    }
    let query = rest.strip_prefix(b"/").unwrap_or(rest);
    if !query.starts_with(b"?") {
        return false;
    }
    match query.strip_prefix(b"?to=/:account/") {
        Some(page) => {
            let end = page.iter().position(|&b| {
                matches!(
                    b,
                    b'&' | b'#' | b'/' | b' ' | b')' | b'"' | b'\'' | b'`' | b'<'
                )
            });
            match end {
                // The page name is cut by the peek: let the full parse decide.
                None => true,
                Some(end) => {
                    // A length difference alone rules most pages out (`workers`).
                    let name = &page[..end];
                    name.len().abs_diff(b"api-tokens".len()) <= 2
                        && crate::text::edit_distance(&String::from_utf8_lossy(name), "api-tokens")
                            <= 2
                }
            }
        }
        None => true,
    }
}

/// The first few characters after the host, escapes undone (a `\/` in JSON is a `/`).
fn peek_after_host(src: &[u8], at: usize, ctx: &Context) -> ([u8; 40], usize) {
    let mut buf = [0u8; 40];
    let (mut n, mut pos) = (0, at);
    while pos < src.len() && n < buf.len() {
        let unit = next_unit(src, pos, ctx);
        for &b in unit.bytes() {
            if n < buf.len() {
                buf[n] = b;
                n += 1;
            }
        }
        pos += unit.len;
    }
    (buf, n)
}

/// Where the URL containing the host at `hit` starts: its scheme, `//`, or the host itself.
/// `None` when the host is part of a longer name (`xdash.cloudflare.com`) or of user-info.
fn url_start(src: &[u8], hit: usize) -> Option<usize> {
    let before = &src[..hit];
    // `\/\/` is how JSON writers often escape the slashes.
    let slashes_len = if before.ends_with(b"//") {
        2
    } else if before.ends_with(br"\/\/") {
        4
    } else {
        0
    };
    if slashes_len > 0 {
        let slashes = hit - slashes_len;
        if before[..slashes].ends_with(b":") {
            let colon = slashes - 1;
            let scheme_len = before[..colon]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let scheme = &before[colon - scheme_len..colon];
            if scheme.eq_ignore_ascii_case(b"https") || scheme.eq_ignore_ascii_case(b"http") {
                return Some(colon - scheme.len());
            }
            return None;
        }
        return Some(slashes);
    }
    match before.last() {
        Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'@' | b'%') => {
            None
        }
        _ => Some(hit),
    }
}

fn context_at(src: &[u8], start: usize, kind: FileKind, places: &mut Places) -> Context {
    match kind.syntax().reading {
        Reading::Code(lang) => code_context(src, start, lang, 0, places),
        Reading::Markup(lang, kinds) => {
            let regions = places
                .regions
                .get_or_insert_with(|| markup::regions(src, kinds));
            match markup::region_at(regions, start) {
                Some(region) => {
                    let base = region.start;
                    code_context(src, start, lang, base, places)
                }
                None => docs_context(src, start, FileKind::Html, places),
            }
        }
        Reading::Docs => docs_context(src, start, kind, places),
    }
}

/// The context of a URL in source code (from `base`, where the code starts).
fn code_context(
    src: &[u8],
    start: usize,
    lang: &'static Lang,
    base: usize,
    places: &mut Places,
) -> Context {
    let cursor = places
        .code
        .get_or_insert_with(|| code::Cursor::new(lang, base));
    if !cursor.reads(lang, base) {
        *cursor = code::Cursor::new(lang, base);
    }
    match cursor.at(src, start) {
        Place::Literal {
            literal,
            content_start,
        } => {
            let embedded = start != content_start || literal.close == Closer::Line;
            Context {
                closer: None,
                escapes: Escapes::None,
                table: false,
                whitespace_ends: embedded,
                emphasis: None,
                literal: Some(InLiteral {
                    literal,
                    lang,
                    embedded,
                }),
            }
        }
        // Comments are prose (often Markdown: doc comments); a URL in code is one the
        // lexer could not place (JSX text, a shell word): read both as text.
        Place::Comment | Place::Code => {
            let prev = start.checked_sub(1).map(|i| src[i]);
            Context {
                closer: match prev {
                    Some(q @ (b'"' | b'\'' | b'`')) => Some(q),
                    _ => None,
                },
                escapes: Escapes::Markdown,
                table: false,
                whitespace_ends: true,
                emphasis: None,
                literal: None,
            }
        }
    }
}

fn docs_context(src: &[u8], start: usize, kind: FileKind, places: &mut Places) -> Context {
    let prev = start.checked_sub(1).map(|i| src[i]);
    let prev2 = start.checked_sub(2).map(|i| src[i]);
    let mut syntax = kind;
    let mut markdown_text = false;
    let mut code_span = false;
    let mut table = false;
    if kind.is_markdown_like() {
        let fences = places.fences.get_or_insert_with(|| markdown::fences(src));
        match markdown::fence_at(fences, start) {
            Some(fence) => {
                let language = fence.language.unwrap_or(FileKind::Text);
                let content = fence.content.start;
                match language.syntax().reading {
                    Reading::Code(lang) => return code_context(src, start, lang, content, places),
                    Reading::Markup(..) => syntax = FileKind::Html,
                    Reading::Docs => syntax = language,
                }
            }
            None => {
                let (in_table, in_code) = places.lines.at(src, start);
                table = in_table;
                code_span = prev == Some(b'`') || in_code;
                markdown_text = true;
            }
        }
    }
    let attribute = prev2 == Some(b'=');
    let closer = match prev {
        _ if code_span => Some(b'`'),
        Some(q @ (b'"' | b'\'')) => Some(q),
        Some(b'<') => Some(b'>'),
        _ => None,
    };
    let escapes = if markdown_text {
        match prev {
            _ if code_span => Escapes::MarkdownCode,
            Some(b'"' | b'\'') if attribute => Escapes::Html,
            Some(b'"') if prev2 == Some(b'{') => Escapes::JsonString, // JSX `href={"..."}`
            _ => Escapes::Markdown,
        }
    } else {
        match (syntax, prev) {
            (FileKind::Html, _) => Escapes::Html,
            (FileKind::Json, Some(b'"')) => Escapes::JsonString,
            (FileKind::Yaml, Some(b'"')) => Escapes::YamlDouble,
            (FileKind::Yaml, Some(b'\'')) => Escapes::YamlSingle,
            (FileKind::Toml, Some(b'"')) => Escapes::TomlBasic,
            // Plain text is often Markdown copied as it was (`workers\_scripts`, `&amp;`): a
            // backslash or an entity is never part of a URL, so undoing them is safe.
            (FileKind::Text, _) => Escapes::Markdown,
            _ => Escapes::None,
        }
    };
    let quoted = matches!(closer, Some(b'"' | b'\''));
    let data_string =
        matches!(syntax, FileKind::Json | FileKind::Yaml | FileKind::Toml) && !markdown_text;
    let whitespace_ends = !(quoted && (data_string || attribute));
    let emphasis = match prev {
        Some(m @ (b'*' | b'_' | b'~')) if markdown_text && closer.is_none() => Some((
            m,
            src[..start].iter().rev().take_while(|&&b| b == m).count(),
        )),
        _ => None,
    };
    Context {
        closer,
        escapes,
        table,
        whitespace_ends,
        emphasis,
        literal: None,
    }
}

/// Reads one logical character at `pos`, undoing the escape there if there is one.
fn next_unit(src: &[u8], pos: usize, ctx: &Context) -> Unit {
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
struct RawJson {
    depth: u32,
    in_string: bool,
    escape_next: bool,
}

impl RawJson {
    fn observe(&mut self, c: u8, text_before: &[u8]) {
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
fn cjk_terminator_len(rest: &[u8]) -> Option<usize> {
    const ENDS: &[char] = &[
        '。', '，', '、', '「', '」', '（', '）', '：', '；', '！', '？', '【', '】',
    ];
    let head = &rest[..rest.len().min(3)];
    let c = std::str::from_utf8(head).ok()?.chars().next()?;
    ENDS.contains(&c).then_some(3)
}

/// `<name>` placeholders (`<json>`, `<vault-name>`) that docs put where a value goes.
fn angle_placeholder_len(src: &[u8], pos: usize) -> Option<usize> {
    let rest = &src[pos + 1..];
    let close = rest.iter().take(64).position(|&b| b == b'>')?;
    let name = &rest[..close];
    let ok = !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.'));
    ok.then_some(close + 2)
}

/// Reads the URL at `start` in its context: to where it ends, escapes undone.
fn read_url(src: &[u8], start: usize, ctx: &Context) -> Occurrence {
    let mut out = Mapped::with_capacity((src.len() - start).min(160));
    let mut json = RawJson::default();
    let mut parens = 0u32;
    let mut pos = start;
    // Where the URL's literal closed, if the URL ran to its end.
    let mut closed = None;
    let mut holes = Vec::new();
    // Delimiters of prose end the URL unless a literal holding only the URL delimits it.
    let bare = ctx.closer.is_none() && ctx.literal.is_none_or(|l| l.embedded);
    while pos < src.len() {
        let b = src[pos];
        if b == b'\n' || b == b'\r' {
            break;
        }
        if b >= 0x80 && json.depth == 0 && cjk_terminator_len(&src[pos..]).is_some() {
            break;
        }
        let mut unit = next_unit(src, pos, ctx);
        if let Some(lit) = &ctx.literal {
            if unit.escaped {
                // `\n` in `"...&name=x\n"` ends the URL, as a real line break would; so does
                // `\"` around it in prose or markup (`"<a href=\"https://...\">"`).
                let quote = matches!(unit.first(), b'"' | b'\'') && lit.embedded && json.depth == 0;
                if (unit.first() < 0x20 && unit.bytes().len() == 1) || quote {
                    break;
                }
            } else if let Some(n) = lit.literal.close.at(src, pos) {
                closed = Some(pos + n);
                break;
            } else if let Some(Decoded::Gone(n)) = escape::decode(src, pos, lit.literal.escape) {
                pos += n;
                continue;
            } else {
                match interp::at(src, pos, lit.literal.interp) {
                    Some(interp::Piece::Token { len, token }) => {
                        out.push_all(token.as_bytes(), pos..pos + len);
                        holes.push(pos..pos + len);
                        pos += len;
                        continue;
                    }
                    Some(interp::Piece::Brace(brace)) => unit = Unit::escaped(brace as char, 2),
                    None => {}
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
            (unfinished || code::joined(src, close_end, lit.lang), true)
        }
        _ => (false, false),
    };
    Occurrence {
        span,
        text: out,
        open_end,
        literal_end,
        holes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(src: &str, kind: FileKind) -> Vec<(String, String)> {
        scan(src.as_bytes(), kind)
            .into_iter()
            .map(|o| (src[o.span.clone()].to_string(), o.text.to_string_lossy()))
            .collect()
    }

    fn one(src: &str, kind: FileKind) -> (String, String) {
        let all = urls(src, kind);
        assert_eq!(all.len(), 1, "{all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn markdown_link_ends_at_closing_paren_and_keeps_balanced_ones() {
        let (src, _) = one(
            "[t](https://dash.cloudflare.com/profile/api-tokens?name=a(b)c \"title\") x",
            FileKind::Markdown,
        );
        assert_eq!(
            src,
            "https://dash.cloudflare.com/profile/api-tokens?name=a(b)c"
        );
        let (src, _) = one(
            "see (https://dash.cloudflare.com/?to=/:account/api-tokens).",
            FileKind::Markdown,
        );
        assert_eq!(src, "https://dash.cloudflare.com/?to=/:account/api-tokens");
    }

    #[test]
    fn markdown_table_cell_unescapes_underscores_and_ends_at_pipe() {
        let (src, text) = one(
            "| a | https://dash.cloudflare.com/x?k=workers\\_scripts\\|y | b |",
            FileKind::Markdown,
        );
        assert_eq!(src, "https://dash.cloudflare.com/x?k=workers\\_scripts\\|y");
        assert_eq!(text, "https://dash.cloudflare.com/x?k=workers_scripts|y");
    }

    #[test]
    fn code_spans_keep_backslashes_except_table_pipes() {
        let (_, text) = one(
            "`https://dash.cloudflare.com/x?k=a\\_b`",
            FileKind::Markdown,
        );
        assert_eq!(text, "https://dash.cloudflare.com/x?k=a\\_b");
        let (_, text) = one(
            "| `https://dash.cloudflare.com/x?k=a\\|b` |",
            FileKind::Markdown,
        );
        assert_eq!(text, "https://dash.cloudflare.com/x?k=a|b");
    }

    #[test]
    fn bare_url_drops_trailing_sentence_punctuation() {
        let (src, _) = one(
            "Open https://dash.cloudflare.com/profile/api-tokens?accountId=*.",
            FileKind::Text,
        );
        assert_eq!(
            src,
            "https://dash.cloudflare.com/profile/api-tokens?accountId=*"
        );
        let (src, _) = one(
            "打开https://dash.cloudflare.com/profile/api-tokens?name=x。然后",
            FileKind::Text,
        );
        assert_eq!(src, "https://dash.cloudflare.com/profile/api-tokens?name=x");
    }

    #[test]
    fn emphasis_around_a_bare_url_is_not_part_of_it() {
        let (src, _) = one(
            "**https://dash.cloudflare.com/profile/api-tokens?accountId=*&zoneId=all**",
            FileKind::Markdown,
        );
        assert_eq!(
            src,
            "https://dash.cloudflare.com/profile/api-tokens?accountId=*&zoneId=all"
        );
        let (src, _) = one(
            "*https://dash.cloudflare.com/profile/api-tokens?accountId=**",
            FileKind::Markdown,
        );
        assert_eq!(
            src,
            "https://dash.cloudflare.com/profile/api-tokens?accountId=*"
        );
        let (src, _) = one(
            "x https://dash.cloudflare.com/profile/api-tokens?accountId=*",
            FileKind::Markdown,
        );
        assert_eq!(
            src,
            "https://dash.cloudflare.com/profile/api-tokens?accountId=*"
        );
    }

    #[test]
    fn html_attribute_and_text_undo_entities() {
        let (src, text) = one(
            "<a href=\"https://dash.cloudflare.com/?to=/:account/api-tokens&amp;name=A B\">",
            FileKind::Html,
        );
        assert_eq!(
            src,
            "https://dash.cloudflare.com/?to=/:account/api-tokens&amp;name=A B"
        );
        assert_eq!(
            text,
            "https://dash.cloudflare.com/?to=/:account/api-tokens&name=A B"
        );
        let (_, text) = one(
            "<code>https://dash.cloudflare.com/?to=/:account/api-tokens&amp;name=A</code>",
            FileKind::Html,
        );
        assert_eq!(
            text,
            "https://dash.cloudflare.com/?to=/:account/api-tokens&name=A"
        );
    }

    #[test]
    fn json_string_undoes_json_escapes() {
        let (_, text) = one(
            r#"{"u": "https:\/\/dash.cloudflare.com\/?to=\/:account\/api-tokens\u0026name=\"x\""}"#,
            FileKind::Json,
        );
        assert_eq!(
            text,
            "https://dash.cloudflare.com/?to=/:account/api-tokens&name=\"x\""
        );
    }

    #[test]
    fn yaml_and_toml_strings() {
        let (_, text) = one(
            "url: 'https://dash.cloudflare.com/?to=/:account/api-tokens&name=it''s'\n",
            FileKind::Yaml,
        );
        assert_eq!(
            text,
            "https://dash.cloudflare.com/?to=/:account/api-tokens&name=it's"
        );
        let (_, text) = one(
            "url = \"https://dash.cloudflare.com/?to=/:account/api-tokens\\u0026name=x\"\n",
            FileKind::Toml,
        );
        assert_eq!(
            text,
            "https://dash.cloudflare.com/?to=/:account/api-tokens&name=x"
        );
        let (src, _) = one(
            "url: https://dash.cloudflare.com/?to=/:account/api-tokens # comment\n",
            FileKind::Yaml,
        );
        assert_eq!(src, "https://dash.cloudflare.com/?to=/:account/api-tokens");
    }

    #[test]
    fn raw_json_is_read_to_its_balancing_bracket() {
        let doc = r#"[t](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=[{"key": "dns", "type": "edit"}]&accountId=*&zoneId=all)"#;
        let (src, _) = one(doc, FileKind::Markdown);
        assert!(src.ends_with("zoneId=all"), "{src}");
        let (src, _) = one(
            "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=<json>&accountId=*",
            FileKind::Markdown,
        );
        assert!(src.ends_with("accountId=*"), "{src}");
    }

    #[test]
    fn fenced_json_uses_json_escapes() {
        let doc = "```json\n{\"u\": \"https://dash.cloudflare.com/?to=/:account/api-tokens\\u0026name=x\"}\n```\n";
        let (_, text) = one(doc, FileKind::Markdown);
        assert_eq!(
            text,
            "https://dash.cloudflare.com/?to=/:account/api-tokens&name=x"
        );
    }

    #[test]
    fn candidates_are_token_form_urls_with_a_query() {
        let doc = "https://dash.cloudflare.com/?to=/:account/workers \
                   https://dash.cloudflare.com/profile/api-tokens \
                   https://dash.cloudflare.com/?to=/:account/api-tokens&name=a \
                   https://dash.cloudflare.com/profile/api-tokens?name=b \
                   https://dash.cloudflare.com/?name=c&to=/:account/api-tokens";
        let found: Vec<String> = scan_candidates(doc.as_bytes(), FileKind::Text)
            .map(|o| o.text.to_string_lossy())
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(scan(doc.as_bytes(), FileKind::Text).len(), 5);
    }

    #[test]
    fn ignores_other_hosts_and_user_info() {
        assert!(urls(
            "https://xdash.cloudflare.com/profile/api-tokens?name=x",
            FileKind::Text
        )
        .is_empty());
        assert!(urls(
            "https://dash.cloudflare.com.example.net/?name=x",
            FileKind::Text
        )
        .is_empty());
        assert!(urls("https://a@dash.cloudflare.com/?name=x", FileKind::Text).is_empty());
        assert!(urls("dash.cloudflare.com alone", FileKind::Text).is_empty());
    }
}
