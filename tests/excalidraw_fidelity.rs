//! Excalidraw drawings against Excalidraw's own rendering of them: the real exports with their
//! scene embedded (the file is Excalidraw's PNG; for SVG exports and plain scenes, PNGs made by
//! `@excalidraw/excalidraw` 0.18.1 itself with `scripts/excalidraw-refs`, in
//! `tests/data/fidelity/excalidraw/`). `inkplay render --fit page` at the reference's size must
//! put its ink where Excalidraw's is (within 3 px), and ink at least the share of Excalidraw's ink
//! measured when text was not yet drawn (each floor rises as the replay gains what is missing).

mod common;

use std::path::{Path, PathBuf};

use common::fidelity::compare;

/// (input, reference, lowest share of the reference's ink inkplay must ink).
fn cases(corpus: &Path) -> Vec<(PathBuf, PathBuf, f64)> {
    let refs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fidelity/excalidraw");
    let exports = corpus.join("fidelity/exports");
    vec![
        (
            exports.join("mmm-fulfill_buy.excalidraw.png"),
            exports.join("mmm-fulfill_buy.excalidraw.png"),
            0.50,
        ),
        (
            exports.join("mmm-fulfill_sell.excalidraw.png"),
            exports.join("mmm-fulfill_sell.excalidraw.png"),
            0.47,
        ),
        (
            exports.join("ballista.excalidraw.svg"),
            refs.join("ballista.png"),
            0.58,
        ),
        (
            exports.join("openmcp-gateway.excalidraw.svg"),
            refs.join("openmcp-gateway.png"),
            0.85,
        ),
        (refs.join("cases.excalidraw"), refs.join("cases.png"), 0.87),
        (
            corpus.join("excalidraw/kwirke__some-handdrawn-signs.excalidrawlib#0"),
            refs.join("kwirke__some-handdrawn-signs-item-000.png"),
            0.97,
        ),
    ]
}

#[test]
fn renders_put_ink_where_excalidraw_does() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let mut report = Vec::new();
    for (input, reference, floor) in cases(&corpus) {
        let (want, w, h) = common::png(&reference);
        let out = dir.path().join("out.png");
        let o = common::inkplay(&[
            "render",
            input.to_str().expect("utf8"),
            "--at",
            "end",
            "--fit",
            "page",
            "--size",
            &format!("{w}x{h}"),
            "-o",
            out.to_str().expect("utf8"),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let (got, gw, gh) = common::png(&out);
        assert_eq!((gw, gh), (w, h));
        let f = compare(&want, &got, w, h, [255, 255, 255], 3);
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        report.push(format!(
            "{name}: recall {:.3}, precision {:.3}, colour {:.1}",
            f.recall, f.precision, f.colour
        ));
        assert!(
            f.precision >= 0.9,
            "{name}: only {:.3} of inkplay's ink is Excalidraw's",
            f.precision
        );
        assert!(
            f.recall >= floor,
            "{name}: inkplay inks {:.3} of Excalidraw's ink, below {floor}",
            f.recall
        );
    }
    eprintln!("{}", report.join("\n"));
}
