//! Every recorded-drawing file in `../shared/corpus` (other than Quick, Draw!, see corpus.rs)
//! imports with the counts the file holds, renders with ink, and survives truncation and byte flips.
//!
//! Counting rules checked here (the same rules `inkplay info` reports by):
//! - Excalidraw: one stroke per non-deleted `freedraw`, `line`, `arrow`, `rectangle`, `ellipse` and
//!   `diamond` element; every other non-deleted element is counted as not drawn, by kind.
//! - tldraw v1: one stroke per `draw`, `rectangle`, `ellipse`, `triangle` and `arrow` shape; groups
//!   are containers; everything else is not drawn.
//! - InkML: one stroke per `penDown` (or untyped) trace; pen-up traces are not drawn.
//! - SVC / pointer events: one stroke per run of pen-down samples; hover samples are not drawn.
//! - Wacom CSV: one stroke per `idx`. GML: one drawing per `<drawing>`, one stroke per `<stroke>`.
//! - perfect-freehand JSON: one single-stroke drawing per entry.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use inkplay::gpu::AntiAlias;
use inkplay::import::{Format, ImportLimits, Loaded, SourceSpec};
use serde_json::Value;

fn corpus_file(rel: &str) -> Option<PathBuf> {
    let p = common::corpus()?.join(rel);
    assert!(p.exists(), "{} is in the corpus", p.display());
    Some(p)
}

use common::load;

/// Every drawing of a file.
fn load_all(path: &Path) -> Vec<Loaded> {
    let first = load(path, 0);
    let n = first.drawings_in_file;
    let mut v = vec![first];
    v.extend((1..n).map(|i| load(path, i)));
    v
}

fn skipped(all: &[Loaded], kind: &str) -> usize {
    all.iter()
        .map(|l| l.skipped.get(kind).copied().unwrap_or(0))
        .sum()
}

const EXCALIDRAW_DRAWN: [&str; 7] = [
    "text",
    "freedraw",
    "line",
    "arrow",
    "rectangle",
    "ellipse",
    "diamond",
];

#[test]
fn excalidraw_files_import_every_drawable_element() {
    // (file, freedraw elements per SOURCES.md)
    let files = [
        ("dwelle__despair.excalidrawlib", 137),
        ("jurgen-kattnis__picasso-s-line-drawings.excalidrawlib", 66),
        ("kwirke__some-handdrawn-signs.excalidrawlib", 3),
        ("perfect_freehand_dev_scene.excalidraw", 8),
        ("sharathsanketh__biology.excalidrawlib", 173),
        ("simonthomine__pathology.excalidrawlib", 357),
    ];
    for (name, freedraw) in files {
        let Some(path) = corpus_file(&format!("excalidraw/{name}")) else {
            return;
        };
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let items: Vec<&Vec<Value>> = match json.get("libraryItems") {
            Some(items) => items
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["elements"].as_array().expect("elements"))
                .collect(),
            None => vec![json["elements"].as_array().expect("elements")],
        };
        let all = load_all(&path);
        assert_eq!(
            all.len(),
            items.len(),
            "{name}: one drawing per library item"
        );
        let mut kinds = std::collections::BTreeMap::<String, usize>::new();
        for (l, els) in all.iter().zip(&items) {
            assert_eq!(l.format, Format::Excalidraw);
            let live: Vec<&Value> = els
                .iter()
                .filter(|e| e["isDeleted"].as_bool() != Some(true))
                .collect();
            let drawn = live
                .iter()
                .filter(|e| EXCALIDRAW_DRAWN.contains(&e["type"].as_str().unwrap_or("")))
                .count();
            // Each drawn element is at least one stroke (fills and arrowheads add more).
            assert!(
                l.drawing.strokes.len() >= drawn,
                "{name} {}: {} strokes for {drawn} drawn elements",
                l.drawing.meta.name,
                l.drawing.strokes.len()
            );
            assert_eq!(
                skipped(std::slice::from_ref(l), "fill"),
                0,
                "{name}: fills are drawn"
            );
            for e in live {
                *kinds
                    .entry(e["type"].as_str().unwrap_or("").to_string())
                    .or_default() += 1;
            }
            assert!(!l.drawing.meta.has_timing && l.drawing.duration_ms() > 0.0);
        }
        assert_eq!(
            kinds.get("freedraw").copied().unwrap_or(0),
            freedraw,
            "{name}"
        );
        for (kind, n) in &kinds {
            if !EXCALIDRAW_DRAWN.contains(&kind.as_str()) {
                assert_eq!(
                    skipped(&all, kind),
                    *n,
                    "{name}: {kind} reported as not drawn"
                );
            }
        }
    }
}

#[test]
fn excalidraw_dots_are_kept() {
    let Some(path) = corpus_file("excalidraw/simonthomine__pathology.excalidrawlib") else {
        return;
    };
    // Dots (1–2 point freedraws) are kept as strokes: every item's stroke count already matched,
    // so check that some strokes are that short and still have a width.
    let all = load_all(&path);
    let dots: Vec<_> = all
        .iter()
        .flat_map(|l| &l.drawing.strokes)
        // Freedraw strokes are the ones with pressure thinning (outlines have none).
        .filter(|s| s.points.len() <= 2 && s.style.thinning > 0.0)
        .collect();
    assert!(dots.len() >= 10, "{} dots", dots.len());
    assert!(dots.iter().all(|s| s.style.width > 1.0));
}

#[test]
fn tldraw_v1_draw_shapes_and_outlines() {
    let Some(path) = corpus_file("tldraw/v1_arrows.tldr") else {
        return;
    };
    let all = load_all(&path);
    assert_eq!(all.len(), 1);
    let l = &all[0];
    assert_eq!(l.format, Format::Tldraw);
    // draw 58 + rectangle 57 + ellipse 12 + arrow 20; group 14 are containers; text 1 skipped.
    assert_eq!(l.drawing.strokes.len(), 58 + 57 + 12 + 20);
    assert_eq!(l.skipped.get("text"), Some(&1));
    assert!(
        l.drawing.point_count() > 9337,
        "9337 draw points plus outlines"
    );
}

#[test]
fn inkml_files_draw_pen_down_traces() {
    for (name, strokes, pen_up, points) in [
        ("msoffice2010_ink1.inkml", 13, 0, 623),
        ("wacom_iot_HelloInk.paper", 9, 10, 0),
    ] {
        let Some(path) = corpus_file(&format!("inkml/{name}")) else {
            return;
        };
        let l = load(&path, 0);
        assert_eq!(l.format, Format::InkMl);
        assert_eq!(l.drawing.strokes.len(), strokes, "{name}");
        assert_eq!(l.skipped.get("pen-up trace").copied().unwrap_or(0), pen_up);
        if points > 0 {
            assert_eq!(l.drawing.point_count(), points, "{name}");
        }
        let d = &l.drawing;
        assert!(d.meta.has_timing && d.meta.has_pressure, "{name}");
        assert!(l.warnings.is_empty(), "{name}: {:?}", l.warnings);
        // Millimetres: handwriting a few centimetres across.
        let b = d.bbox().expect("bbox");
        assert!((30.0..300.0).contains(&b.width()), "{name}: {b:?}");
    }
}

#[test]
fn sample_logs_split_strokes_at_pen_up() {
    // (file, format, strokes, points, hover samples)
    let cases = [
        (
            "other/svc/jack_18-07-2014_M_0006_Doe_12-10-2020.svc",
            Format::Svc,
            3,
            501,
            106,
        ),
        (
            "other/pointer_events/bdalab_html_signal.json",
            Format::PointerEvents,
            0,
            0,
            0,
        ),
        (
            "other/wacom_uim/sensor_ink.csv",
            Format::WacomCsv,
            4,
            880,
            0,
        ),
    ];
    for (rel, format, strokes, points, hover) in cases {
        let Some(path) = corpus_file(rel) else {
            return;
        };
        let l = load(&path, 0);
        assert_eq!(l.format, format, "{rel}");
        assert!(l.drawing.meta.has_timing && l.drawing.duration_ms() > 1000.0);
        if format == Format::PointerEvents {
            // Independent count from the arrays: contact samples and hover samples.
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
            let buttons = json["buttons"].as_array().expect("buttons");
            let down = buttons.iter().filter(|b| b.as_f64() == Some(1.0)).count();
            assert_eq!(l.drawing.point_count(), down);
            assert_eq!(l.skipped.get("hover sample"), Some(&(buttons.len() - down)));
            continue;
        }
        assert_eq!(l.drawing.strokes.len(), strokes, "{rel}");
        assert_eq!(l.drawing.point_count(), points, "{rel}");
        assert_eq!(l.skipped.get("hover sample").copied().unwrap_or(0), hover);
    }
}

#[test]
fn gml_and_perfect_freehand_files_hold_many_drawings() {
    let Some(gml) = corpus_file("other/gml/TemptAtoZ.gml") else {
        return;
    };
    let all = load_all(&gml);
    assert_eq!(all.len(), 26);
    assert_eq!(
        all.iter().map(|l| l.drawing.strokes.len()).sum::<usize>(),
        39
    );
    assert_eq!(
        all.iter().map(|l| l.drawing.point_count()).sum::<usize>(),
        167
    );
    assert_eq!(all[0].drawing.meta.name, "TemptAtoZ: a");

    let Some(pf) = corpus_file("other/perfect_freehand/inputs.json") else {
        return;
    };
    let all = load_all(&pf);
    let names: Vec<&str> = all.iter().map(|l| l.drawing.meta.name.as_str()).collect();
    assert_eq!(names.len(), 12);
    assert_eq!((names[0], names[11]), ("onePoint", "scribble"));
    let points: Vec<usize> = all.iter().map(|l| l.drawing.point_count()).collect();
    assert_eq!(points, [1, 2, 2, 5, 5, 18, 97, 302, 294, 272, 368, 675]);
    assert!(all[11].drawing.meta.has_timing && !all[7].drawing.meta.has_timing);
}

/// Every non-SVG, non-Quick, Draw! corpus file (the formats of this test file).
fn format_files() -> Vec<PathBuf> {
    let Some(root) = common::corpus() else {
        return Vec::new();
    };
    let mut v = Vec::new();
    for dir in [
        "excalidraw",
        "tldraw",
        "inkml",
        "other/svc",
        "other/pointer_events",
        "other/wacom_uim",
        "other/gml",
        "other/perfect_freehand",
    ] {
        for e in std::fs::read_dir(root.join(dir)).expect("dir") {
            v.push(e.expect("entry").path());
        }
    }
    v.sort();
    assert_eq!(v.len(), 14);
    v
}

#[test]
fn every_format_file_renders_with_ink_at_the_end() {
    let mut h = common::headless(160, 120, AntiAlias::Analytic);
    for f in format_files() {
        let d = load(&f, 0).drawing;
        h.load(d.clone()).expect("load");
        h.render(d.duration_ms()).expect("render");
        let ink = common::ink_pixels(&h.read_rgba().expect("read"));
        // The tldraw page is mostly light-grey outlines on a large canvas: little dark ink.
        assert!(ink > 20, "{}: ink {ink}", f.display());
    }
}

/// Load `bytes` as if they were the file `name`, on a thread, failing if it takes too long.
fn survives(name: &str, bytes: Vec<u8>, dir: &Path, what: &str) {
    let path = dir.join(name);
    std::fs::write(&path, &bytes).expect("write");
    let (tx, rx) = std::sync::mpsc::channel();
    let p = path.clone();
    std::thread::spawn(move || {
        let r = inkplay::import::load_spec(
            &SourceSpec::File {
                path: p,
                index: None,
            },
            &ImportLimits::default(),
        )
        .map(|l| l.drawing.point_count());
        let _ = tx.send(r.map_err(|e| e.to_string()));
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(Ok(_)) => {}
        Ok(Err(msg)) => assert!(
            msg.contains(name),
            "{what}: the error names the file: {msg}"
        ),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{what}: import hung"),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: import panicked"),
    }
}

#[test]
fn truncated_and_corrupted_files_fail_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut files = format_files();
    if let Some(root) = common::corpus() {
        // SVG too: the two big files and one resvg test.
        files.push(root.join("svg/Ghostscript_Tiger.svg"));
        files.push(root.join("svg/material_design_icons.svg"));
        files.push(root.join("svg/resvg/stroke-linejoin/miter-clip.svg"));
    }
    for f in files {
        let bytes = std::fs::read(&f).expect("read");
        let name = f.file_name().expect("name").to_string_lossy().into_owned();
        let n = bytes.len();
        // Truncations: the first bytes, then spread over the file.
        let mut cuts: Vec<usize> = vec![0, 1, 2, 7, 64];
        cuts.extend((1..12).map(|k| n * k / 12));
        cuts.push(n.saturating_sub(1));
        for cut in cuts.into_iter().filter(|&c| c < n) {
            survives(
                &name,
                bytes[..cut].to_vec(),
                dir.path(),
                &format!("{name} cut at {cut}"),
            );
        }
        // Byte flips: one to three bytes replaced, with structural characters among the
        // replacements.
        const NASTY: &[u8] = b"{}[]<>,:\"'-.0123456789eE \n\x00\xff";
        for round in 0..24 {
            let mut b = bytes.clone();
            for _ in 0..=(round % 3) {
                let at = (next() as usize) % n.max(1);
                let v = NASTY[(next() as usize) % NASTY.len()];
                if let Some(x) = b.get_mut(at) {
                    *x = v;
                }
            }
            survives(&name, b, dir.path(), &format!("{name} flip round {round}"));
        }
    }
}

#[test]
fn convert_round_trips_every_format() {
    let Some(root) = common::corpus() else {
        return;
    };
    let mut files = format_files();
    for f in [
        "quickdraw/raw/cat.ndjson",
        "quickdraw/simplified/cat.ndjson",
        "svg/Ghostscript_Tiger.svg",
        "svg/resvg/stroke-linejoin/miter-clip.svg",
    ] {
        files.push(root.join(f));
    }
    for f in files {
        let a = load(&f, 0);
        let json = inkplay::import::to_native_json(&a.drawing);
        let b = inkplay::import::load_text(
            Path::new("converted.inkplay.json"),
            &json,
            None,
            &ImportLimits::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        // A glyph's shared-outline reference is the importer's, not the file's: the native
        // file keeps the glyph as the filled region it is.
        let mut want = a.drawing.strokes.clone();
        for s in &mut want {
            if let Some(shape) = s.shape.as_mut() {
                shape.glyph = None;
            }
        }
        assert_eq!(b.drawing.strokes, want, "{}", f.display());
        assert_eq!(b.drawing.meta, a.drawing.meta, "{}", f.display());
        assert!(b.warnings.is_empty(), "{}: {:?}", f.display(), b.warnings);
    }
}
