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
mod context;
mod lookalike;
pub mod markdown;
pub mod markup;
mod read;

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
use context::{context_at, Context, Places};
pub use lookalike::lookalike_candidates;
use lookalike::lookalike_finder;
use read::{next_unit, read_url};
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
    /// A link in Markdown prose whose raw JSON holds a space or tab: the source byte where
    /// the link a reader clicks ends (Markdown ends links at whitespace).
    pub link_break: Option<usize>,
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
            link_break: None,
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

fn host_finder() -> &'static memmem::Finder<'static> {
    static FINDER: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| memmem::Finder::new(DASHBOARD_HOST))
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
            // Most dashboard links are not templates, and most can be told from their raw
            // bytes: only then is the file's structure read (for source code, lexed).
            let decided = match self.candidates_only {
                true => raw_candidate(src, after_host),
                false => Some(true),
            };
            if decided == Some(false) {
                continue;
            }
            let ctx = context_at(src, start, self.kind, &mut self.places);
            if decided.is_none() && !is_candidate(src, after_host, &ctx) {
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

/// How many bytes after the host tell whether a URL can be a template.
const PEEK: usize = 40;

/// Whether the URL whose host ends at `after_host` can be a template, told from its bytes as
/// written: `None` when an escape (`\/`, `&amp;`, a backtick) among the bytes that decided a
/// "no" could change it, so the host syntax must be read first. Escapes start only with these
/// bytes, so the text before the first of them reads the same decoded; and a context can only
/// end the URL sooner, which never turns a `false` into a `true`. The common plain link
/// (`/profile/api-tokens)`) is told from its first 20 bytes.
fn raw_candidate(src: &[u8], after_host: usize) -> Option<bool> {
    let raw = &src[after_host..(after_host + PEEK).min(src.len())];
    let (answer, decided_by) = token_form_prefix(raw);
    // A "yes" leads to reading the URL: any escape in the peek sends it through its syntax.
    let examined = if answer { raw } else { &raw[..decided_by] };
    if memchr::memchr3(b'\\', b'&', b'`', examined).is_some() {
        return None;
    }
    Some(answer)
}

/// Whether the URL whose host ends at `after_host` can be a template (see `token_form_prefix`),
/// with the host syntax's escapes undone.
fn is_candidate(src: &[u8], after_host: usize, ctx: &Context) -> bool {
    let (peek, n) = peek_after_host(src, after_host, ctx);
    token_form_prefix(&peek[..n]).0
}

/// The bytes a path segment of the token form's URL is made of, as a table (this test runs
/// on every dashboard link of every file).
const PATH_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'/');
        b += 1;
    }
    table
};

/// Whether the URL text right after the host (`rest`, escapes undone) can start a template:
/// a query on the token form's path, or on a path nearly like it (`/profile/api-token?`). A
/// query that opens with `to=/:account/<page>` must name a page close to `api-tokens`: docs
/// link to many other account pages that way (`?to=/:account/workers`). With the answer, how
/// many bytes of `rest` decided it (what a `false` rests on).
fn token_form_prefix(rest: &[u8]) -> (bool, usize) {
    let all = rest.len();
    if rest.starts_with(b":") {
        return (true, all); // a port: the full parse decides
    }
    const PROFILE: &[u8] = b"/profile/";
    if let Some(path) = rest.strip_prefix(PROFILE) {
        // The path must end in a query within the peek (`/profile/api-tokens)` is a plain link),
        // or in a quote: a literal may be joined to the one that holds the query
        // (`'.../api-tokens' + '?permissionGroupKeys=...'`).
        return match path.iter().position(|&b| !PATH_BYTE[b as usize]) {
            Some(end) => (
                matches!(path[end], b'?' | b'\'' | b'"' | b'`'),
                PROFILE.len() + end + 1,
            ),
            None => (false, all),
        };
    }
    let slash = usize::from(rest.starts_with(b"/"));
    let query = &rest[slash..];
    if !query.starts_with(b"?") {
        return (false, (slash + 1).min(all));
    }
    const TO_ACCOUNT: &[u8] = b"?to=/:account/";
    let Some(page) = query.strip_prefix(TO_ACCOUNT) else {
        return (true, all);
    };
    let end = page.iter().position(|&b| {
        matches!(
            b,
            b'&' | b'#' | b'/' | b' ' | b')' | b'"' | b'\'' | b'`' | b'<' | b'?'
        )
    });
    match end {
        // The page name is cut by the peek: let the full parse decide.
        None => (true, all),
        Some(end) => {
            // A length difference alone rules most pages out (`workers`).
            let name = &page[..end];
            let near = name == b"api-tokens"
                || name.len().abs_diff(b"api-tokens".len()) <= 2
                    && crate::text::edit_distance(&String::from_utf8_lossy(name), "api-tokens")
                        <= 2;
            (near, slash + TO_ACCOUNT.len() + end + 1)
        }
    }
}

/// The first few characters after the host, escapes undone (a `\/` in JSON is a `/`).
fn peek_after_host(src: &[u8], at: usize, ctx: &Context) -> ([u8; PEEK], usize) {
    let mut buf = [0u8; PEEK];
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
            // The scheme is the letters before the colon: `https` or `http` in any case, with
            // no letter before it (`xhttps://` is another scheme). Told by comparing the bytes
            // in place: this runs for every link in every file.
            let colon = slashes - 1;
            let scheme_is = |name: &[u8]| {
                // `name` is lower-case letters, which a byte matches in either case when
                // its 0x20 bit is set.
                colon >= name.len()
                    && before[colon - name.len()..colon]
                        .iter()
                        .zip(name)
                        .all(|(b, n)| b | 0x20 == *n)
                    && !before[..colon - name.len()]
                        .last()
                        .is_some_and(u8::is_ascii_alphabetic)
            };
            return [&b"https"[..], b"http"]
                .into_iter()
                .find(|name| scheme_is(name))
                .map(|name| colon - name.len());
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
    fn raw_bytes_decide_only_where_no_escape_could_change_the_answer() {
        let raw = |rest: &str| {
            let src = format!("https://{DASHBOARD_HOST}{rest}");
            raw_candidate(src.as_bytes(), "https://".len() + DASHBOARD_HOST.len())
        };
        // The plain link is told from its own bytes, whatever escapes follow it.
        assert_eq!(raw("/profile/api-tokens) and \\_x &amp; `y`"), Some(false));
        assert_eq!(token_form_prefix(b"/profile/api-tokens) x"), (false, 20));
        assert_eq!(raw("/?to=/:account/workers) &amp;x"), Some(false));
        assert_eq!(raw("/?to=/:account/workers&amp;x"), None);
        assert_eq!(raw("/profile/api-tokens?name=x"), Some(true));
        // A literal may be joined to the one that holds the query; a second `?` after the
        // account page folds a parameter into `to`, which the template rules then report.
        assert_eq!(raw("/profile/api-tokens' + '?name=x'"), Some(true));
        assert_eq!(raw("/profile/api-tokens\" x"), Some(true));
        assert_eq!(raw("/?to=/:account/api-tokens?name=x)"), Some(true));
        assert_eq!(raw("/?to=/:account/workers?name=x)"), Some(false));
        // An escape among the deciding bytes, or anywhere before a "yes", needs the syntax.
        assert_eq!(raw("/profile/api-tokens&#63;name=x"), None);
        assert_eq!(raw("\\/profile\\/api-tokens?name=x"), None);
        assert_eq!(raw("/profile/api-tokens?name=a&amp;b"), None);
        // What the syntax then reads: `&#63;` is a `?` in HTML.
        let html = format!("<a href=\"https://{DASHBOARD_HOST}/profile/api-tokens&#63;name=x\">");
        assert_eq!(scan_candidates(html.as_bytes(), FileKind::Html).count(), 1);
    }

    #[test]
    fn a_url_starts_at_an_http_or_https_scheme_in_any_case() {
        let starts = |src: &str| -> Vec<usize> {
            scan(src.as_bytes(), FileKind::Text)
                .into_iter()
                .map(|o| o.span.start)
                .collect()
        };
        let host = DASHBOARD_HOST;
        assert_eq!(starts(&format!("a HTTPS://{host}/x")), [2]);
        assert_eq!(starts(&format!("a Http://{host}/x")), [2]);
        assert_eq!(starts(&format!("1https://{host}/x")), [1]);
        assert_eq!(starts(&format!("a //{host}/x")), [2]);
        assert_eq!(starts(&format!("a {host}/x")), [2]);
        // Another scheme, or letters glued before one, is not a dashboard link.
        for other in ["xhttps", "ftp", "ahttp", ""] {
            assert_eq!(
                starts(&format!("a {other}://{host}/x")),
                [0usize; 0],
                "{other}"
            );
        }
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
