//! `inkplay profile-diff A B`: two captures compared scope by scope.
//!
//! Each capture's `.puffin` file is read with puffin's own loader, and every occurrence of every
//! scope (CPU scopes by name, GPU passes as `GPU <pass>`) becomes a sample of its duration. Per
//! scope the table gives the count and p50/p95/p99/max in each capture and the change. Whether a
//! change is above the noise is the rule the bench's baselines use: a two-sample bootstrap of
//! both captures' samples ([`bootstrap_difference`]) gives the 95 % interval of the p50's and
//! the p99's difference. A scope **regresses** when its p50 or p99 is worse by more than
//! `max_regression` percent *and* that interval lies above zero *and* the difference matters to
//! the frame: at least [`FRAME_FLOOR`] of the frame budget (5 %, 0.83 ms of 16.7 ms), the floor
//! the bench's baselines hold frame times to. Two runs of the same build on a busy machine move a
//! cheap scope by tens of percent (a 0.08 ms submit by 0.02 ms) and no frame by that. It
//! **improves** in the mirror case. Scopes with fewer than [`MIN_SAMPLES`] occurrences in either
//! capture get no verdict.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::spans::spans;
use crate::bench::verdict::{
    bootstrap_difference, nearest_rank, verdict, Verdict, BOOTSTRAP_ROUNDS, FRAME_FLOOR,
};
use crate::Error;

/// What a scope is held to: the percentage it may worsen by, and the frame budget (ms) whose
/// [`FRAME_FLOOR`] share a change must reach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Percent.
    pub max_regression: f64,
    /// ms.
    pub budget_ms: f64,
}

impl Rule {
    /// The smallest difference (ms) that is a change.
    pub fn floor_ms(&self) -> f64 {
        FRAME_FLOOR * self.budget_ms
    }
}

/// Occurrences a scope needs in each capture for a verdict.
pub const MIN_SAMPLES: usize = 5;

/// Every scope's durations in one capture.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Puffin frames read.
    pub frames: usize,
    /// Durations (ms) by scope name.
    pub scopes: BTreeMap<String, Vec<f64>>,
}

/// Read a `.puffin` capture.
pub fn load(path: &Path) -> Result<Profile, Error> {
    let bad = |e: &dyn std::fmt::Display| {
        Error::Usage(format!(
            "{}: not a readable puffin capture: {e}",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| bad(&e))?;
    let view = puffin::FrameView::read(&mut std::io::BufReader::new(file)).map_err(|e| bad(&e))?;
    let mut profile = Profile::default();
    let mut frames: Vec<_> = view.all_uniq().collect();
    frames.sort_by_key(|f| f.frame_index());
    for f in frames {
        profile.frames += 1;
        for s in spans(f, view.scope_collection()).map_err(|e| bad(&e))? {
            profile
                .scopes
                .entry(s.name)
                .or_default()
                .push(s.duration_ns as f64 / 1e6);
        }
    }
    Ok(profile)
}

/// A scope's statistics in one capture (ms).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScopeStats {
    /// Occurrences.
    pub count: usize,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Longest.
    pub max: f64,
}

impl ScopeStats {
    fn of(samples: &[f64]) -> Self {
        let mut v = samples.to_vec();
        Self {
            count: v.len(),
            p50: nearest_rank(&mut v, 0.50),
            p95: nearest_rank(&mut v, 0.95),
            p99: nearest_rank(&mut v, 0.99),
            max: nearest_rank(&mut v, 1.0),
        }
    }
}

/// One scope of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopeDiff {
    /// The scope.
    pub name: String,
    /// In capture A (absent: the scope did not run there).
    pub a: Option<ScopeStats>,
    /// In capture B.
    pub b: Option<ScopeStats>,
    /// The 95 % interval of B's p50 − A's p50 (ms), with enough samples.
    pub p50_difference: Option<(f64, f64)>,
    /// The 95 % interval of B's p99 − A's p99 (ms).
    pub p99_difference: Option<(f64, f64)>,
    /// The verdict (see the module docs); `None` without enough samples.
    pub verdict: Option<Verdict>,
}

fn pct(a: f64, b: f64) -> f64 {
    if a > 0.0 {
        (b - a) / a * 100.0
    } else {
        0.0
    }
}

fn judge(a: f64, b: f64, difference: (f64, f64), rule: Rule) -> Verdict {
    verdict(
        (a, a),
        b,
        rule.max_regression,
        Some(difference),
        rule.floor_ms(),
    )
}

/// Compare capture `b` with capture `a` by `rule`, scope by scope: the scopes that took the most
/// time (in either capture) first.
pub fn diff(a: &Profile, b: &Profile, rule: Rule) -> Vec<ScopeDiff> {
    let names: std::collections::BTreeSet<&String> =
        a.scopes.keys().chain(b.scopes.keys()).collect();
    let total = |p: &Profile, n: &String| p.scopes.get(n).map_or(0.0, |v| v.iter().sum::<f64>());
    let mut names: Vec<&String> = names.into_iter().collect();
    names.sort_by(|x, y| {
        let (tx, ty) = (total(a, x).max(total(b, x)), total(a, y).max(total(b, y)));
        ty.total_cmp(&tx).then_with(|| x.cmp(y))
    });
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let (sa, sb) = (a.scopes.get(name), b.scopes.get(name));
            let mut d = ScopeDiff {
                name: name.clone(),
                a: sa.map(|v| ScopeStats::of(v)),
                b: sb.map(|v| ScopeStats::of(v)),
                p50_difference: None,
                p99_difference: None,
                verdict: None,
            };
            if let (Some(va), Some(vb), Some(x), Some(y)) = (sa, sb, d.a, d.b) {
                if va.len() >= MIN_SAMPLES && vb.len() >= MIN_SAMPLES {
                    let seed = 0x1d1f_0000 + i as u64;
                    let p50 = bootstrap_difference(
                        va,
                        vb,
                        |v| nearest_rank(v, 0.5),
                        BOOTSTRAP_ROUNDS,
                        seed,
                    );
                    let p99 = bootstrap_difference(
                        va,
                        vb,
                        |v| nearest_rank(v, 0.99),
                        BOOTSTRAP_ROUNDS,
                        seed ^ 0x99,
                    );
                    let v50 = judge(x.p50, y.p50, p50, rule);
                    let v99 = judge(x.p99, y.p99, p99, rule);
                    d.verdict = Some(match (v50, v99) {
                        (Verdict::Regressed, _) | (_, Verdict::Regressed) => Verdict::Regressed,
                        (Verdict::Improved, _) | (_, Verdict::Improved) => Verdict::Improved,
                        _ => Verdict::Unchanged,
                    });
                    d.p50_difference = Some(p50);
                    d.p99_difference = Some(p99);
                }
            }
            d
        })
        .collect()
}

/// The scopes that regressed.
pub fn regressions(diffs: &[ScopeDiff]) -> Vec<&ScopeDiff> {
    diffs
        .iter()
        .filter(|d| d.verdict == Some(Verdict::Regressed))
        .collect()
}

/// The comparison as a table: a row per scope, A's and B's count and statistics, the change of
/// the p50 and p99, and the verdict (`-` without enough samples; `only in A`/`only in B`).
pub fn table(a: &Profile, b: &Profile, diffs: &[ScopeDiff]) -> String {
    use std::fmt::Write as _;
    let width = diffs
        .iter()
        .map(|d| d.name.len())
        .max()
        .unwrap_or(5)
        .clamp(5, 48);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "A: {} frames, B: {} frames; ms per occurrence",
        a.frames, b.frames
    );
    let _ = writeln!(
        out,
        "{:<width$}  {:>6} {:>8} {:>8} {:>8} {:>8}  {:>6} {:>8} {:>8} {:>8} {:>8}  {:>8} {:>8}  verdict",
        "scope", "A n", "p50", "p95", "p99", "max", "B n", "p50", "p95", "p99", "max", "Δp50", "Δp99"
    );
    let cols = |s: Option<ScopeStats>| match s {
        Some(s) => format!(
            "{:>6} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            s.count, s.p50, s.p95, s.p99, s.max
        ),
        None => format!("{:>6} {:>8} {:>8} {:>8} {:>8}", 0, "-", "-", "-", "-"),
    };
    for d in diffs {
        let name: String = d.name.chars().take(width).collect();
        let (dp50, dp99) = match (d.a, d.b) {
            (Some(x), Some(y)) => (
                format!("{:+.1}%", pct(x.p50, y.p50)),
                format!("{:+.1}%", pct(x.p99, y.p99)),
            ),
            _ => ("-".into(), "-".into()),
        };
        let verdict = match (d.verdict, d.a, d.b) {
            (Some(v), _, _) => format!("{v:?}").to_lowercase(),
            (None, None, _) => "only in B".into(),
            (None, _, None) => "only in A".into(),
            _ => "-".into(),
        };
        let _ = writeln!(
            out,
            "{name:<width$}  {}  {}  {dp50:>8} {dp99:>8}  {verdict}",
            cols(d.a),
            cols(d.b)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(scopes: &[(&str, Vec<f64>)]) -> Profile {
        Profile {
            frames: 10,
            scopes: scopes
                .iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect(),
        }
    }

    fn rule(max_regression: f64) -> Rule {
        Rule {
            max_regression,
            budget_ms: 16.7,
        }
    }

    fn noisy(base: f64, n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| base * (1.0 + 0.05 * ((i * 7 % 11) as f64 / 10.0 - 0.5)))
            .collect()
    }

    #[test]
    fn same_samples_are_unchanged() {
        let a = profile(&[("encode", noisy(1.0, 200))]);
        let d = diff(&a, &a, rule(10.0));
        assert_eq!(d[0].verdict, Some(Verdict::Unchanged));
        assert!(regressions(&d).is_empty());
    }

    #[test]
    fn slower_scope_regresses_and_faster_improves() {
        let a = profile(&[
            ("encode", noisy(1.0, 200)),
            ("GPU composition", noisy(2.0, 200)),
        ]);
        let b = profile(&[
            ("encode", noisy(2.0, 200)),
            ("GPU composition", noisy(1.0, 200)),
        ]);
        let d = diff(&a, &b, rule(10.0));
        let by = |n: &str| d.iter().find(|x| x.name == n).and_then(|x| x.verdict);
        assert_eq!(by("encode"), Some(Verdict::Regressed));
        assert_eq!(by("GPU composition"), Some(Verdict::Improved));
        // Within the threshold: unchanged.
        assert_eq!(
            diff(&a, &b, rule(110.0))
                .iter()
                .find(|x| x.name == "encode")
                .and_then(|x| x.verdict),
            Some(Verdict::Unchanged)
        );
    }

    #[test]
    fn a_change_too_small_for_the_frame_is_unchanged() {
        // A cheap scope 30 % slower, beyond the noise but 0.03 ms: nothing to a 16.7 ms frame.
        let a = profile(&[("Queue::submit", noisy(0.08, 200))]);
        let b = profile(&[("Queue::submit", noisy(0.11, 200))]);
        assert_eq!(
            diff(&a, &b, rule(10.0))[0].verdict,
            Some(Verdict::Unchanged)
        );
        // In a 0.5 ms budget it is a share of the frame.
        let tight = Rule {
            max_regression: 10.0,
            budget_ms: 0.5,
        };
        assert_eq!(diff(&a, &b, tight)[0].verdict, Some(Verdict::Regressed));
    }

    #[test]
    fn few_samples_and_missing_scopes_get_no_verdict() {
        let a = profile(&[("rare", vec![1.0, 2.0]), ("gone", noisy(1.0, 50))]);
        let b = profile(&[("rare", vec![5.0, 6.0]), ("new", noisy(1.0, 50))]);
        let d = diff(&a, &b, rule(10.0));
        assert!(d.iter().all(|x| x.verdict.is_none()));
        let t = table(&a, &b, &d);
        assert!(t.contains("only in A") && t.contains("only in B"), "{t}");
    }
}
