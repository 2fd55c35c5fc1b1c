//! Bench suites: several runs in one process, one report (`inkplay bench --suite FILE.toml`).
//!
//! A suite file has optional `[defaults]` and one `[[row]]` per run. A row's keys override the
//! defaults, which override the command line's flags:
//!
//! ```toml
//! [defaults]
//! frames = 240
//! size = "640x360"
//!
//! [[row]]
//! name = "playback-2k"          # unique; baselines match rows by it
//! drawing = "synthetic:2000"    # a source spec, as on the command line
//! scenario = "playback"         # playback | seek | load | static | rebuild | scrub
//! governor = false              # default true
//! ```
//!
//! Other keys: `aa` (`msaa4`, `analytic`, `none`), `warmup`, `speed`, `budget_ms`. Anything else is
//! an error naming the file, the line and the key.

use std::path::Path;

use serde::Deserialize;

use super::{BenchConfig, Scenario};
use crate::gpu::AntiAlias;

/// One run of a suite.
#[derive(Debug, Clone)]
pub struct SuiteRow {
    /// Its unique name.
    pub name: String,
    /// What it runs.
    pub config: BenchConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuiteFile {
    #[serde(default)]
    defaults: RowSpec,
    #[serde(default)]
    row: Vec<RowSpec>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowSpec {
    name: Option<String>,
    drawing: Option<String>,
    scenario: Option<String>,
    size: Option<String>,
    aa: Option<String>,
    frames: Option<usize>,
    warmup: Option<usize>,
    governor: Option<bool>,
    speed: Option<f64>,
    budget_ms: Option<f64>,
}

fn scenario(s: &str) -> Option<Scenario> {
    [
        Scenario::Playback,
        Scenario::Seek,
        Scenario::Load,
        Scenario::Static,
        Scenario::Rebuild,
        Scenario::Scrub,
    ]
    .into_iter()
    .find(|sc| sc.name() == s)
}

fn size(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    ((1..=16384).contains(&w) && (1..=16384).contains(&h)).then_some((w, h))
}

fn aa(s: &str) -> Option<AntiAlias> {
    [AntiAlias::Msaa4, AntiAlias::Analytic, AntiAlias::None]
        .into_iter()
        .find(|a| a.name() == s)
}

/// Read a suite: its rows, each `base` (the command line's configuration) overridden by the
/// file's defaults and the row. An error names the file and what is wrong (with the line for
/// syntax and unknown keys).
pub fn load_suite(path: &Path, base: &BenchConfig) -> Result<Vec<SuiteRow>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: SuiteFile = toml::from_str(&text)
        .map_err(|e| format!("{}: {}", path.display(), e.to_string().trim()))?;
    if file.row.is_empty() {
        return Err(format!("{}: no [[row]]", path.display()));
    }
    let mut rows: Vec<SuiteRow> = Vec::new();
    for (i, row) in file.row.iter().enumerate() {
        let at = |what: String| format!("{}: row {}: {what}", path.display(), i + 1);
        let d = &file.defaults;
        let name = row.name.clone().ok_or_else(|| at("needs a name".into()))?;
        if rows.iter().any(|r| r.name == name) {
            return Err(at(format!("the name {name:?} is used twice")));
        }
        let mut c = base.clone();
        c.input = Some(
            row.drawing
                .clone()
                .or_else(|| d.drawing.clone())
                .ok_or_else(|| at("needs a drawing".into()))?,
        );
        if let Some(s) = row.scenario.as_ref().or(d.scenario.as_ref()) {
            c.scenario = scenario(s).ok_or_else(|| {
                at(format!(
                    "scenario {s:?}: expected playback, seek, load, static, rebuild or scrub"
                ))
            })?;
        }
        if let Some(s) = row.size.as_ref().or(d.size.as_ref()) {
            (c.width, c.height) =
                size(s).ok_or_else(|| at(format!("size {s:?}: expected WIDTHxHEIGHT")))?;
        }
        if let Some(s) = row.aa.as_ref().or(d.aa.as_ref()) {
            c.aa =
                aa(s).ok_or_else(|| at(format!("aa {s:?}: expected msaa4, analytic or none")))?;
        }
        if let Some(f) = row.frames.or(d.frames) {
            if f == 0 {
                return Err(at("frames must be at least 1".into()));
            }
            c.frames = f;
        }
        if let Some(w) = row.warmup.or(d.warmup) {
            c.warmup = w;
        }
        if let Some(false) = row.governor.or(d.governor) {
            c.governor = None;
        }
        if let Some(s) = row.speed.or(d.speed) {
            c.speed = Some(s).filter(|s| s.is_finite() && *s > 0.0);
        }
        if let Some(b) = row.budget_ms.or(d.budget_ms) {
            if !(b.is_finite() && b > 0.0) {
                return Err(at(format!("budget_ms {b}: must be positive")));
            }
            c.budget_ms = b;
        }
        rows.push(SuiteRow { name, config: c });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Vec<SuiteRow>, String> {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("s.toml");
        std::fs::write(&p, text).expect("write");
        load_suite(&p, &BenchConfig::default())
    }

    #[test]
    fn rows_override_defaults_override_the_command_line() {
        let rows = load(
            "[defaults]\nframes = 30\nsize = \"320x200\"\n\n[[row]]\nname = \"a\"\ndrawing = \"synthetic:10\"\n\n[[row]]\nname = \"b\"\ndrawing = \"synthetic:20\"\nscenario = \"seek\"\nframes = 7\naa = \"msaa4\"\ngovernor = false\n",
        )
        .expect("suite");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].config.frames, 30);
        assert_eq!((rows[0].config.width, rows[0].config.height), (320, 200));
        assert!(rows[0].config.governor.is_some());
        assert_eq!(rows[1].config.frames, 7);
        assert_eq!(rows[1].config.scenario, Scenario::Seek);
        assert_eq!(rows[1].config.aa, AntiAlias::Msaa4);
        assert!(rows[1].config.governor.is_none());
        assert_eq!(rows[1].config.input.as_deref(), Some("synthetic:20"));
    }

    #[test]
    fn mistakes_are_named() {
        let e = load("[[row]]\nname = \"a\"\ndrawing = \"x\"\nframez = 3\n").expect_err("key");
        assert!(e.contains("framez") && e.contains("line 4"), "{e}");
        let e = load("[[row]]\ndrawing = \"x\"\n").expect_err("name");
        assert!(e.contains("row 1") && e.contains("name"), "{e}");
        let e = load(
            "[[row]]\nname = \"a\"\ndrawing = \"x\"\n[[row]]\nname = \"a\"\ndrawing = \"y\"\n",
        )
        .expect_err("dup");
        assert!(e.contains("twice"), "{e}");
        let e =
            load("[[row]]\nname = \"a\"\ndrawing = \"x\"\nscenario = \"fast\"\n").expect_err("sc");
        assert!(e.contains("fast"), "{e}");
        assert!(load("").expect_err("empty").contains("no [[row]]"));
    }
}
