//! The checkpoint builder's steps: a layer of its own walks through the drawing with the work
//! frames leave over ([`CheckpointWork::build`](super::CheckpointWork)), drawing towards the first
//! empty checkpoint, copying itself into it when it gets there, or jumping ahead by copying in a
//! filled checkpoint it can start from.
//!
//! Its whole-layer copies are made a band of rows at a time ([`Band`]), as many rows a frame as
//! the frame's grant pays for at what restoring a whole checkpoint is learned to cost
//! ([`CheckpointWork::restore_units`](super::CheckpointWork)), or an eighth of the layer before
//! that is known: on a software rasterizer a 1280×720 copy takes about 2 ms, more than the rest of
//! a frame of playback. A frame with nothing left to spare does no background work.

use super::{BuildStep, Checkpoints};
use crate::gpu::geometry::GpuGeometry;
use crate::gpu::layer::frame::LayerFrame;
use crate::gpu::layer::RetainedLayer;
use crate::gpu::passes::{begin_layer_pass, clear_color};

/// Bands a whole-layer copy is cut into before its cost is known.
const BANDS_UNKNOWN_COST: u32 = 8;

/// Which way a banded copy goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Towards {
    /// From the builder into the checkpoint it reached.
    Slot,
    /// From a filled checkpoint ahead into the builder, which then holds `strokes` strokes.
    Builder {
        /// Strokes the checkpoint holds.
        strokes: u32,
    },
}

/// A whole-layer copy in progress between the builder and checkpoint `slot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Band {
    pub(super) slot: usize,
    pub(super) towards: Towards,
    /// Rows copied so far.
    pub(super) rows_done: u32,
}

impl Checkpoints {
    /// Take the builder one step towards the first empty checkpoint: a band of a copy (into it
    /// from the checkpoint it reached, or from a filled one ahead into it), or drawing up to
    /// [`CheckpointWork::build`](super::CheckpointWork) indices. Returns what it did.
    pub(crate) fn build(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        f: &LayerFrame<'_>,
        g: &GpuGeometry,
        group: &wgpu::BindGroup,
    ) -> BuildStep {
        let mut step = BuildStep::default();
        if self.work.build == 0 {
            return step;
        }
        let Some(mut b) = self.builder.take() else {
            return step;
        };
        // One step a frame: a band of a copy, or some drawing. Copies are the work the estimate
        // knows least about; the builder never makes a copy and draws in one step.
        let band = self.band.take().filter(|band| self.band_wanted(band));
        if let Some(band) = band.or_else(|| self.next_copy(&b)) {
            self.copy_band(encoder, f, &mut b, band);
            step.copies += 1;
        } else if let Some(j) = self.counts.iter().position(Option::is_none) {
            step.indices = self.draw_towards(encoder, f, g, group, &mut b, self.positions[j]);
        }
        if self.counts.iter().any(Option::is_none) {
            self.builder = Some(b);
        } else {
            self.band = None;
        }
        step
    }

    /// Whether a copy in progress is still worth finishing (its checkpoint was not filled
    /// meanwhile by the layer passing it).
    fn band_wanted(&self, band: &Band) -> bool {
        match band.towards {
            Towards::Slot => self.counts.get(band.slot).is_some_and(Option::is_none),
            Towards::Builder { .. } => true,
        }
    }

    /// The copy the builder starts now, if any: into the first empty checkpoint when it holds
    /// exactly its strokes, or from the furthest filled checkpoint at or before it when that is
    /// ahead of the builder (or the builder went past it).
    fn next_copy(&self, b: &RetainedLayer) -> Option<Band> {
        let j = self.counts.iter().position(Option::is_none)?;
        let at = self.positions[j];
        if !b.needs_clear && b.count == at {
            return Some(Band {
                slot: j,
                towards: Towards::Slot,
                rows_done: 0,
            });
        }
        let behind = b.needs_clear || b.count > at;
        (0..j).rev().find_map(|i| {
            let c = self.counts[i].filter(|&c| c <= at)?;
            self.slots[i].color.as_ref()?;
            (behind || c > b.count).then_some(Band {
                slot: i,
                towards: Towards::Builder { strokes: c },
                rows_done: 0,
            })
        })
    }

    /// Rows of a `height`-row layer one step copies: what the frame's grant pays for at the
    /// learned cost of a whole copy, at least one.
    fn band_rows(&self, height: u32) -> u32 {
        let w = self.work;
        if w.restore_units == 0 {
            return height.div_ceil(BANDS_UNKNOWN_COST);
        }
        let rows = u64::from(height) * w.build / w.restore_units;
        u32::try_from(rows).unwrap_or(u32::MAX).clamp(1, height)
    }

    /// Copy the next band of `band` (finishing it, or keeping it for the next step).
    fn copy_band(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        f: &LayerFrame<'_>,
        b: &mut RetainedLayer,
        mut band: Band,
    ) {
        let height = b.size().1;
        let rows = self.band_rows(height).min(height - band.rows_done);
        let y = band.rows_done;
        match band.towards {
            Towards::Slot => {
                if let Some(slot) = self.slot_texture(f.device, f.gpu_mem, band.slot, b) {
                    slot.save_rows(encoder, &b.color().texture, y, rows);
                }
            }
            Towards::Builder { .. } => {
                if let Some(slot) = self.slots[band.slot].color.as_ref() {
                    slot.load_rows(encoder, &b.color().texture, y, rows);
                }
            }
        }
        band.rows_done += rows;
        if band.rows_done < height {
            self.band = Some(band);
            return;
        }
        match band.towards {
            Towards::Slot => self.filled_with(band.slot, b.count),
            Towards::Builder { strokes } => {
                b.count = strokes;
                b.needs_clear = false;
            }
        }
    }

    /// Draw the builder towards `at` strokes within the step's grant (starting over when it went
    /// past them); the indices drawn.
    fn draw_towards(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        f: &LayerFrame<'_>,
        g: &GpuGeometry,
        group: &wgpu::BindGroup,
        b: &mut RetainedLayer,
        at: u32,
    ) -> u64 {
        if b.needs_clear || b.count > at {
            b.invalidate();
        }
        let end = g.strokes_within(b.count, at, self.work.build).0;
        let clear = b.needs_clear.then(|| clear_color(f.background));
        let mut pass = begin_layer_pass(encoder, b, clear);
        f.pipelines
            .draw_strokes(&mut pass, 1, g, group, b.count..end);
        drop(pass);
        let drawn = g.index_count(b.count..end);
        b.count = end;
        b.needs_clear = false;
        drawn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::layer::CheckpointWork;

    fn rows(build: u64, restore_units: u64) -> u32 {
        let c = Checkpoints {
            work: CheckpointWork {
                per_frame: 1_000,
                build,
                restore_units,
            },
            ..Checkpoints::default()
        };
        c.band_rows(720)
    }

    #[test]
    fn a_copy_takes_the_rows_the_grant_pays_for() {
        // Before a restore's cost is learned: an eighth of the layer.
        assert_eq!(rows(100, 0), 90);
        // A whole copy costs 8,000 indices' worth: 2,000 pay for a quarter.
        assert_eq!(rows(2_000, 8_000), 180);
        // At least a row, at most the layer.
        assert_eq!(rows(1, 1_000_000), 1);
        assert_eq!(rows(50_000, 8_000), 720);
    }
}
