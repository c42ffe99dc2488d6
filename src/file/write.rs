//! Writing a fixed file back.

use std::io::Write;
use std::path::Path;

/// Replaces `path`'s content by way of a temporary file in the same directory and a rename,
/// so a reader never sees half a file and a crash leaves the old one. The file keeps its
/// permissions; a symbolic link keeps pointing at the file it names, which is what changes.
pub(super) fn replace_contents(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".cf-token-lint-fix")
        .tempfile_in(dir)?;
    temp.write_all(content)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}
