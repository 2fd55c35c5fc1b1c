//! `inkplay profile-diff`'s arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::args::positive_f64;

/// `inkplay profile-diff A B`.
#[derive(Debug, Args)]
pub struct ProfileDiffArgs {
    /// The capture to compare against (a .puffin file).
    #[arg(value_name = "A.puffin")]
    pub a: PathBuf,
    /// The capture compared (a .puffin file).
    #[arg(value_name = "B.puffin")]
    pub b: PathBuf,
    /// How much worse (percent) a scope's p50 or p99 may be in B before it can regress (it must
    /// also be above the noise: the 95 % bootstrap interval of the difference above zero; and
    /// matter to the frame: at least 5 % of --budget-ms).
    #[arg(long, default_value_t = 10.0, value_parser = positive_f64, value_name = "PCT")]
    pub max_regression: f64,
    /// The frame budget (ms) the captures' frames had: a scope's change must be 5 % of it to
    /// count (0.83 ms at 60 Hz).
    #[arg(long, default_value_t = 16.7, value_parser = positive_f64, value_name = "MS")]
    pub budget_ms: f64,
    /// The table, or the comparison as JSON.
    #[arg(long, value_enum, default_value = "table")]
    pub format: DiffFormat,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A row per scope.
    Table,
    /// `{"a": …, "b": …, "scopes": [...]}`.
    Json,
}
