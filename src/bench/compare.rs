//! `--compare`: the peers draw the frames inkplay drew, each summarised against inkplay's p99,
//! and each one's last frame compared with inkplay's (`ink.rs`).

use super::config::BenchConfig;
use super::ink::{agreement, InkAgreement};
use super::peers;
use super::report::{PeerFrame, PeerReport};
use super::vello_peers::{PeerFrameAt, VelloCpuPeer, VelloPeer};
use crate::headless::Headless;
use crate::playback::Timeline;
use crate::progress::Progress;
use crate::stats::Summary;
use crate::view::View;
use crate::Error;

/// How many peers `--compare` runs.
pub(super) const PEERS: usize = 5;

/// What every peer is measured on and against.
struct Bench<'a> {
    times: &'a [f64],
    inkplay_p99: f64,
    /// inkplay's frame at the last playhead (RGBA8), `None` when it could not be read back.
    reference: Option<Vec<u8>>,
    size: (u32, u32),
}

impl Bench<'_> {
    /// Draw two warm-up frames (at the first playhead) and then each measured playhead with
    /// `frame`, and summarise the measured ones.
    fn measure(
        &self,
        progress: &mut dyn Progress,
        name: &str,
        note: String,
        frame: &mut dyn FnMut(f64) -> Result<f64, Error>,
    ) -> Result<PeerReport, Error> {
        progress.stage(name);
        let warm = self.times.first().copied().unwrap_or(0.0);
        let mut v = Vec::with_capacity(self.times.len());
        for k in 0..self.times.len() + 2 {
            let t = if k < 2 { warm } else { self.times[k - 2] };
            let ms = frame(t)?;
            if k >= 2 {
                v.push(ms);
            }
            progress.advance(1);
        }
        let s = Summary::of(&v);
        let ratio_p99 = if self.inkplay_p99 > 0.0 {
            s.p99 / self.inkplay_p99
        } else {
            0.0
        };
        Ok(PeerReport {
            name: name.into(),
            frame_ms: PeerFrame {
                p50: s.p50,
                p99: s.p99,
            },
            ratio_p99,
            note,
            ink: None,
            compared: true,
        })
    }

    /// A peer's last frame (RGBA8 on white) against inkplay's.
    fn ink(&self, pixels: &[u8]) -> Option<InkAgreement> {
        let (w, h) = self.size;
        agreement(self.reference.as_deref()?, pixels, w, h)
    }
}

/// Draw the measured playheads with each peer (`draw-all`, `epaint`, `tiny-skia`, `vello`,
/// `vello_cpu`), after two warm-up frames each; `inkplay_p99` is what their p99s are compared with.
pub(super) fn run_peers(
    cfg: &BenchConfig,
    h: &mut Headless,
    drawing: &crate::model::Drawing,
    view: &View,
    times: &[f64],
    inkplay_p99: f64,
    progress: &mut dyn Progress,
) -> Result<Vec<PeerReport>, Error> {
    let timeline = Timeline::new(drawing);
    let last = times.last().copied().unwrap_or(0.0);
    h.render(last)?;
    let bench = Bench {
        times,
        inkplay_p99,
        reference: h.read_rgba().ok(),
        size: (cfg.width, cfg.height),
    };
    let mut out = vec![draw_all(cfg, &bench, h, progress)?];

    let mut ep = peers::EpaintPeer::new(&h.gpu, &h.gpu_mem, cfg.width, cfg.height)?;
    let r = bench.measure(
        progress,
        "epaint",
        "egui's painter: epaint tessellates the visible strokes every frame (1-px feathering, \
         constant width), egui-wgpu draws them"
            .into(),
        &mut |t| Ok(ep.frame(&h.gpu, drawing, timeline.started(t), view, t)?),
    )?;
    let px = ep.target().read_rgba8(&h.gpu, &h.gpu_mem).ok();
    out.push(r.with_ink(px.and_then(|px| bench.ink(&px))));

    let mut ts = peers::TinySkiaPeer::new(cfg.width, cfg.height)
        .ok_or_else(|| Error::Usage("image size too large for tiny-skia".into()))?;
    let r = bench.measure(
        progress,
        "tiny-skia",
        "CPU rasterisation, anti-aliased paths, every visible stroke redrawn from scratch each \
         frame, one thread"
            .into(),
        &mut |t| Ok(ts.frame(drawing, timeline.started(t), view, t)),
    )?;
    out.push(r.with_ink(bench.ink(ts.pixels())));

    out.push(vello(&bench, h, drawing, &timeline, view, progress)?);
    out.push(vello_cpu(cfg, &bench, drawing, &timeline, view, progress)?);
    Ok(out)
}

/// inkplay's own geometry, every started stroke redrawn each frame.
fn draw_all(
    cfg: &BenchConfig,
    bench: &Bench<'_>,
    h: &mut Headless,
    progress: &mut dyn Progress,
) -> Result<PeerReport, Error> {
    let r = bench.measure(
        progress,
        "draw-all",
        format!(
            "inkplay's cached lyon geometry, every started stroke redrawn each frame, aa {}",
            cfg.aa.name()
        ),
        &mut |t| Ok(h.frame_timed(t, true)?.wall_ms),
    )?;
    let px = h.read_rgba().ok();
    Ok(r.with_ink(px.and_then(|px| bench.ink(&px))))
}

fn vello(
    bench: &Bench<'_>,
    h: &mut Headless,
    drawing: &crate::model::Drawing,
    timeline: &Timeline,
    view: &View,
    progress: &mut dyn Progress,
) -> Result<PeerReport, Error> {
    let (w, hh) = bench.size;
    let mut peer = VelloPeer::new(&h.gpu, &h.gpu_mem, w, hh)?;
    let r = bench.measure(
        progress,
        "vello",
        "Vello 0.7 on the same device: the finished strokes' scene kept and appended, the strokes \
         in progress encoded each frame (constant width as Vello strokes, pressure as filled \
         outlines), area antialiasing"
            .into(),
        &mut |t| Ok(peer.frame(&h.gpu, drawing, PeerFrameAt::of(timeline, t), view)?),
    )?;
    let px = peer.pixels(&h.gpu, &h.gpu_mem).ok();
    Ok(r.with_ink(px.and_then(|px| bench.ink(&px))))
}

fn vello_cpu(
    cfg: &BenchConfig,
    bench: &Bench<'_>,
    drawing: &crate::model::Drawing,
    timeline: &Timeline,
    view: &View,
    progress: &mut dyn Progress,
) -> Result<PeerReport, Error> {
    let mut peer = VelloCpuPeer::new(cfg.width, cfg.height)
        .ok_or_else(|| Error::Usage("image size too large for vello_cpu".into()))?;
    let note = format!(
        "vello_cpu 0.0.6 on {} worker threads: every visible stroke's path (kept once finished) \
         issued and rasterised from scratch each frame",
        peer.threads()
    );
    let r = bench.measure(progress, "vello_cpu", note, &mut |t| {
        Ok(peer.frame(drawing, PeerFrameAt::of(timeline, t), view))
    })?;
    Ok(r.with_ink(bench.ink(peer.pixels())))
}
