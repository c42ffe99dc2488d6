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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    bytes: Vec<u8>,
    /// `origin[i]` is the source byte range that produced `bytes[i]` (32-bit: files over
    /// 4 GiB are refused before scanning).
    origin: Vec<(u32, u32)>,
}

impl Mapped {
    pub fn new() -> Self {
        Mapped::default()
    }

    pub fn with_capacity(bytes: usize) -> Self {
        Mapped {
            bytes: Vec::with_capacity(bytes),
            origin: Vec::with_capacity(bytes),
        }
    }

    /// Text taken as it is: byte `i` comes from source byte `i`.
    pub fn identity(bytes: &[u8]) -> Self {
        Mapped {
            bytes: bytes.to_vec(),
            origin: (0..bytes.len() as u32).map(|i| (i, i + 1)).collect(),
        }
    }

    /// Appends decoded bytes that all came from `source` (one escape sequence, or one byte).
    pub fn push_all(&mut self, bytes: &[u8], source: Range<usize>) {
        let origin = (source.start as u32, source.end as u32);
        if let [b] = bytes {
            // The common case (one byte, from one byte or one escape): no loop.
            self.bytes.push(*b);
            self.origin.push(origin);
            return;
        }
        self.bytes.extend_from_slice(bytes);
        self.origin.extend(std::iter::repeat_n(origin, bytes.len()));
    }

    /// Appends source bytes taken as they are, the first from source byte `start`.
    pub fn push_identity(&mut self, bytes: &[u8], start: usize) {
        self.bytes.extend_from_slice(bytes);
        let start = start as u32;
        self.origin
            .extend((start..start + bytes.len() as u32).map(|i| (i, i + 1)));
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The source range of decoded byte `i`.
    pub fn origin(&self, i: usize) -> Range<usize> {
        let (s, e) = self.origin[i];
        s as usize..e as usize
    }

    /// The source bytes that produced the decoded bytes `range`. An empty range maps to the
    /// empty source position where it sits (or the end of the text).
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        if self.origin.is_empty() {
            return 0..0;
        }
        if range.start >= range.end {
            let at = if range.start < self.origin.len() {
                self.origin[range.start].0
            } else {
                self.origin[self.origin.len() - 1].1
            } as usize;
            return at..at;
        }
        let last = range.end.min(self.origin.len()) - 1;
        self.origin[range.start.min(last)].0 as usize..self.origin[last].1 as usize
    }

    /// The source range of every decoded byte, in order.
    pub fn origin_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.origin.iter().map(|&(s, e)| s as usize..e as usize)
    }

    /// The source span of the whole text.
    pub fn full_source_span(&self) -> Range<usize> {
        self.source_span(0..self.len())
    }

    /// A sub-slice, keeping the origins.
    pub fn slice(&self, range: Range<usize>) -> Mapped {
        Mapped {
            bytes: self.bytes[range.clone()].to_vec(),
            origin: self.origin[range].to_vec(),
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
        self.origin.truncate(len);
    }

    pub fn last(&self) -> Option<u8> {
        self.bytes.last().copied()
    }
}

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
}
