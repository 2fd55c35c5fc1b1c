//! The port against rough.js itself: every case of `tests/data/rough/oracle.json` (made by
//! `scripts/rough-oracle` with rough.js 4.6.4) must come out op for op within 1e-6 units.

use super::*;
use serde_json::Value;

const ORACLE: &str = include_str!("../../../tests/data/rough/oracle.json");

fn pt(v: &Value) -> [f64; 2] {
    [v[0].as_f64().unwrap(), v[1].as_f64().unwrap()]
}

fn pts(v: &Value) -> Vec<[f64; 2]> {
    v.as_array().unwrap().iter().map(pt).collect()
}

/// The few SVG path commands the oracle's paths use (absolute M, L, Q, C, Z).
fn parse_d(d: &str) -> Vec<Seg> {
    let cleaned = d.replace(',', " ");
    let tokens = cleaned.split_whitespace();
    let mut segs = Vec::new();
    let mut cmd = ' ';
    let mut nums: Vec<f64> = Vec::new();
    let flush = |cmd: char, nums: &mut Vec<f64>, segs: &mut Vec<Seg>| {
        let n = nums.as_slice();
        match cmd {
            'M' => segs.push(Seg::Move([n[0], n[1]])),
            'L' => segs.push(Seg::Line([n[0], n[1]])),
            'Q' => segs.push(Seg::Quad([n[0], n[1]], [n[2], n[3]])),
            'C' => segs.push(Seg::Cubic([n[0], n[1]], [n[2], n[3]], [n[4], n[5]])),
            'Z' => segs.push(Seg::Close),
            _ => {}
        }
        nums.clear();
    };
    for t in tokens {
        if let Ok(v) = t.parse::<f64>() {
            nums.push(v);
        } else {
            if cmd != ' ' {
                flush(cmd, &mut nums, &mut segs);
            }
            cmd = t.chars().next().unwrap();
        }
    }
    flush(cmd, &mut nums, &mut segs);
    segs
}

fn run(case: &Value) -> Option<Vec<OpSet>> {
    let mut o: Options = serde_json::from_value(case["options"].clone()).unwrap();
    if let Some(seed) = case["mathRandomStub"]["seed"].as_f64() {
        o.jitter_seed = Some(seed);
    }
    let a = &case["args"];
    let f = |i: usize| a[i].as_f64().unwrap();
    Some(match case["shape"].as_str().unwrap() {
        "line" => line([f(0), f(1)], [f(2), f(3)], &o),
        "rectangle" => rectangle(f(0), f(1), f(2), f(3), &o),
        "ellipse" => ellipse(f(0), f(1), f(2), f(3), &o),
        "circle" => ellipse(f(0), f(1), f(2), f(2), &o),
        "polygon" => polygon(&pts(&a[0]), &o),
        "linearPath" => linear_path(&pts(&a[0]), &o),
        "curve" => curve(&pts(&a[0]), &o),
        "path" => path(&parse_d(a[0].as_str().unwrap()), &o),
        _ => return None,
    })
}

fn op_values(op: &Op) -> (&'static str, Vec<f64>) {
    match op {
        Op::Move(p) => ("move", p.to_vec()),
        Op::LineTo(p) => ("lineTo", p.to_vec()),
        Op::BCurveTo(d) => ("bcurveTo", d.to_vec()),
    }
}

/// The first difference between our sets and rough.js's, if any.
fn difference(ours: &[OpSet], theirs: &Value) -> Option<String> {
    let theirs = theirs.as_array().unwrap();
    if ours.len() != theirs.len() {
        return Some(format!("{} sets, rough.js {}", ours.len(), theirs.len()));
    }
    for (si, (a, b)) in ours.iter().zip(theirs).enumerate() {
        let kind = match a.kind {
            SetKind::Path => "path",
            SetKind::FillPath => "fillPath",
            SetKind::FillSketch => "fillSketch",
        };
        if kind != b["type"] {
            return Some(format!("set {si} is {kind}, rough.js {}", b["type"]));
        }
        let bops = b["ops"].as_array().unwrap();
        if a.ops.len() != bops.len() {
            return Some(format!(
                "set {si}: {} ops, rough.js {}",
                a.ops.len(),
                bops.len()
            ));
        }
        for (oi, (x, y)) in a.ops.iter().zip(bops).enumerate() {
            let (name, vals) = op_values(x);
            let theirs: Vec<f64> = y["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            if name != y["op"] || vals.iter().zip(&theirs).any(|(p, q)| (p - q).abs() > 1e-6) {
                return Some(format!(
                    "set {si} op {oi}: {name} {vals:?}, rough.js {} {theirs:?}",
                    y["op"]
                ));
            }
        }
    }
    None
}

#[test]
fn every_oracle_case_matches_rough_js() {
    let oracle: Value = serde_json::from_str(ORACLE).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in oracle["cases"].as_array().unwrap() {
        let Some(ours) = run(case) else { continue };
        checked += 1;
        if let Some(d) = difference(&ours, &case["sets"]) {
            failures.push(format!("{}: {d}", case["name"]));
        }
    }
    assert!(checked >= 90, "only {checked} cases ran");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
