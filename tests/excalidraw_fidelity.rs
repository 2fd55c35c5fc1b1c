//! Excalidraw drawings against Excalidraw's own rendering of them: the real exports with their
//! scene embedded (the file is Excalidraw's PNG; for SVG exports and plain scenes, PNGs made by
//! `@excalidraw/excalidraw` 0.18.1 itself with `scripts/excalidraw-refs`, in
//! `tests/data/fidelity/excalidraw/`; for library items, 0.17.6's previews in the corpus).
//! `inkplay render --fit page` at the reference's size must put its ink where Excalidraw's is
//! (within 3 px: at least 90 % of each image's ink is the other's) and look like it (blurred
//! SSIM, over the page and near the ink), each at least as well as measured when the case was
//! set, less a small margin for the adapter.

mod common;

use std::path::{Path, PathBuf};

use common::fidelity::compare;

/// One drawing and Excalidraw's rendering of it.
struct Case {
    input: PathBuf,
    reference: PathBuf,
    /// The lowest blurred SSIM near the ink this case may have.
    ssim_ink: f64,
    /// The lowest share of inkplay's ink that Excalidraw's may have (0.9 but where a font
    /// differs by design).
    precision: f64,
    /// Whether the reference drew with a font of the machine it ran on (not Excalidraw's, and
    /// not one inkplay can match everywhere): left out of the mean SSIM.
    system_font: bool,
}

fn case(input: PathBuf, reference: PathBuf, ssim_ink: f64) -> Case {
    Case {
        input,
        reference,
        ssim_ink,
        precision: 0.9,
        system_font: false,
    }
}

fn cases(corpus: &Path) -> Vec<Case> {
    let refs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fidelity/excalidraw");
    let exports = corpus.join("fidelity/exports");
    let own = corpus.join("fidelity/excalidraw-own");
    let previews = corpus.join("fidelity/library-previews");
    let lib = corpus.join("excalidraw");
    let mut cases = vec![
        // Real exports, by an older Excalidraw (its rough strands fall a pixel or two apart).
        case(
            exports.join("mmm-fulfill_buy.excalidraw.png"),
            exports.join("mmm-fulfill_buy.excalidraw.png"),
            0.90,
        ),
        case(
            exports.join("mmm-fulfill_sell.excalidraw.png"),
            exports.join("mmm-fulfill_sell.excalidraw.png"),
            0.86,
        ),
        case(
            exports.join("ballista.excalidraw.svg"),
            refs.join("ballista.png"),
            0.93,
        ),
        case(
            exports.join("openmcp-gateway.excalidraw.svg"),
            refs.join("openmcp-gateway.png"),
            0.85,
        ),
        case(refs.join("cases.excalidraw"), refs.join("cases.png"), 0.95),
        case(
            lib.join("kwirke__some-handdrawn-signs.excalidrawlib#0"),
            refs.join("kwirke__some-handdrawn-signs-item-000.png"),
            0.93,
        ),
        case(
            lib.join("kwirke__some-handdrawn-signs.excalidrawlib#1"),
            refs.join("kwirke__some-handdrawn-signs-item-001.png"),
            0.90,
        ),
        case(
            lib.join("perfect_freehand_dev_scene.excalidraw"),
            refs.join("perfect_freehand_dev_scene.png"),
            0.88,
        ),
        case(
            own.join("test_embedded_v1.png"),
            refs.join("test_embedded_v1.png"),
            0.95,
        ),
        // The reference's emoji is this machine's system font (DejaVu Sans); inkplay's is Noto
        // Emoji, another design of the same face.
        Case {
            precision: 0.75,
            system_font: true,
            ..case(
                own.join("smiley_embedded_v2.png"),
                refs.join("smiley_embedded_v2.png"),
                0.0,
            )
        },
    ];
    // Library items Excalidraw 0.17.6 rendered (previews/item-NNN.png is item NNN - 1).
    for (n, ssim_ink) in [
        (2, 0.88),
        (3, 0.89),
        (4, 0.89),
        (6, 0.82),
        (7, 0.85),
        (8, 0.80),
        (9, 0.76),
    ] {
        cases.push(case(
            previews.join(format!("carys-visual-vocabulary.excalidrawlib#{}", n - 1)),
            previews.join(format!("item-{n:03}.png")),
            ssim_ink,
        ));
    }
    cases
}

#[test]
fn renders_put_ink_where_excalidraw_does() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let mut report = Vec::new();
    let mut ssim = Vec::new();
    for c in cases(&corpus) {
        let (want, w, h) = common::png(&c.reference);
        let out = dir.path().join("out.png");
        let o = common::inkplay(&[
            "render",
            c.input.to_str().expect("utf8"),
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
        let name = c
            .input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        report.push(format!(
            "{name}: recall {:.3}, precision {:.3}, colour {:.1}, blurred SSIM {:.3} (near ink {:.3})",
            f.recall, f.precision, f.colour, f.ssim, f.ssim_ink
        ));
        assert!(
            f.recall >= 0.9,
            "{name}: inkplay inks only {:.3} of Excalidraw's ink",
            f.recall
        );
        assert!(
            f.precision >= c.precision,
            "{name}: only {:.3} of inkplay's ink is Excalidraw's",
            f.precision
        );
        assert!(
            f.ssim_ink >= c.ssim_ink,
            "{name}: blurred SSIM near the ink {:.3}, below {}",
            f.ssim_ink,
            c.ssim_ink
        );
        if !c.system_font {
            ssim.push(f.ssim);
        }
    }
    let mean = ssim.iter().sum::<f64>() / ssim.len() as f64;
    report.push(format!("mean blurred SSIM (Excalidraw's fonts): {mean:.3}"));
    eprintln!("{}", report.join("\n"));
    assert!(mean >= 0.95, "mean blurred SSIM {mean:.3}");
}
