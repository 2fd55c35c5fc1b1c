//! `inkplay bench`: the headless benchmark, its files and its `--check`.

use inkplay::Error;

use super::Output;
use crate::args::{BenchArgs, ScenarioArg};

/// `inkplay bench`: run the benchmark, write `--json`/`--csv`, print the table; with `--check`, a
/// failed invariant is an error (the table is still printed).
pub fn bench(a: &BenchArgs) -> Result<Output, Error> {
    use inkplay::bench::{self, BenchConfig, Scenario};
    let cfg = BenchConfig {
        input: a.file.clone(),
        limits: a.limits.limits(),
        frames: a.frames as usize,
        warmup: a.warmup as usize,
        width: a.size.width,
        height: a.size.height,
        aa: a.aa.into(),
        scenario: match a.scenario {
            ScenarioArg::Playback => Scenario::Playback,
            ScenarioArg::Seek => Scenario::Seek,
            ScenarioArg::Load => Scenario::Load,
            ScenarioArg::Static => Scenario::Static,
            ScenarioArg::Rebuild => Scenario::Rebuild,
            ScenarioArg::Scrub => Scenario::Scrub,
        },
        governor: (!a.no_governor).then(|| a.profile_preset.into()),
        speed: a.speed,
        budget_ms: a.budget_ms,
        memory_budget_mb: a.memory_budget_mb,
        compare: a.compare,
        versus_ungoverned: a.check,
        loader: a.loader.into(),
    };
    let mut bar = crate::progress::Bar::new(!a.no_progress);
    let (report, rows) = bench::run(&cfg, &mut bar)?;
    if let Some(p) = &a.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Error::Usage(e.to_string()))?;
        inkplay::output::write_atomic(p, |w| w.write_all(json.as_bytes()))?;
    }
    if let Some(p) = &a.csv {
        let csv = bench::report::csv(&rows);
        inkplay::output::write_atomic(p, |w| w.write_all(csv.as_bytes()))?;
    }
    let table = report.table();
    if a.check && !report.ok() {
        let failed = report
            .invariants
            .iter()
            .filter(|i| !i.ok)
            .map(|i| format!("{} ({:.2} > {:.2})", i.name, i.value, i.limit))
            .collect();
        return Err(Error::CheckFailed {
            output: table,
            failed,
        });
    }
    Ok(table)
}
