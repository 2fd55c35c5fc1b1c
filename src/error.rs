//! The library's top-level error, and which exit status each kind maps to.

use thiserror::Error;

use crate::gpu::GpuError;
use crate::import::ImportError;
use crate::output::OutputError;

/// Anything a command can fail with.
#[derive(Debug, Error)]
pub enum Error {
    /// Bad input file or source spec.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Bad command-line value not caught by the argument parser.
    #[error("{0}")]
    Usage(String),
    /// GPU failure.
    #[error(transparent)]
    Gpu(#[from] GpuError),
    /// Output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// An export failed (ffmpeg missing, the encoder failed, interrupted).
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    /// The environment is not what the command needs (no GPU adapter for a bench, an unreadable
    /// baseline).
    #[error("{0}")]
    Environment(String),
    /// No window can be opened (no display); the message says what to run instead.
    #[error("{0}")]
    NoDisplay(String),
    /// `bench --check`: an invariant failed, or `bench --baseline` or `profile-diff`: a metric or
    /// a scope regressed. `output` is the report to print anyway.
    #[error("check failed: {}", failed.join("; "))]
    CheckFailed {
        /// The report table.
        output: String,
        /// The failed invariants and regressed metrics.
        failed: Vec<String>,
    },
}

impl Error {
    /// Process exit status: 2 for bad input or usage, 3 for the environment (no adapter for a
    /// bench, an unreadable baseline), 130 for an interrupted export (as a shell reports Ctrl-C), 1
    /// for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Import(_) | Error::Usage(_) => 2,
            Error::Export(crate::export::ExportError::Interrupted { .. }) => 130,
            Error::Export(_) => 1,
            Error::Environment(_) => 3,
            Error::Gpu(_) | Error::Output(_) | Error::CheckFailed { .. } | Error::NoDisplay(_) => 1,
        }
    }
}
