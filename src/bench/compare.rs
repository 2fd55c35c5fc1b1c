//! `--compare`: the peers draw the frames inkplay drew, each summarised against inkplay's p99.

use super::config::BenchConfig;
use super::peers;
use super::report::{PeerFrame, PeerReport};
use crate::headless::Headless;
use crate::progress::Progress;
use crate::stats::Summary;
use crate::view::View;
use crate::Error;

/// Draw the measured playheads with each peer (`draw-all`, `epaint`, `tiny-skia`), after two
/// warm-up frames each; `inkplay_p99` is what their p99s are compared with.
pub(super) fn run_peers(
    cfg: &BenchConfig,
    h: &mut Headless,
    drawing: &crate::model::Drawing,
    view: &View,
    times: &[f64],
    inkplay_p99: f64,
    progress: &mut dyn Progress,
) -> Result<Vec<PeerReport>, Error> {
    let timeline = crate::playback::Timeline::new(drawing);
    let ratio = |p99: f64| {
        if inkplay_p99 > 0.0 {
            p99 / inkplay_p99
        } else {
            0.0
        }
    };
    let mut out = Vec::new();
    let warm = times.first().copied().unwrap_or(0.0);

    // Each peer draws two warm-up frames, then the measured playheads.
    let mut measure =
        |name: &str, note: String, frame: &mut dyn FnMut(f64) -> Result<f64, Error>| {
            progress.stage(name);
            let mut v = Vec::with_capacity(times.len());
            for k in 0..times.len() + 2 {
                let t = if k < 2 { warm } else { times[k - 2] };
                let ms = frame(t)?;
                if k >= 2 {
                    v.push(ms);
                }
                progress.advance(1);
            }
            let s = Summary::of(&v);
            Ok::<_, Error>(PeerReport {
                name: name.into(),
                frame_ms: PeerFrame {
                    p50: s.p50,
                    p99: s.p99,
                },
                ratio_p99: ratio(s.p99),
                note,
            })
        };

    out.push(measure(
        "draw-all",
        format!(
            "inkplay's cached lyon geometry, every started stroke redrawn each frame, aa {}",
            cfg.aa.name()
        ),
        &mut |t| Ok(h.frame_timed(t, true)?.wall_ms),
    )?);
    let mut ep = peers::EpaintPeer::new(&h.gpu, &h.gpu_mem, cfg.width, cfg.height)?;
    out.push(measure(
        "epaint",
        "egui's painter: epaint tessellates the visible strokes every frame (1-px feathering, \
         constant width), egui-wgpu draws them"
            .into(),
        &mut |t| Ok(ep.frame(&h.gpu, drawing, timeline.started(t), view, t)?),
    )?);
    let mut ts = peers::TinySkiaPeer::new(cfg.width, cfg.height)
        .ok_or_else(|| Error::Usage("image size too large for tiny-skia".into()))?;
    out.push(measure(
        "tiny-skia",
        "CPU rasterisation, anti-aliased paths, every visible stroke redrawn from scratch each \
         frame, one thread"
            .into(),
        &mut |t| Ok(ts.frame(drawing, timeline.started(t), view, t)),
    )?);
    Ok(out)
}
