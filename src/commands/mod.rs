//! One module per subcommand.

pub mod catalog;
pub mod check;
pub mod explain;
pub mod init;
pub mod new;
pub mod rules;
pub mod settings;
