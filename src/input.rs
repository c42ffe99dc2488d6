//! Reading a file the run was handed: opened once, only if it is a regular file, and read
//! with a cap on the bytes actually read. A configuration, a catalog import or a baseline
//! named `/dev/zero`, a FIFO, or a committed symlink to a device is an error naming the file,
//! never a hang or unbounded memory; a `/proc` file whose size reads 0 is capped all the same,
//! because the cap counts bytes read, not the size the file claims.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// The cap on a configuration, a catalog file or a baseline: far above any real one.
pub const MAX_INPUT_SIZE: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// A FIFO, socket, device or directory: never read (a FIFO would block, a device never end).
    NotRegular,
    /// Over `limit` bytes: `size` when the file said so before a byte was read.
    TooBig {
        limit: u64,
        size: Option<u64>,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular => {
                f.write_str("not a regular file (a FIFO, socket, device or directory)")
            }
            ReadError::TooBig {
                limit,
                size: Some(size),
            } => write!(f, "the file is {size} bytes, over the {limit}-byte limit"),
            ReadError::TooBig { limit, size: None } => {
                write!(f, "the file is over the {limit}-byte limit")
            }
        }
    }
}

/// Opens `path` for reading without blocking on a FIFO (its writer may never come).
fn open(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Harmless on a regular file; a FIFO opens at once instead of waiting for a writer,
        // and is then refused for what it is.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of the regular file at `path`, at most `limit` of them, and its metadata as it
/// was opened. The file is opened once
/// and checked on the open handle, so it cannot be swapped for a device in between.
pub fn read_capped(path: &Path, limit: u64) -> Result<(Vec<u8>, Metadata), ReadError> {
    let mut bytes = Vec::new();
    let meta = read_capped_into(path, limit, &mut bytes)?;
    Ok((bytes, meta))
}

/// [`read_capped`] into `bytes` (cleared first), so a caller that reads many files reuses one
/// buffer instead of allocating one per file.
pub fn read_capped_into(
    path: &Path,
    limit: u64,
    bytes: &mut Vec<u8>,
) -> Result<Metadata, ReadError> {
    bytes.clear();
    let file = open(path).map_err(ReadError::Io)?;
    let meta = checked_metadata(&file, limit)?;
    // Room for the whole file and one byte more, so the read that finds its end needs no
    // second buffer.
    bytes.reserve((meta.len() as usize).saturating_add(1));
    read_rest(file, limit, bytes)?;
    Ok(meta)
}

/// The room a file's first read gets: most files fit, and cost no `stat`.
const FIRST_READ: usize = 64 * 1024;

/// Reads a file that a walk already found to be a regular file (or that was named and
/// checked), into `bytes` (cleared first), at most `limit` bytes. The first read fills the
/// buffer's room (at least 64 KiB; a reused buffer may have more): a file that ends within it
/// costs one `open`, its reads and a `close`, no `stat`. A longer one is `stat`ed then, so a
/// huge file is refused before the rest of it is read, and the rest goes into room reserved
/// once, never grown and copied. Opened without blocking, so a FIFO put in the file's place
/// since reads as empty.
pub fn read_listed_into(path: &Path, limit: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    bytes.clear();
    let mut file = open(path).map_err(ReadError::Io)?;
    bytes.reserve(FIRST_READ);
    let head = (bytes.capacity() as u64).min(limit.saturating_add(1));
    (&mut file)
        .take(head)
        .read_to_end(bytes)
        .map_err(ReadError::Io)?;
    if (bytes.len() as u64) < head {
        return Ok(()); // the whole file
    }
    let meta = checked_metadata(&file, limit)?;
    bytes.reserve(
        (meta.len() as usize)
            .saturating_sub(bytes.len())
            .saturating_add(1),
    );
    read_rest(file, limit, bytes)
}

/// What the open `file` is: a regular file within `limit` bytes, or why it is not read.
fn checked_metadata(file: &File, limit: u64) -> Result<Metadata, ReadError> {
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooBig {
            limit,
            size: Some(meta.len()),
        });
    }
    Ok(meta)
}

/// Reads the rest of `file` into `bytes`, refusing more than `limit` bytes in all.
fn read_rest(file: File, limit: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    let left = limit.saturating_add(1).saturating_sub(bytes.len() as u64);
    file.take(left).read_to_end(bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig { limit, size: None });
    }
    Ok(())
}

/// [`read_capped`] at [`MAX_INPUT_SIZE`], as UTF-8 text; errors say what was wrong.
pub fn read_text(path: &Path) -> Result<String, String> {
    let (bytes, _) = read_capped(path, MAX_INPUT_SIZE).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Standard input, at most `limit` bytes of it.
pub fn read_stdin_capped(limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("standard input is over the {limit}-byte limit"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_fifos_are_refused_and_reads_are_capped() {
        #[cfg(unix)]
        {
            assert!(matches!(
                read_capped(Path::new("/dev/zero"), 10),
                Err(ReadError::NotRegular)
            ));
            let dir = tempfile::tempdir().unwrap();
            let fifo = dir.path().join("fifo");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert!(matches!(read_capped(&fifo, 10), Err(ReadError::NotRegular)));
        }
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, [b'a'; 100]).unwrap();
        assert!(matches!(
            read_capped(&big, 10),
            Err(ReadError::TooBig {
                size: Some(100),
                ..
            })
        ));
        assert_eq!(read_capped(&big, 100).unwrap().0.len(), 100);
    }

    #[test]
    fn listed_files_are_read_whole_and_a_long_one_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = b"left over".to_vec();
        let small = dir.path().join("small");
        std::fs::write(&small, b"abc").unwrap();
        read_listed_into(&small, 100, &mut bytes).unwrap();
        assert_eq!(bytes, b"abc");
        // Over the first read: the rest is read after a `stat`, whole (into a buffer with
        // room for 64 KiB at first, then room for the rest at once).
        let long = dir.path().join("long");
        let text: Vec<u8> = (0..FIRST_READ * 2 + 7).map(|i| i as u8).collect();
        std::fs::write(&long, &text).unwrap();
        read_listed_into(&long, u64::MAX, &mut bytes).unwrap();
        assert_eq!(bytes, text);
        // Over the limit: refused by the size the file states, before the rest is read.
        assert!(matches!(
            read_listed_into(&long, FIRST_READ as u64 + 10, &mut bytes),
            Err(ReadError::TooBig { size: Some(n), .. }) if n == text.len() as u64
        ));
        // A limit below the first read: reading up to it tells, then the size says by how much.
        assert!(matches!(
            read_listed_into(&small, 2, &mut bytes),
            Err(ReadError::TooBig { size: Some(3), .. })
        ));
        read_listed_into(&small, 3, &mut bytes).unwrap();
        assert_eq!(bytes, b"abc");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_whose_size_reads_zero_is_capped_by_what_is_read() {
        // /proc files report size 0 and have content.
        let meta = std::fs::metadata("/proc/self/maps").unwrap();
        assert_eq!(meta.len(), 0);
        assert!(matches!(
            read_capped(Path::new("/proc/self/maps"), 8),
            Err(ReadError::TooBig { size: None, .. })
        ));
    }
}
