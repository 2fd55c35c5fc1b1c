//! `inkplay profile-diff A B`: two captures compared scope by scope (see
//! [`inkplay::profile::diff`]); exit 1 when a scope regressed.

use inkplay::profile::diff;
use inkplay::Error;

use super::Output;
use crate::profile_diff_args::{DiffFormat, ProfileDiffArgs};

/// Run it.
pub fn profile_diff(a: &ProfileDiffArgs) -> Result<Output, Error> {
    let pa = diff::load(&a.a)?;
    let pb = diff::load(&a.b)?;
    let rule = diff::Rule {
        max_regression: a.max_regression,
        budget_ms: a.budget_ms,
    };
    let diffs = diff::diff(&pa, &pb, rule);
    let output = match a.format {
        DiffFormat::Table => diff::table(&pa, &pb, &diffs),
        DiffFormat::Json => {
            let json = serde_json::json!({
                "a": {"path": a.a.display().to_string(), "frames": pa.frames},
                "b": {"path": a.b.display().to_string(), "frames": pb.frames},
                "max_regression_pct": a.max_regression,
                "budget_ms": a.budget_ms,
                "floor_ms": rule.floor_ms(),
                "scopes": diffs,
            });
            serde_json::to_string_pretty(&json).map_err(|e| Error::Usage(e.to_string()))? + "\n"
        }
    };
    let failed: Vec<String> = diff::regressions(&diffs)
        .into_iter()
        .map(|d| {
            let (x, y) = (d.a.map_or(0.0, |s| s.p99), d.b.map_or(0.0, |s| s.p99));
            let (m, n) = (d.a.map_or(0.0, |s| s.p50), d.b.map_or(0.0, |s| s.p50));
            format!(
                "{} regressed (p50 {m:.3} → {n:.3} ms, p99 {x:.3} → {y:.3} ms)",
                d.name
            )
        })
        .collect();
    if failed.is_empty() {
        Ok(output)
    } else {
        Err(Error::CheckFailed { output, failed })
    }
}
