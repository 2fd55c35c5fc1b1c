//! `inkplay bench`: the headless benchmark, its files and its `--check`.

use inkplay::Error;

use super::Output;
use crate::args::ScenarioArg;
use crate::bench_args::{BenchArgs, FormatArg};

/// `--runs N` measurements of one row: the last run (its report is shown) and the baseline that
/// pools the frames of all of them.
fn measure(
    cfg: &inkplay::bench::BenchConfig,
    a: &BenchArgs,
    name: &str,
    bar: &mut crate::progress::Bar,
    trace: &mut inkplay::profile::Capture,
) -> Result<(inkplay::bench::BenchRun, inkplay::bench::baseline::Baseline), Error> {
    let mut last = None;
    let mut runs = Vec::new();
    for _ in 0..a.runs {
        let r = inkplay::bench::run(cfg, bar).map_err(|e| match e {
            Error::Gpu(inkplay::gpu::GpuError::NoAdapter(m)) => {
                Error::Environment(format!("no GPU adapter available: {m}"))
            }
            e => e,
        })?;
        if let Some(c) = r.capture.clone() {
            trace.frames.extend(c.frames);
            trace.names = c.names;
        }
        runs.push(r.report.baseline(name, &r.frames));
        last = Some(r);
    }
    match (last, inkplay::bench::baseline::Baseline::pool(runs)) {
        (Some(last), Some(run)) => Ok((last, run)),
        _ => Err(Error::Usage("--runs must be at least 1".into())),
    }
}

/// Whether `run` may be compared with `base` (same adapter, size, scenario …; `--force` says
/// yes).
fn comparable(
    a: &BenchArgs,
    name: &str,
    base: &inkplay::bench::baseline::Baseline,
    run: &inkplay::bench::baseline::Baseline,
) -> Result<(), Error> {
    let differ = run.differences(base);
    if differ.is_empty() || a.force {
        return Ok(());
    }
    let row = if name.is_empty() {
        String::new()
    } else {
        format!(" (row {name})")
    };
    Err(Error::Usage(format!(
        "--baseline {}{row}: not comparable ({}); --force compares anyway",
        a.baseline
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string()),
        differ.join("; ")
    )))
}

/// `inkplay bench`: run the benchmark, write `--json`/`--csv`, print the table; with `--check`, a
/// failed invariant is an error (the table is still printed).
pub fn bench(a: &BenchArgs) -> Result<Output, Error> {
    use inkplay::bench::{self, BenchConfig, Scenario};
    if a.scenario == ScenarioArg::Soak {
        return super::soak::soak(a);
    }
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
            ScenarioArg::Soak => unreachable!("handled above"),
        },
        governor: (!a.no_governor).then(|| a.profile_preset.into()),
        speed: a.speed,
        budget_ms: a.budget_ms,
        memory_budget_mb: a.memory_budget_mb,
        compare: a.compare,
        versus_ungoverned: a.check,
        loader: a.loader.into(),
        trace: a.trace.is_some(),
    };
    let runs: Vec<(String, BenchConfig)> = match &a.suite {
        Some(path) => bench::suite::load_suite(path, &cfg)
            .map_err(Error::Usage)?
            .into_iter()
            .map(|r| (r.name, r.config))
            .collect(),
        None => vec![(String::new(), cfg)],
    };
    // A baseline that cannot be read is known before anything runs.
    let baseline = match &a.baseline {
        Some(p) => Some(bench::baseline::BaselineFile::read(p).map_err(Error::Environment)?),
        None => None,
    };
    let mut bar = crate::progress::Bar::new(!a.no_progress);
    let mut done: Vec<Done> = Vec::new();
    // Each row's recorder saw every scope registered before it: the last row's names cover all.
    let mut trace = inkplay::profile::Capture::default();
    for (name, cfg) in &runs {
        if !name.is_empty() {
            bar.stage_row(name);
        }
        let (mut last, mut run) = measure(cfg, a, name, &mut bar, &mut trace)?;
        let base = baseline.as_ref().and_then(|b| b.find(name));
        let deltas = match base {
            Some(base) => {
                comparable(a, name, base, &run)?;
                let mut d = bench::verdict::compare(base, &run, a.max_regression);
                // A regression counts when it is measured again: a minute of a slow machine
                // moves every frame of a row, and no rule within one measurement tells it from
                // a slower build.
                for k in 0..a.confirm {
                    if !d
                        .iter()
                        .any(|m| m.verdict == bench::verdict::Verdict::Regressed)
                    {
                        break;
                    }
                    log::warn!(
                        "{}regressed; measuring again to confirm ({} of {})",
                        if name.is_empty() {
                            String::new()
                        } else {
                            format!("{name}: ")
                        },
                        k + 1,
                        a.confirm
                    );
                    (last, run) = measure(cfg, a, name, &mut bar, &mut trace)?;
                    d = bench::verdict::compare(base, &run, a.max_regression);
                }
                last.report.comparison = Some(bench::report::Comparison {
                    max_regression_pct: a.max_regression,
                    baseline_commit: base.commit.clone(),
                    baseline_inkplay: base.inkplay.clone(),
                    metrics: d.clone(),
                });
                Some(d)
            }
            None => None,
        };
        let bench::BenchRun { report, frames, .. } = last;
        done.push(Done {
            name: name.clone(),
            report,
            frames,
            run,
            deltas,
            missing_baseline: baseline.is_some() && base.is_none(),
        });
    }
    if let Some(p) = &a.trace {
        trace.write(p)?;
    }
    if let Some(p) = &a.save_baseline {
        let file = bench::baseline::BaselineFile {
            version: bench::baseline::BASELINE_VERSION,
            runs: done.iter().map(|d| d.run.clone()).collect(),
        };
        let json = serde_json::to_string(&file).map_err(|e| Error::Usage(e.to_string()))?;
        inkplay::output::write_atomic(p, |w| w.write_all(json.as_bytes()))?;
    }
    let reports = || -> Result<String, Error> {
        let v = match &done[..] {
            [one] if one.name.is_empty() => serde_json::to_value(&one.report),
            many => serde_json::to_value(serde_json::json!({
                "rows": many.iter().map(|d| serde_json::json!({"name": d.name, "report": d.report})).collect::<Vec<_>>()
            })),
        }
        .map_err(|e| Error::Usage(e.to_string()))?;
        Ok(serde_json::to_string_pretty(&v).map_err(|e| Error::Usage(e.to_string()))? + "\n")
    };
    if let Some(p) = &a.json {
        let json = reports()?;
        inkplay::output::write_atomic(p, |w| w.write_all(json.as_bytes()))?;
    }
    if let Some(p) = &a.csv {
        let [one] = &done[..] else {
            return Err(Error::Usage("--csv: one run at a time, not a suite".into()));
        };
        let csv = bench::report::csv(&one.frames);
        inkplay::output::write_atomic(p, |w| w.write_all(csv.as_bytes()))?;
    }
    let pretty = |v: serde_json::Value| serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    let output = match a.format {
        FormatArg::Table => {
            let mut t = String::new();
            for d in &done {
                if !d.name.is_empty() {
                    t.push_str(&format!("== {} ==\n", d.name));
                }
                t.push_str(&d.report.table());
                if let Some(deltas) = &d.deltas {
                    t.push_str(&bench::formats::comparison_table(deltas, a.max_regression));
                } else if d.missing_baseline {
                    t.push_str("no baseline for this run\n");
                }
            }
            t
        }
        FormatArg::Json => reports()?,
        FormatArg::Github => pretty(serde_json::Value::Array(
            done.iter()
                .flat_map(
                    |d| match bench::formats::github(&d.run, d.deltas.as_deref()) {
                        serde_json::Value::Array(v) => v,
                        other => vec![other],
                    },
                )
                .collect(),
        )),
        FormatArg::Bencher => {
            let mut all = serde_json::Map::new();
            for d in &done {
                if let serde_json::Value::Object(m) = bench::formats::bencher(&d.run) {
                    all.extend(m);
                }
            }
            pretty(serde_json::Value::Object(all))
        }
    };
    let mut failed: Vec<String> = Vec::new();
    for d in &done {
        let row = if d.name.is_empty() {
            String::new()
        } else {
            format!("{}: ", d.name)
        };
        if a.check {
            failed.extend(
                d.report
                    .invariants
                    .iter()
                    .filter(|i| !i.ok)
                    .map(|i| format!("{row}{} ({:.2} > {:.2})", i.name, i.value, i.limit)),
            );
        }
        failed.extend(
            d.deltas
                .iter()
                .flatten()
                .filter(|m| m.verdict == bench::verdict::Verdict::Regressed)
                .map(|m| {
                    format!(
                        "{row}{} regressed: {:.3} → {:.3} {} ({:+.1} %)",
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

/// One finished run: its name (a suite row's), report, frames, baseline form and comparison.
struct Done {
    name: String,
    report: inkplay::bench::BenchReport,
    frames: Vec<inkplay::bench::report::FrameRow>,
    run: inkplay::bench::baseline::Baseline,
    deltas: Option<Vec<inkplay::bench::verdict::MetricDelta>>,
    missing_baseline: bool,
}
