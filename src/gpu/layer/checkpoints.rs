//! Checkpoints: copies of a single-sample layer taken as it passes 20, 40, 60 and 80 % of a large
//! drawing's strokes, so a backwards seek restarts the layer from the nearest one before the
//! playhead instead of from nothing.

use super::RetainedLayer;
use crate::gpu::memory::{CountedTexture, GpuCategory, GpuMemory};
use crate::gpu::passes::copy_whole;
use crate::gpu::pipelines::DEPTH_FORMAT;
use crate::view::View;

/// Checkpoints kept for a drawing (at 20, 40, 60 and 80 % of its strokes).
pub const CHECKPOINTS: usize = 4;

/// Drawings with fewer strokes rebuild quickly enough without checkpoints.
pub const CHECKPOINT_MIN_STROKES: usize = 1000;

/// A copy of a single-sample layer (colour and depth) holding strokes `0..count` drawn with `view`.
#[derive(Debug)]
struct Checkpoint {
    color: CountedTexture,
    depth: CountedTexture,
    /// Strokes held (0: empty).
    count: u32,
    view: View,
}

/// The checkpoints of the drawing shown (none until [`Checkpoints::allocate`]).
#[derive(Debug, Default)]
pub(crate) struct Checkpoints {
    taken: Vec<Checkpoint>,
}

impl Checkpoints {
    /// Whether none are allocated.
    pub(crate) fn is_empty(&self) -> bool {
        self.taken.is_empty()
    }

    /// Free them (the layer's size, sample count or resolution changed).
    pub(crate) fn clear(&mut self) {
        self.taken.clear();
    }

    /// Forget what they hold (a new drawing), keeping the textures.
    pub(crate) fn forget(&mut self) {
        for c in &mut self.taken {
            c.count = 0;
        }
    }

    /// Allocate [`CHECKPOINTS`] empty ones for a layer of `size` in `format`, seen with `view`.
    pub(crate) fn allocate(
        &mut self,
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        format: wgpu::TextureFormat,
        size: (u32, u32),
        view: View,
    ) {
        let tex = |label, format| {
            gpu_mem.texture(
                device,
                &wgpu::TextureDescriptor {
                    label: Some(label),
                    size: wgpu::Extent3d {
                        width: size.0,
                        height: size.1,
                        depth_or_array_layers: 1,
                    },
                    mip_level_count: 1,
                    sample_count: 1,
                    dimension: wgpu::TextureDimension::D2,
                    format,
                    usage: wgpu::TextureUsages::COPY_SRC | wgpu::TextureUsages::COPY_DST,
                    view_formats: &[],
                },
                GpuCategory::Layer,
            )
        };
        self.taken = (0..CHECKPOINTS)
            .map(|_| Checkpoint {
                color: tex("checkpoint colour", format),
                depth: tex("checkpoint depth", DEPTH_FORMAT),
                count: 0,
                view,
            })
            .collect();
    }

    /// Copy the nearest checkpoint at or before `target` strokes that fits `layer`'s view into
    /// it. Returns whether one was restored.
    pub(crate) fn restore(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        layer: &mut RetainedLayer,
        target: u32,
    ) -> bool {
        let view = layer.view;
        let best = self
            .taken
            .iter()
            .filter(|c| c.count > 0 && c.count <= target && c.view == view)
            .max_by_key(|c| c.count);
        match best {
            Some(c) if layer.sample_count() == 1 => {
                copy_whole(encoder, &c.color.texture, &layer.color().texture);
                copy_whole(encoder, &c.depth.texture, &layer.depth().texture);
                layer.count = c.count;
                layer.needs_clear = false;
                true
            }
            _ => false,
        }
    }

    /// Take the checkpoints `layer` just passed (it went from `before` strokes to its count) in
    /// a drawing of `strokes`.
    pub(crate) fn take_passed(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        layer: &RetainedLayer,
        before: u32,
        strokes: u32,
    ) {
        if layer.sample_count() != 1 {
            return;
        }
        for (k, c) in self.taken.iter_mut().enumerate() {
            let at = ((k as u64 + 1) * u64::from(strokes) / (CHECKPOINTS as u64 + 1)) as u32;
            let stale = c.count == 0 || c.view != layer.view;
            if at > 0 && before < at && layer.count >= at && (stale || c.count != layer.count) {
                copy_whole(encoder, &layer.color().texture, &c.color.texture);
                copy_whole(encoder, &layer.depth().texture, &c.depth.texture);
                c.count = layer.count;
                c.view = layer.view;
            }
        }
    }
}
