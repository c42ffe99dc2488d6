//! One logical character read from the source, after the host syntax's escaping is undone.

/// Up to four decoded bytes (one UTF-8 character, or one raw byte) and how many source bytes
/// produced them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    buf: [u8; 4],
    n: u8,
    /// Source bytes consumed.
    pub len: usize,
    /// True when the character came from an escape sequence (`\_`, `&amp;`, `\u0026`): an
    /// escaped quote or pipe is part of the URL, never its end.
    pub escaped: bool,
}

impl Unit {
    /// A source byte taken as it is.
    pub fn raw(byte: u8) -> Unit {
        Unit {
            buf: [byte, 0, 0, 0],
            n: 1,
            len: 1,
            escaped: false,
        }
    }

    /// A character decoded from an escape sequence `len` source bytes long.
    pub fn escaped(c: char, len: usize) -> Unit {
        let mut buf = [0u8; 4];
        let n = c.encode_utf8(&mut buf).len() as u8;
        Unit {
            buf,
            n,
            len,
            escaped: true,
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.n as usize]
    }

    pub fn first(&self) -> u8 {
        self.buf[0]
    }
}
