//! `inkplay convert`: a drawing to inkplay's own format (`*.inkplay.json`).

use inkplay::import;
use inkplay::Error;

use super::Output;
use crate::args::ConvertArgs;

/// `inkplay convert`: write the drawing in inkplay's own format.
pub fn convert(a: &ConvertArgs) -> Result<Output, Error> {
    let (loaded, file) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    let json = inkplay::import::to_native_json(&loaded.drawing);
    inkplay::output::write_atomic(&a.output, |w| w.write_all(json.as_bytes()))?;
    Ok(format!(
        "{file}: {} strokes, {} points -> {}\n",
        loaded.drawing.strokes.len(),
        loaded.drawing.point_count(),
        a.output.display()
    ))
}
