//! Markdown and MDX structure that decides how a URL is read: fenced code blocks (whose
//! language may be JSON, YAML, ...), code spans, table rows, and backslash escapes.

use super::unit::Unit;
use crate::filetype::FileKind;

/// A fenced code block: the byte range of its content and the syntax its info string names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fence {
    pub content: std::ops::Range<usize>,
    pub language: Option<FileKind>,
}

/// All fenced code blocks of a document, in order. An unclosed fence runs to the end, as
/// CommonMark says.
pub fn fences(src: &[u8]) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<(u8, usize, usize, Option<FileKind>)> = None; // (char, width, content start, lang)
    let mut line_start = 0;
    while line_start < src.len() {
        let line_end = memchr::memchr(b'\n', &src[line_start..])
            .map(|i| line_start + i + 1)
            .unwrap_or(src.len());
        let line = &src[line_start..line_end];
        let indent = line.iter().take(4).take_while(|&&b| b == b' ').count();
        let body = &line[indent.min(line.len())..];
        let marker = body.first().copied().filter(|&b| b == b'`' || b == b'~');
        let width = marker
            .map(|m| body.iter().take_while(|&&b| b == m).count())
            .unwrap_or(0);
        if indent < 4 && width >= 3 {
            let m = marker.unwrap_or(b'`');
            match open {
                None => {
                    let info = String::from_utf8_lossy(&body[width..]);
                    let lang = info
                        .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
                        .find(|w| !w.is_empty())
                        .and_then(FileKind::from_fence_language);
                    open = Some((m, width, line_end, lang));
                }
                Some((om, ow, start, lang)) => {
                    let rest_blank = body[width..].iter().all(|b| b.is_ascii_whitespace());
                    if m == om && width >= ow && rest_blank {
                        out.push(Fence {
                            content: start..line_start,
                            language: lang,
                        });
                        open = None;
                    }
                }
            }
        }
        line_start = line_end;
    }
    if let Some((_, _, start, lang)) = open {
        out.push(Fence {
            content: start..src.len(),
            language: lang,
        });
    }
    out
}

/// The fence containing byte `pos`, if any (`fences` is sorted).
pub fn fence_at(fences: &[Fence], pos: usize) -> Option<&Fence> {
    let i = fences.partition_point(|f| f.content.end <= pos);
    fences.get(i).filter(|f| f.content.start <= pos)
}

pub fn line_start(src: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &src[..pos])
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// A GFM table row starts with `|` after optional indentation.
pub fn is_table_row(src: &[u8], line_start: usize) -> bool {
    src[line_start..]
        .iter()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_some_and(|&b| b == b'|')
}

/// Whether `pos` sits inside a code span: an odd number of backticks before it on its line.
/// (A code span can span lines in CommonMark; docs URLs do not, and this stays one pass.)
pub fn in_code_span(src: &[u8], line_start: usize, pos: usize) -> bool {
    memchr::memchr_iter(b'`', &src[line_start..pos]).count() % 2 == 1
}

/// A backslash escape of ASCII punctuation (`\_`, `\|`, `\*`).
pub fn backslash_escape(src: &[u8], pos: usize) -> Option<Unit> {
    let next = *src.get(pos + 1)?;
    next.is_ascii_punctuation()
        .then(|| Unit::escaped(next as char, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fences_with_languages() {
        let doc = b"text\n```json\n{\"a\": 1}\n```\n~~~~\nx\n~~~\n~~~~\nrest";
        let f = fences(doc);
        assert_eq!(f.len(), 2);
        assert_eq!(&doc[f[0].content.clone()], b"{\"a\": 1}\n");
        assert_eq!(f[0].language, Some(FileKind::Json));
        assert_eq!(&doc[f[1].content.clone()], b"x\n~~~\n");
        assert_eq!(f[1].language, None);
        assert!(fence_at(&f, 14).is_some());
        assert!(fence_at(&f, 2).is_none());
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let f = fences(b"```\ncode");
        assert_eq!(f[0].content, 4..8);
    }
}
