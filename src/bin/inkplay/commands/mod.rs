//! The commands, one file each: each takes its parsed arguments and returns what to print
//! (`main` picks the command).

pub mod bench;
pub mod convert;
pub mod export;
pub mod info;
pub mod play;
pub mod profile_diff;
pub mod render;
pub mod soak;

/// What a command prints on standard output.
pub type Output = String;
