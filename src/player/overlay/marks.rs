//! The timeline's stroke-start marks, binned per pixel column and cached, and drawn from a texture
//! (one quad) rebuilt only when the bins change: a line per column was ~10k vertices and 3–4 ms of
//! a software rasterizer's frame.

use crate::playback::{Pacing, PacingOptions, PlaybackClock, Timeline};

/// Stroke-start marks for the scrubber, binned per pixel column (cached: recomputed only when
/// the drawing (or how much of it has arrived), the pacing or the width changes, so a
/// 100k-stroke timeline costs nothing per frame).
#[derive(Clone, Default)]
pub struct Marks {
    key: Option<(u64, usize, u32, u64, u64, bool)>,
    pub(super) bins: Vec<u32>,
    /// The marks as an image (one column per bin, `height_px` rows), and whether it is stale.
    texture: Option<egui::TextureHandle>,
    height_px: u32,
    stale: bool,
}

impl std::fmt::Debug for Marks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Marks")
            .field("key", &self.key)
            .field("bins", &self.bins.len())
            .field(
                "texture",
                &self.texture.as_ref().map(egui::TextureHandle::id),
            )
            .finish()
    }
}

/// Shortest and tallest mark, points.
pub(super) const MARK_MIN: f32 = 6.0;
/// See [`MARK_MIN`].
pub(super) const MARK_MAX: f32 = 20.0;

/// Grey of the marks.
const MARK_GRAY: u8 = 170;

impl Marks {
    /// Re-bin the stroke starts for `width` pixel columns, unless nothing they depend on changed.
    pub(super) fn update(
        &mut self,
        drawing_id: u64,
        width: u32,
        clock: &PlaybackClock,
        timeline: &Timeline,
    ) {
        let o: PacingOptions = clock.pacing();
        let key = (
            drawing_id,
            timeline.len(), // grows while a drawing arrives
            width,
            o.max_gap_ms.map_or(u64::MAX, f64::to_bits),
            o.uniform_stroke_ms.to_bits(),
            o.pacing == Pacing::Uniform,
        );
        if self.key == Some(key) {
            return;
        }
        puffin::profile_scope!("timeline_marks");
        self.key = Some(key);
        self.stale = true;
        self.bins.clear();
        self.bins.resize(width.max(1) as usize, 0);
        let dur = clock.duration_ms();
        let last = self.bins.len() - 1;
        for (start, _) in timeline.spans() {
            let f = if dur > 0.0 {
                clock.paced().to_presentation(start) / dur
            } else {
                0.0
            };
            let i = ((f * last as f64).round() as usize).min(last);
            self.bins[i] += 1;
        }
    }

    /// The marks as a texture `MARK_MAX` points tall at `ppp` pixels per point (one column per
    /// bin; a column's height grows with the log of its count), made again only when the bins or
    /// the scale changed.
    pub(super) fn texture(&mut self, ctx: &egui::Context, ppp: f32) -> egui::TextureId {
        let height_px = (MARK_MAX * ppp).round().max(1.0) as u32;
        if let Some(t) = self
            .texture
            .as_ref()
            .filter(|_| !self.stale && height_px == self.height_px)
        {
            return t.id();
        }
        let w = self.bins.len().max(1);
        let h = height_px as usize;
        let max = self.bins.iter().copied().max().unwrap_or(1).max(1) as f32;
        let mut px = vec![egui::Color32::TRANSPARENT; w * h];
        for (i, &count) in self.bins.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let pts = MARK_MIN + (MARK_MAX - MARK_MIN) * ((count as f32).ln_1p() / max.ln_1p());
            let rows = ((pts * ppp).round() as usize).min(h);
            for row in h - rows..h {
                px[row * w + i] = egui::Color32::from_gray(MARK_GRAY);
            }
        }
        let image = egui::ColorImage::new([w, h], px);
        let options = egui::TextureOptions::NEAREST;
        let id = match self.texture.as_mut() {
            Some(t) => {
                t.set(image, options);
                t.id()
            }
            None => {
                let t = ctx.load_texture("timeline marks", image, options);
                let id = t.id();
                self.texture = Some(t);
                id
            }
        };
        self.height_px = height_px;
        self.stale = false;
        id
    }
}
