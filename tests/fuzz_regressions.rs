//! Inputs the fuzz targets (`scripts/fuzz.sh`) found crashing, kept so the bugs stay fixed. Each
//! file in `tests/fuzz_regressions/` is imported (as the format its name detects) and tessellated,
//! exactly as the fuzz targets do; it must load or fail with an error naming the file, never panic,
//! and give finite geometry. Files are named `TARGET-what.ext` (the fuzz target that found them);
//! `scripts/fuzz.sh` also replays them on the fuzz builds, whose debug assertions check lyon's
//! internal assertions too.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use inkplay::import::{load_text, ImportLimits};
use inkplay::tess::{TessOptions, Tessellator};

#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        match load_text(&path, &text, None, &ImportLimits::default()) {
            Ok(loaded) => {
                let mut t = Tessellator::new();
                for (i, s) in loaded.drawing.strokes.iter().enumerate() {
                    let m = t.tessellate(i as u32, s, &TessOptions::default());
                    assert!(
                        m.vertices.iter().all(|v| v
                            .center
                            .iter()
                            .chain(&v.normal)
                            .all(|c| c.is_finite())),
                        "{}: stroke {i} has non-finite vertices",
                        path.display()
                    );
                }
            }
            Err(e) => {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                assert!(e.to_string().contains(&name), "{e}");
            }
        }
        n += 1;
    }
    assert!(n >= 1, "the regression inputs are in {}", dir.display());
}
