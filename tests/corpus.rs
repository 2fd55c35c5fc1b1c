//! Every Quick, Draw! file in `../shared/corpus/quickdraw` imports, and renders recognisably.

mod common;

use std::path::PathBuf;

use inkplay::gpu::AntiAlias;
use inkplay::import::Format;

fn files(kind: &str) -> Vec<PathBuf> {
    let Some(c) = common::corpus() else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = std::fs::read_dir(c.join("quickdraw").join(kind))
        .expect("quickdraw dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ndjson"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 10, "10 {kind} files in the corpus");
    v
}

use common::load;

#[test]
fn every_raw_drawing_imports_with_real_timing() {
    for f in files("raw") {
        let first = load(&f, 0);
        assert_eq!(first.format, Format::QuickDrawRaw, "{}", f.display());
        let lines = std::fs::read_to_string(&f)
            .expect("read")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count();
        assert_eq!(first.drawings_in_file, lines);
        for i in 0..first.drawings_in_file {
            let l = load(&f, i);
            let d = &l.drawing;
            assert!(!d.strokes.is_empty() && d.meta.has_timing && !d.meta.has_pressure);
            assert!(d.duration_ms() > 0.0, "{}#{i}", f.display());
            assert!(d.bbox().is_some());
        }
    }
}

#[test]
fn simplified_matches_raw_drawing_by_drawing() {
    let raw = files("raw");
    for s in files("simplified") {
        let first = load(&s, 0);
        assert_eq!(first.format, Format::QuickDrawSimplified);
        let r = raw
            .iter()
            .find(|r| r.file_name() == s.file_name())
            .expect("same category");
        let raw_count = load(r, 0).drawings_in_file;
        for i in 0..first.drawings_in_file.min(raw_count) {
            let a = load(&s, i).drawing;
            let b = load(r, i).drawing;
            assert_eq!(
                a.strokes.len(),
                b.strokes.len(),
                "{}#{i}: same drawing, same strokes",
                s.display()
            );
            let bb = a.bbox().expect("bbox");
            assert!(bb.max_x <= 255.0 && bb.max_y <= 255.0 && bb.min_x >= 0.0);
            assert!(a.duration_ms() > 0.0, "timing synthesized");
        }
    }
}

#[test]
fn every_raw_file_renders_part_drawn_and_whole() {
    let mut h = common::headless(192, 144, AntiAlias::Analytic);
    for f in files("raw") {
        let d = load(&f, 0).drawing;
        h.load(d.clone()).expect("load");
        let dur = d.duration_ms();
        h.render(dur * 0.5).expect("half");
        let half = common::ink_pixels(&h.read_rgba().expect("read"));
        h.render(dur).expect("end");
        let whole = common::ink_pixels(&h.read_rgba().expect("read"));
        assert!(
            whole > 150,
            "{}: a whole drawing has ink ({whole})",
            f.display()
        );
        assert!(
            half > 0 && half < whole,
            "{}: half {half} < whole {whole}",
            f.display()
        );
    }
}
