//! Where a URL sits and so how it is read: the construct around it (a Markdown link, a table
//! cell, an HTML attribute, a data string, a source literal), what closes it and which escapes
//! apply there.

use super::*;

/// How the URL at a given place is delimited and escaped.
#[derive(Clone, Copy, Debug)]
pub(super) struct Context {
    /// The character that closes the construct the URL sits in (a quote, a backtick, `>`).
    pub(super) closer: Option<u8>,
    pub(super) escapes: Escapes,
    /// In a Markdown table row: an unescaped `|` ends the cell.
    pub(super) table: bool,
    /// Whether whitespace ends the URL (true except inside quoted strings of data formats and
    /// HTML attributes, where the closing quote does).
    pub(super) whitespace_ends: bool,
    /// The URL is a link in Markdown prose (an inline link's destination, a bare URL): where
    /// the page is shown, whitespace ends the link, even inside raw JSON the reader reads on.
    pub(super) shown_as_link: bool,
    /// Markdown emphasis around a bare URL (`**https://...**`): the marker and how many.
    pub(super) emphasis: Option<(u8, usize)>,
    /// In source code, the string literal the URL sits in.
    pub(super) literal: Option<InLiteral>,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct InLiteral {
    pub(super) literal: crate::syntax::code::Literal,
    pub(super) lang: &'static Lang,
    /// The literal holds more than the URL (it does not start at the literal's start): text
    /// around it ends it as in prose.
    pub(super) embedded: bool,
    /// Where the literal opens (for literals joined to it, where the first one opens).
    pub(super) open: usize,
}

/// What the scanner knows about a file's structure so far, for positions visited in
/// increasing order: its fenced code blocks, the current line, where the code lexer is, and
/// the code regions of markup. Each is computed on first need.
#[derive(Default)]
pub(super) struct Places {
    pub(super) fences: Option<Vec<markdown::Fence>>,
    pub(super) lines: markdown::LineCursor,
    pub(super) code: Option<code::Cursor>,
    pub(super) regions: Option<Vec<Range<usize>>>,
}

pub(super) fn context_at(src: &[u8], start: usize, kind: FileKind, places: &mut Places) -> Context {
    match kind.syntax().reading {
        Reading::Code(lang) => code_context(src, start, lang, 0, places),
        Reading::Markup(lang, kinds) => {
            let regions = places
                .regions
                .get_or_insert_with(|| markup::regions(src, lang, kinds));
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
pub(super) fn code_context(
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
                shown_as_link: false,
                emphasis: None,
                literal: Some(InLiteral {
                    literal,
                    lang,
                    embedded,
                    open: content_start - literal.open_len,
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
                shown_as_link: false,
                emphasis: None,
                literal: None,
            }
        }
    }
}

pub(super) fn docs_context(
    src: &[u8],
    start: usize,
    kind: FileKind,
    places: &mut Places,
) -> Context {
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
        shown_as_link: markdown_text && closer.is_none(),
        emphasis,
        literal: None,
    }
}
