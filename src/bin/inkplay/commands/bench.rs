//! `inkplay bench`: the headless benchmark, its files and its `--check`.

use inkplay::Error;

use super::Output;
use crate::args::ScenarioArg;
use crate::bench_args::{BenchArgs, FormatArg};

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
    // A baseline that cannot be read is known before the run.
    let baseline = match &a.baseline {
        Some(p) => Some(bench::baseline::Baseline::read(p).map_err(Error::Environment)?),
        None => None,
    };
    let mut bar = crate::progress::Bar::new(!a.no_progress);
    let (mut report, rows) = bench::run(&cfg, &mut bar).map_err(|e| match e {
        Error::Gpu(inkplay::gpu::GpuError::NoAdapter(m)) => {
            Error::Environment(format!("no GPU adapter available: {m}"))
        }
        e => e,
    })?;
    let run = report.baseline(&rows);
    if let Some(p) = &a.save_baseline {
        let json = serde_json::to_string(&run).map_err(|e| Error::Usage(e.to_string()))?;
        inkplay::output::write_atomic(p, |w| w.write_all(json.as_bytes()))?;
    }
    let deltas = match &baseline {
        Some(base) => {
            let differ = run.differences(base);
            if !differ.is_empty() && !a.force {
                return Err(Error::Usage(format!(
                    "--baseline {}: not comparable ({}); --force compares anyway",
                    a.baseline
                        .as_deref()
                        .map_or_else(String::new, |p| p.display().to_string()),
                    differ.join("; ")
                )));
            }
            Some(bench::verdict::compare(base, &run, a.max_regression))
        }
        None => None,
    };
    if let Some(d) = &deltas {
        report.comparison = Some(bench::report::Comparison {
            max_regression_pct: a.max_regression,
            baseline_commit: baseline.as_ref().and_then(|b| b.commit.clone()),
            baseline_inkplay: baseline
                .as_ref()
                .map(|b| b.inkplay.clone())
                .unwrap_or_default(),
            metrics: d.clone(),
        });
    }
    if let Some(p) = &a.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Error::Usage(e.to_string()))?;
        inkplay::output::write_atomic(p, |w| w.write_all(json.as_bytes()))?;
    }
    if let Some(p) = &a.csv {
        let csv = bench::report::csv(&rows);
        inkplay::output::write_atomic(p, |w| w.write_all(csv.as_bytes()))?;
    }
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    let output = match a.format {
        FormatArg::Table => {
            let mut t = report.table();
            if let Some(d) = &deltas {
                t.push_str(&bench::formats::comparison_table(d, a.max_regression));
            }
            t
        }
        FormatArg::Json => {
            serde_json::to_string_pretty(&report).map_err(|e| Error::Usage(e.to_string()))? + "\n"
        }
        FormatArg::Github => pretty(&bench::formats::github(&run, deltas.as_deref())),
        FormatArg::Bencher => pretty(&bench::formats::bencher(&run)),
    };
    let mut failed: Vec<String> = Vec::new();
    if a.check {
        failed.extend(
            report
                .invariants
                .iter()
                .filter(|i| !i.ok)
                .map(|i| format!("{} ({:.2} > {:.2})", i.name, i.value, i.limit)),
        );
    }
    if let Some(d) = &deltas {
        failed.extend(
            d.iter()
                .filter(|m| m.verdict == bench::verdict::Verdict::Regressed)
                .map(|m| {
                    format!(
                        "{} regressed: {:.3} → {:.3} {} ({:+.1} %)",
                        m.name, m.baseline, m.current, m.unit, m.delta_pct
                    )
                }),
        );
    }
    if !failed.is_empty() {
        return Err(Error::CheckFailed { output, failed });
    }
    Ok(output)
}
