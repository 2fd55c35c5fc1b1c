//! One retained layer: colour (and its resolve target when multisampled) and depth textures
//! holding strokes `0..count` drawn with one view.

use std::sync::Arc;

use crate::gpu::depth::DepthScratch;
use crate::gpu::memory::{CountedTexture, GpuCategory, GpuMemory};
use crate::gpu::pipelines::Pipelines;
use crate::view::View;

/// Finished ink, kept between frames. Each frame only the strokes finished since the last frame are
/// drawn into it (`LoadOp::Load`); it starts over (restored from a checkpoint, or cleared) when
/// the view or size changes or the playhead moves backwards past ink it holds.
#[derive(Debug)]
pub struct RetainedLayer {
    /// Colour (multisampled when MSAA is on).
    color: CountedTexture,
    /// Single-sample resolve target when `color` is multisampled.
    resolved: Option<CountedTexture>,
    /// Depth, used within one pass (each stroke blends over itself once), shared with every
    /// other pass of its size and sample count ([`DepthScratch`]).
    depth: Arc<CountedTexture>,
    /// Bind group sampling the single-sample colour, for the composite.
    composite_group: wgpu::BindGroup,
    /// Strokes `0..count` are in the layer.
    pub(super) count: u32,
    /// The layer must be cleared before anything is drawn into it.
    pub(super) needs_clear: bool,
    /// The view the layer was drawn with.
    pub(super) view: View,
    size: (u32, u32),
    sample_count: u32,
}

impl RetainedLayer {
    /// Allocate a layer (empty, needing a clear), its depth from `depth`.
    pub(crate) fn new(
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        pipelines: &Pipelines,
        depth: &DepthScratch,
        size: (u32, u32),
        sample_count: u32,
        view: View,
    ) -> Self {
        let extent = wgpu::Extent3d {
            width: size.0,
            height: size.1,
            depth_or_array_layers: 1,
        };
        let tex = |label: &str, samples: u32, format, usage| {
            gpu_mem.texture(
                device,
                &wgpu::TextureDescriptor {
                    label: Some(label),
                    size: extent,
                    mip_level_count: 1,
                    sample_count: samples,
                    dimension: wgpu::TextureDimension::D2,
                    format,
                    usage,
                    view_formats: &[],
                },
                GpuCategory::Layer,
            )
        };
        let attach = wgpu::TextureUsages::RENDER_ATTACHMENT;
        let sampled = attach
            | wgpu::TextureUsages::TEXTURE_BINDING
            | wgpu::TextureUsages::COPY_SRC
            | wgpu::TextureUsages::COPY_DST;
        let (color, resolved) = if sample_count > 1 {
            (
                tex(
                    "layer colour (msaa)",
                    sample_count,
                    pipelines.format(),
                    attach,
                ),
                Some(tex("layer colour", 1, pipelines.format(), sampled)),
            )
        } else {
            (tex("layer colour", 1, pipelines.format(), sampled), None)
        };
        // Depth is cleared by every pass (see `begin_layer_pass`).
        let depth = depth.get(device, gpu_mem, size, sample_count);
        let single = resolved.as_ref().unwrap_or(&color);
        let composite_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("layer composite"),
            layout: &pipelines.composite_layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::TextureView(&single.view),
            }],
        });
        Self {
            color,
            resolved,
            depth,
            composite_group,
            count: 0,
            needs_clear: true,
            view,
            size,
            sample_count,
        }
    }

    /// Forget the content (next update clears and redraws from stroke 0).
    pub(super) fn invalidate(&mut self) {
        self.count = 0;
        self.needs_clear = true;
    }

    /// Whether it holds ink (strokes drawn, not waiting for a clear).
    pub(super) fn has_content(&self) -> bool {
        self.count > 0 && !self.needs_clear
    }

    /// Colour (multisampled when MSAA is on).
    pub fn color(&self) -> &CountedTexture {
        &self.color
    }

    /// Single-sample resolve target when the colour is multisampled.
    pub fn resolved(&self) -> Option<&CountedTexture> {
        self.resolved.as_ref()
    }

    /// The single-sample colour: the resolve target, or the colour itself.
    pub fn single(&self) -> &CountedTexture {
        self.resolved.as_ref().unwrap_or(&self.color)
    }

    /// Depth.
    pub fn depth(&self) -> &CountedTexture {
        &self.depth
    }

    /// Bind group sampling the single-sample colour, for the composite pipeline.
    pub fn composite_group(&self) -> &wgpu::BindGroup {
        &self.composite_group
    }

    /// Strokes `0..count` are in the layer.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The view the layer is drawn with.
    pub fn view(&self) -> View {
        self.view
    }

    /// Size in pixels.
    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// Samples per pixel.
    pub fn sample_count(&self) -> u32 {
        self.sample_count
    }
}
