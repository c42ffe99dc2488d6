//! Writing a fixed file back: by way of a temporary file and a rename, only if the file is
//! still what was read, keeping its mode, owner, group and extended attributes, and never
//! leaving the temporary file behind, even on SIGINT or SIGTERM.

use std::fmt;
use std::fs::Metadata;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// What the file was when it was read: enough to tell that someone wrote to it, or put
/// another file in its place, before the fixes are written back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadState {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl ReadState {
    pub fn of(meta: &Metadata) -> ReadState {
        ReadState {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                (meta.dev(), meta.ino())
            },
        }
    }
}

/// Why the fixes were not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file changed (size, modification time or inode) since it was read.
    Changed,
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => f.write_str(
                "the file changed while it was being fixed (another program wrote to it); it was left as that program wrote it: run again to fix it",
            ),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Temporary files being written, removed by the SIGINT/SIGTERM handler. A file is created
/// and registered under the lock, and the handler exits holding it, so none escapes.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs, once, the handler that removes pending temporary files on SIGINT or SIGTERM and
/// exits with status 130.
fn clean_up_on_signal() {
    #[cfg(not(target_family = "wasm"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // Another handler already installed (an embedding program) keeps its own.
            let _ = ctrlc::set_handler(|| {
                let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
                for path in pending.iter() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(130);
            });
        });
    }
}

/// Removes its path from [`PENDING`] when dropped (the file itself is gone by then: renamed
/// into place or deleted by `tempfile`).
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = pending.iter().position(|p| *p == self.0) {
            pending.swap_remove(i);
        }
    }
}

/// Replaces `path`'s content by way of a temporary file in the same directory and a rename,
/// so a reader never sees half a file and a crash leaves the old one. Nothing is written when
/// the file is no longer as `read` describes it. The file keeps its mode, owner and group (an
/// error when it cannot: the file is left unchanged) and its extended attributes (when some
/// cannot be copied the fixes are still written, and the returned warning says so). A
/// symbolic link keeps pointing at the file it names, which is what changes. A hard link to
/// the file keeps the old content: the rename makes a new file, as `sed -i` does.
pub(super) fn replace_contents(
    path: &Path,
    content: &[u8],
    read: &ReadState,
) -> Result<Option<String>, WriteError> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if ReadState::of(&meta) != *read {
        return Err(WriteError::Changed);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    clean_up_on_signal();
    let (mut temp, _registered) = {
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let temp = tempfile::Builder::new()
            .prefix(".cf-token-lint-fix")
            .tempfile_in(dir)?;
        pending.push(temp.path().to_path_buf());
        let registered = Registered(temp.path().to_path_buf());
        (temp, registered)
    };
    temp.write_all(content)?;
    keep_owner(temp.as_file(), &meta)?;
    std::fs::set_permissions(temp.path(), meta.permissions())?;
    let warning = copy_xattrs(&target, temp.as_file());
    temp.as_file().sync_all()?;
    // Checked again just before the rename: a write since the read (or while the fixes were
    // being written out) wins over them.
    if ReadState::of(&std::fs::metadata(&target)?) != *read {
        return Err(WriteError::Changed);
    }
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(warning)
}

/// Gives the new file the old one's owner and group (a no-op unless run as root or as a
/// member of another group).
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot give the fixed file its owner and group ({}:{}): {e}",
                old.uid(),
                old.gid()
            ),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _old: &Metadata) -> io::Result<()> {
    Ok(())
}

/// Copies the extended attributes of `from` to `to`; a warning naming those it could not.
#[cfg(target_os = "linux")]
fn copy_xattrs(from: &Path, to: &std::fs::File) -> Option<String> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;

    let from = CString::new(from.as_os_str().as_bytes()).ok()?;
    // SAFETY: every buffer is passed with its true length; the calls only read the C strings.
    let size = unsafe { libc::listxattr(from.as_ptr(), std::ptr::null_mut(), 0) };
    if size <= 0 {
        return None;
    }
    let mut names = vec![0u8; size as usize];
    let size = unsafe { libc::listxattr(from.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if size <= 0 {
        return None;
    }
    names.truncate(size as usize);
    let mut lost = Vec::new();
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let Ok(cname) = CString::new(name) else {
            continue;
        };
        let copied = (|| {
            let len =
                unsafe { libc::getxattr(from.as_ptr(), cname.as_ptr(), std::ptr::null_mut(), 0) };
            if len < 0 {
                return false;
            }
            let mut value = vec![0u8; len as usize];
            let len = unsafe {
                libc::getxattr(
                    from.as_ptr(),
                    cname.as_ptr(),
                    value.as_mut_ptr().cast(),
                    value.len(),
                )
            };
            if len < 0 {
                return false;
            }
            let set = unsafe {
                libc::fsetxattr(
                    to.as_raw_fd(),
                    cname.as_ptr(),
                    value.as_ptr().cast(),
                    len as usize,
                    0,
                )
            };
            set == 0
        })();
        if !copied {
            lost.push(String::from_utf8_lossy(name).into_owned());
        }
    }
    (!lost.is_empty()).then(|| {
        format!(
            "fixed, but could not keep its extended attributes {}",
            crate::text::printable(&lost.join(", "))
        )
    })
}

#[cfg(not(target_os = "linux"))]
fn copy_xattrs(_from: &Path, _to: &std::fs::File) -> Option<String> {
    None
}
