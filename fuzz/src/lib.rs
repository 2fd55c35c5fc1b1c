//! What every fuzz target does with its input: import it as one format (no detection, so the input
//! reaches that importer), check that a failure is a clean error naming the file, and tessellate
//! what was imported (lyon sees every shape an importer can produce).

use std::path::Path;

use inkplay::import::{load_as, Format, ImportError, ImportLimits, Loaded};
use inkplay::tess::{TessOptions, Tessellator};

/// Limits small enough that one input cannot take seconds (the fuzzer's time goes to variety).
fn limits() -> ImportLimits {
    ImportLimits {
        max_file_bytes: 1 << 20,
        max_points: 200_000,
        max_strokes: 20_000,
        max_stroke_points: 100_000,
    }
}

/// Import `data` as `format` from a file called `name`, then tessellate the first strokes.
pub fn run(format: Format, name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(
        name,
        load_as(format, Path::new(name), text, None, &limits()),
    );
}

/// Import `data` as a binary file called `name` (detection by extension and magic bytes, as the
/// command line does), then tessellate the first strokes.
pub fn run_bytes(name: &str, data: &[u8]) {
    check(name, inkplay::import::load_bytes(name, data, &limits()));
}

/// Tessellate what was imported, or check that the error names the file.
fn check(name: &str, result: Result<Loaded, ImportError>) {
    match result {
        Ok(loaded) => {
            let mut t = Tessellator::new();
            for (i, s) in loaded.drawing.strokes.iter().take(64).enumerate() {
                t.tessellate(i as u32, s, &TessOptions::default());
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(name), "the error names the file: {msg}");
        }
    }
}
