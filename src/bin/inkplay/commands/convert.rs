//! `inkplay convert`: a drawing to inkplay's own format (`*.inkplay.json`).

use inkplay::import;
use inkplay::Error;

use super::Output;
use crate::args::ConvertArgs;

/// `inkplay convert`: write the drawing in inkplay's own format.
pub fn convert(a: &ConvertArgs) -> Result<Output, Error> {
    let (loaded, file) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    let json = inkplay::import::to_native_json(&loaded.drawing);
    // The native format keeps strokes; an image's pixels are not among them.
    let images = loaded
        .drawing
        .strokes
        .iter()
        .filter(|s| s.shape.as_ref().is_some_and(|sh| sh.image.is_some()))
        .count();
    if images > 0 {
        log::warn!(
            "{file}: {images} image(s) are written as boxes of their mean colour (the native \
             format holds no pixels)"
        );
    }
    inkplay::output::write_atomic(&a.output, |w| w.write_all(json.as_bytes()))?;
    Ok(format!(
        "{file}: {} strokes, {} points -> {}\n",
        loaded.drawing.strokes.len(),
        loaded.drawing.point_count(),
        a.output.display()
    ))
}
