//! A bench run in the formats CI tools read: github-action-benchmark's `customSmallerIsBetter`
//! array and Bencher's metric format (BMF), and the comparison table printed with `--baseline`.

use serde_json::{json, Map, Value};

use super::baseline::Baseline;
use super::verdict::{metrics, MetricDelta, Verdict};

/// The benchmark's name in both formats: drawing, scenario, size and antialiasing.
pub fn bench_name(run: &Baseline) -> String {
    let what = format!(
        "{} {} {}x{} {}",
        run.input, run.scenario, run.width, run.height, run.aa
    );
    if run.name.is_empty() {
        what
    } else {
        format!("{} ({what})", run.name)
    }
}

/// github-action-benchmark's `customSmallerIsBetter` input: one entry per metric
/// (`name`, `unit`, `value`, `range` from the bootstrap interval, `extra` with the verdict
/// against the baseline when there is one).
pub fn github(run: &Baseline, deltas: Option<&[MetricDelta]>) -> Value {
    let name = bench_name(run);
    let entries: Vec<Value> = metrics(run)
        .into_iter()
        .map(|m| {
            let mut e = Map::new();
            e.insert("name".into(), json!(format!("{name}: {}", m.name)));
            e.insert("unit".into(), json!(m.unit));
            e.insert("value".into(), json!(m.value));
            if let Some((lo, hi)) = m.interval {
                e.insert("range".into(), json!(format!("± {:.3}", (hi - lo) / 2.0)));
            }
            let verdict = deltas.and_then(|d| d.iter().find(|d| d.name == m.name));
            let extra = match verdict {
                Some(d) => format!(
                    "{} against the baseline ({:.3} → {:.3}, {:+.1} %)",
                    verdict_name(d.verdict),
                    d.baseline,
                    d.current,
                    d.delta_pct
                ),
                None => format!("inkplay {} on {}", run.inkplay, run.adapter.name),
            };
            e.insert("extra".into(), json!(extra));
            Value::Object(e)
        })
        .collect();
    Value::Array(entries)
}

/// Bencher's metric format: `{benchmark: {measure: {value, lower_value, upper_value}}}`.
pub fn bencher(run: &Baseline) -> Value {
    let mut measures = Map::new();
    for m in metrics(run) {
        let mut v = Map::new();
        v.insert("value".into(), json!(m.value));
        if let Some((lo, hi)) = m.interval {
            v.insert("lower_value".into(), json!(lo));
            v.insert("upper_value".into(), json!(hi));
        }
        measures.insert(m.name.replace('.', "-"), Value::Object(v));
    }
    let mut out = Map::new();
    out.insert(bench_name(run), Value::Object(measures));
    Value::Object(out)
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Improved => "improved",
        Verdict::Unchanged => "unchanged",
        Verdict::Regressed => "regressed",
    }
}

/// The comparison as a table: metric, baseline, now, delta, this run's interval, verdict.
pub fn comparison_table(deltas: &[MetricDelta], max_regression: f64) -> String {
    let mut s = format!(
        "against the baseline (regressed: worse by more than {max_regression} % and beyond both runs' noise)\n{:<24}{:>14}{:>14}{:>9}  {:<21}{}\n",
        "metric", "baseline", "now", "delta", "interval", "verdict"
    );
    for d in deltas {
        let interval = d
            .interval
            .map_or_else(String::new, |(lo, hi)| format!("{lo:.3}–{hi:.3}"));
        let runs = d.baseline_runs.map_or_else(String::new, |(lo, hi)| {
            format!(" (baseline runs {lo:.3}–{hi:.3})")
        });
        s.push_str(&format!(
            "{:<24}{:>14.3}{:>14.3}{:>8.1}%  {:<21}{}{runs}\n",
            d.name,
            d.baseline,
            d.current,
            d.delta_pct,
            interval,
            verdict_name(d.verdict)
        ));
    }
    s
}
