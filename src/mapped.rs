//! Text that remembers where each of its bytes came from.
//!
//! Every unescaping step (host syntax such as `&amp;` or `\_`, then percent-decoding) produces a
//! `Mapped` whose bytes each carry the source byte range they were decoded from. A span over
//! decoded bytes therefore maps straight back to the bytes in the file, which is what lets a
//! diagnostic point at `workers\_scripts` inside a Markdown table or at `dnss` inside
//! `%22dnss%22`.

use std::ops::Range;

/// Why a decoded value is not what the token form reads, at the source bytes where it
/// happens (a bad `%` escape, JSON that does not parse, an entry without a type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Mapped {
    bytes: Vec<u8>,
    origin: Origin,
}

/// Where the bytes came from. Most text is copied as written (a URL without host escapes,
/// a parameter name, a value without `%`): one offset says it all, so such text costs a
/// copy of its bytes and nothing per byte. A table is built at the first byte that breaks
/// the run.
#[derive(Clone, Debug)]
enum Origin {
    /// Byte `i` comes from source byte `start + i`.
    Run { start: u32 },
    /// `table[i]` is the source byte range that produced byte `i` (32-bit: files over 4 GiB
    /// are refused before scanning).
    Table(Vec<(u32, u32)>),
}

impl Default for Origin {
    fn default() -> Self {
        Origin::Run { start: 0 }
    }
}

impl Mapped {
    pub fn new() -> Self {
        Mapped::default()
    }

    pub fn with_capacity(bytes: usize) -> Self {
        Mapped {
            bytes: Vec::with_capacity(bytes),
            origin: Origin::default(),
        }
    }

    /// Text taken as it is: byte `i` comes from source byte `i`.
    pub fn identity(bytes: &[u8]) -> Self {
        Mapped {
            bytes: bytes.to_vec(),
            origin: Origin::Run { start: 0 },
        }
    }

    /// Whether bytes from source byte `start` on, one byte each, continue the run (an empty
    /// text starts its run there).
    #[inline]
    fn continues_run(&mut self, start: usize) -> bool {
        match &mut self.origin {
            Origin::Run { start: run } if self.bytes.is_empty() => {
                *run = start as u32;
                true
            }
            Origin::Run { start: run } => *run as usize + self.bytes.len() == start,
            Origin::Table(_) => false,
        }
    }

    /// The per-byte table, built from the run the first time one is needed.
    fn table(&mut self) -> &mut Vec<(u32, u32)> {
        if let Origin::Run { start } = self.origin {
            let mut table = Vec::with_capacity(self.bytes.capacity());
            table.extend(one_each(start as usize, self.bytes.len()));
            self.origin = Origin::Table(table);
        }
        match &mut self.origin {
            Origin::Table(table) => table,
            Origin::Run { .. } => unreachable!("the run was just turned into a table"),
        }
    }

    /// Appends decoded bytes that all came from `source` (one escape sequence, or one byte).
    #[inline]
    pub fn push_all(&mut self, bytes: &[u8], source: Range<usize>) {
        let origin = (source.start as u32, source.end as u32);
        // The common cases first: one byte onto a table, or one byte continuing the run.
        if let [b] = bytes {
            if let Origin::Table(table) = &mut self.origin {
                table.push(origin);
                self.bytes.push(*b);
                return;
            }
            if source.len() == 1 && self.continues_run(source.start) {
                self.bytes.push(*b);
                return;
            }
        }
        self.table()
            .extend(std::iter::repeat_n(origin, bytes.len()));
        self.bytes.extend_from_slice(bytes);
    }

    /// Appends source bytes taken as they are, the first from source byte `start`.
    #[inline]
    pub fn push_identity(&mut self, bytes: &[u8], start: usize) {
        if !self.continues_run(start) {
            self.table().extend(one_each(start, bytes.len()));
        }
        self.bytes.extend_from_slice(bytes);
    }

    /// Appends the bytes `range` of `other`, each with its origin.
    #[inline]
    pub fn push_from(&mut self, other: &Mapped, range: Range<usize>) {
        match &other.origin {
            Origin::Run { start } => {
                self.push_identity(&other.bytes[range.clone()], *start as usize + range.start)
            }
            Origin::Table(table) => {
                self.table().extend_from_slice(&table[range.clone()]);
                self.bytes.extend_from_slice(&other.bytes[range]);
            }
        }
    }

    #[inline]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The source range of decoded byte `i`.
    #[inline]
    pub fn origin(&self, i: usize) -> Range<usize> {
        match &self.origin {
            Origin::Run { start } => {
                assert!(i < self.bytes.len(), "byte {i} of {}", self.bytes.len());
                let at = *start as usize + i;
                at..at + 1
            }
            Origin::Table(table) => {
                let (s, e) = table[i];
                s as usize..e as usize
            }
        }
    }

    /// The source bytes that produced the decoded bytes `range`. An empty range maps to the
    /// empty source position where it sits (or the end of the text).
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let len = self.bytes.len();
        if len == 0 {
            return 0..0;
        }
        if range.start >= range.end {
            let at = if range.start < len {
                self.origin(range.start).start
            } else {
                self.origin(len - 1).end
            };
            return at..at;
        }
        let last = range.end.min(len) - 1;
        self.origin(range.start.min(last)).start..self.origin(last).end
    }

    /// The source range of every decoded byte, in order.
    pub fn origin_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        (0..self.len()).map(|i| self.origin(i))
    }

    /// The source span of the whole text.
    pub fn full_source_span(&self) -> Range<usize> {
        self.source_span(0..self.len())
    }

    /// A sub-slice, keeping the origins.
    pub fn slice(&self, range: Range<usize>) -> Mapped {
        let origin = match &self.origin {
            Origin::Run { start } => Origin::Run {
                start: start + range.start as u32,
            },
            Origin::Table(table) => Origin::Table(table[range.clone()].to_vec()),
        };
        Mapped {
            bytes: self.bytes[range].to_vec(),
            origin,
        }
    }

    /// Decoded bytes as text, with invalid UTF-8 replaced (for messages and comparisons).
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub fn ends_with(&self, suffix: &[u8]) -> bool {
        self.bytes.ends_with(suffix)
    }

    pub fn truncate(&mut self, len: usize) {
        self.bytes.truncate(len);
        if let Origin::Table(table) = &mut self.origin {
            table.truncate(len);
        }
    }

    pub fn last(&self) -> Option<u8> {
        self.bytes.last().copied()
    }
}

/// The origins of `len` bytes taken as written from source byte `start` on.
fn one_each(start: usize, len: usize) -> impl Iterator<Item = (u32, u32)> {
    let start = start as u32;
    (start..start + len as u32).map(|i| (i, i + 1))
}

/// Equal when the bytes and where each came from are, however the origins are stored.
impl PartialEq for Mapped {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes && self.origin_ranges().eq(other.origin_ranges())
    }
}

impl Eq for Mapped {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_compose_through_multi_byte_escapes() {
        let mut m = Mapped::new();
        m.push_all(b"a", 0..1);
        m.push_all(b"_", 1..3); // `\_`
        m.push_all("é".as_bytes(), 3..9); // `\u00e9`
        assert_eq!(m.source_span(0..2), 0..3);
        assert_eq!(m.source_span(1..4), 1..9);
        assert_eq!(m.source_span(2..2), 3..3);
        assert_eq!(m.source_span(4..4), 9..9);
        assert_eq!(m.full_source_span(), 0..9);
    }

    #[test]
    fn a_run_of_text_as_written_maps_like_a_table() {
        let mut run = Mapped::new();
        run.push_identity(b"abc", 10);
        run.push_all(b"d", 13..14);
        let mut table = run.clone();
        table.push_all(b"", 0..0); // an empty push builds the table without adding a byte
        assert!(matches!(run.origin, Origin::Run { start: 10 }));
        assert!(matches!(table.origin, Origin::Table(_)));
        assert_eq!(run, table);
        assert_eq!(run.origin(3), 13..14);
        assert_eq!(run.source_span(1..3), 11..13);
        assert_eq!(run.source_span(4..4), 14..14);
        assert_eq!(run.slice(1..3).full_source_span(), 11..13);
        assert_eq!(table.slice(1..3), run.slice(1..3));
        // A byte from elsewhere ends the run: the table carries on from it.
        run.push_identity(b"x", 20);
        assert_eq!(run.source_span(3..5), 13..21);
        run.truncate(2);
        assert_eq!(run.full_source_span(), 10..12);
    }
}
