//! Which host syntax a file is written in, decided by its name: the registry in
//! `crate::syntax`, under the names the rest of the crate has always used.

pub use crate::syntax::{default_extensions, is_default_lint_target, FileKind};
