//! `inkplay bench --scenario soak --minutes N`: the soak's table (or `--format json`), `--json`,
//! `--plot`, and `--check` holding memory flat after the first minute.

use inkplay::bench::soak::{self, SoakConfig};
use inkplay::bench::BenchConfig;
use inkplay::Error;

use super::Output;
use crate::bench_args::{BenchArgs, FormatArg};

/// Run the soak.
pub fn soak(a: &BenchArgs) -> Result<Output, Error> {
    if a.suite.is_some() || a.baseline.is_some() || a.save_baseline.is_some() || a.trace.is_some() {
        return Err(Error::Usage(
            "--scenario soak takes none of --suite, --baseline, --save-baseline, --trace".into(),
        ));
    }
    let cfg = BenchConfig {
        input: a.file.clone(),
        limits: a.limits.limits(),
        width: a.size.width,
        height: a.size.height,
        aa: a.aa.into(),
        governor: (!a.no_governor).then(|| a.profile_preset.into()),
        budget_ms: a.budget_ms,
        memory_budget_mb: a.memory_budget_mb,
        loader: a.loader.into(),
        ..BenchConfig::default()
    };
    let mut bar = crate::progress::Bar::new(!a.no_progress);
    let report =
        soak::run(&cfg, &SoakConfig::minutes(a.minutes), &mut bar).map_err(|e| match e {
            Error::Gpu(inkplay::gpu::GpuError::NoAdapter(m)) => {
                Error::Environment(format!("no GPU adapter available: {m}"))
            }
            e => e,
        })?;
    drop(bar);
    let json = || {
        serde_json::to_string_pretty(&report)
            .map(|s| s + "\n")
            .map_err(|e| Error::Usage(e.to_string()))
    };
    if let Some(p) = &a.json {
        let text = json()?;
        inkplay::output::write_atomic(p, |w| w.write_all(text.as_bytes()))?;
    }
    if let Some(p) = &a.plot {
        let svg = report.plot_svg();
        inkplay::output::write_atomic(p, |w| w.write_all(svg.as_bytes()))?;
    }
    let output = match a.format {
        FormatArg::Json => json()?,
        _ => report.table(),
    };
    if a.check && !report.ok() {
        let failed = report
            .invariants
            .iter()
            .filter(|i| !i.ok)
            .map(|i| format!("{} = {:.2}", i.name, i.value))
            .collect();
        return Err(Error::CheckFailed { output, failed });
    }
    Ok(output)
}
