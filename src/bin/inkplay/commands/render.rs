//! `inkplay render`: one frame to PNG, headless.

use inkplay::gpu::{AntiAlias, RenderSettings};
use inkplay::headless::Headless;
use inkplay::import;
use inkplay::Error;

use super::Output;
use crate::args::RenderArgs;

/// `inkplay render`: draw the drawing at `--at` headlessly and write it as PNG.
pub fn render(a: &RenderArgs) -> Result<Output, Error> {
    let (loaded, name) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    let settings = RenderSettings {
        aa: a.aa.into(),
        background: a.background,
    };
    let mut h = Headless::new(a.size.width, a.size.height, settings)?;
    let (duration, strokes) = (loaded.drawing.duration_ms(), loaded.drawing.strokes.len());
    let view = a
        .framing
        .framing()
        .view(&loaded.drawing, a.size.width, a.size.height);
    let timings = h.load_with_view(loaded.drawing, view)?;
    let t = a.at.resolve(duration);
    let report = if a.direct {
        h.render_direct(t)?
    } else {
        h.render(t)?
    };
    let px = h.read_rgba()?;
    inkplay::output::write_png(&a.output, &px, a.size.width, a.size.height)?;
    let list = h.renderer().draw_list(t);
    log::info!(
        "tessellated {} vertices in {:.1} ms, uploaded in {:.1} ms; {report:?}",
        timings.vertices,
        timings.tessellate.as_secs_f64() * 1e3,
        timings.upload.as_secs_f64() * 1e3
    );
    Ok(format!(
        "{}: {} at {:.0} ms of {:.0} ms ({} of {} strokes started) -> {} ({}x{}, {})\n",
        name,
        loaded.format,
        t,
        duration,
        list.started().len(),
        strokes,
        a.output.display(),
        a.size.width,
        a.size.height,
        AntiAlias::from(a.aa).name(),
    ))
}
