//! Markdown and MDX structure that decides how a URL is read: fenced code blocks (whose
//! language may be JSON, YAML, ...), code spans, table rows, and backslash escapes.

use crate::syntax::FileKind;

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

/// Line facts for positions visited in increasing order: whether the line is a table row, and
/// whether the position sits in a code span (an odd number of backticks before it on its
/// line). Counting resumes where the last query stopped, so many URLs on one huge line cost
/// one pass over it. (A code span can span lines in CommonMark; docs URLs do not.)
#[derive(Default)]
pub struct LineCursor {
    line_start: usize,
    counted_to: usize,
    backticks: usize,
    table: bool,
}

impl LineCursor {
    /// `(in a table row, in a code span)` at `pos`, which must not be before the last `pos`.
    pub fn at(&mut self, src: &[u8], pos: usize) -> (bool, bool) {
        let from = self.counted_to.min(pos);
        if let Some(nl) = memchr::memrchr(b'\n', &src[from..pos]) {
            self.line_start = from + nl + 1;
            self.backticks = 0;
            self.counted_to = self.line_start;
            self.table = is_table_row(src, self.line_start);
        } else if from == 0 && self.counted_to == 0 {
            self.table = is_table_row(src, 0);
        }
        let from = self.counted_to.max(self.line_start);
        self.backticks += memchr::memchr_iter(b'`', &src[from..pos]).count();
        self.counted_to = pos;
        (self.table, self.backticks % 2 == 1)
    }
}

/// A GFM table row starts with `|` after optional indentation.
fn is_table_row(src: &[u8], line_start: usize) -> bool {
    src[line_start..]
        .iter()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_some_and(|&b| b == b'|')
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
    fn line_cursor_tracks_tables_and_code_spans_across_lines() {
        let doc = b"a `x` b `c\n| t | `u` v\nplain";
        let mut cursor = LineCursor::default();
        assert_eq!(cursor.at(doc, 2), (false, false));
        assert_eq!(cursor.at(doc, 9), (false, true));
        assert_eq!(cursor.at(doc, 18), (true, true));
        assert_eq!(cursor.at(doc, 21), (true, false));
        assert_eq!(cursor.at(doc, 25), (false, false));
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let f = fences(b"```\ncode");
        assert_eq!(f[0].content, 4..8);
    }
}
