//! One depth texture per size and sample count, shared by every pass that needs one.
//!
//! Depth matters within one pass only: a layer pass keeps a stroke from blending over itself,
//! and every pass clears depth when it begins and discards it when it ends (`passes.rs`). So the
//! frame, the retained layer, its spare, the stand-in and the checkpoint builder share one
//! texture instead of each holding its own (at 1280×720, 3.7 MB each). Passes are recorded one
//! after another into the queue, so sharing changes no pixel.

use std::sync::{Arc, Mutex, PoisonError, Weak};

use super::memory::{CountedTexture, GpuCategory, GpuMemory};
use super::pipelines::DEPTH_FORMAT;

/// What a depth texture was made for: its size and sample count.
type Key = ((u32, u32), u32);

/// Hands out the shared depth texture of a size and sample count (see the module docs). It holds
/// the texture weakly: the texture goes with the last pass owner holding it.
#[derive(Debug, Default)]
pub(crate) struct DepthScratch {
    held: Mutex<Option<(Key, Weak<CountedTexture>)>>,
}

impl DepthScratch {
    /// The depth texture of `size` and `samples`, made when none is alive (counted as a transient
    /// attachment, [`GpuCategory::Target`], whichever pass made it).
    pub(crate) fn get(
        &self,
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        size: (u32, u32),
        samples: u32,
    ) -> Arc<CountedTexture> {
        let key = (size, samples);
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(live) = held
            .as_ref()
            .filter(|(k, _)| *k == key)
            .and_then(|(_, w)| w.upgrade())
        {
            return live;
        }
        let texture = Arc::new(gpu_mem.texture(
            device,
            &wgpu::TextureDescriptor {
                label: Some("depth (shared)"),
                size: wgpu::Extent3d {
                    width: size.0,
                    height: size.1,
                    depth_or_array_layers: 1,
                },
                mip_level_count: 1,
                sample_count: samples,
                dimension: wgpu::TextureDimension::D2,
                format: DEPTH_FORMAT,
                usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
                view_formats: &[],
            },
            GpuCategory::Target,
        ));
        *held = Some((key, Arc::downgrade(&texture)));
        texture
    }
}
