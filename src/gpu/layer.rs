//! The retained layer: a texture holding every stroke finished before the playhead.

use super::memory::{CountedTexture, GpuCategory, GpuMemory};
use super::pipelines::{Pipelines, DEPTH_FORMAT};
use crate::view::View;

/// Finished ink, kept between frames. Each frame only the strokes finished since the last frame are
/// drawn into it (`LoadOp::Load`); it is cleared and rebuilt when the view or size changes or the
/// playhead moves backwards past ink it holds.
#[derive(Debug)]
pub struct RetainedLayer {
    /// Colour (multisampled when MSAA is on).
    pub color: CountedTexture,
    /// Single-sample resolve target when `color` is multisampled.
    pub resolved: Option<CountedTexture>,
    /// Depth, kept with the colour so strokes added later still order correctly.
    pub depth: CountedTexture,
    /// Bind group sampling the single-sample colour, for the composite.
    pub composite_group: wgpu::BindGroup,
    /// Strokes `0..count` are in the layer.
    pub count: u32,
    /// The layer must be cleared before anything is drawn into it.
    pub needs_clear: bool,
    /// The view the layer was drawn with.
    pub view: View,
    /// Size in pixels.
    pub size: (u32, u32),
    /// Samples per pixel.
    pub sample_count: u32,
}

impl RetainedLayer {
    /// Allocate a layer (empty, needing a clear).
    pub fn new(
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        renderer: &Pipelines,
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
                    renderer.format(),
                    attach,
                ),
                Some(tex("layer colour", 1, renderer.format(), sampled)),
            )
        } else {
            (tex("layer colour", 1, renderer.format(), sampled), None)
        };
        // Single-sample layers can be copied to and from checkpoints.
        let copy = if sample_count == 1 {
            wgpu::TextureUsages::COPY_SRC | wgpu::TextureUsages::COPY_DST
        } else {
            wgpu::TextureUsages::empty()
        };
        let depth = tex("layer depth", sample_count, DEPTH_FORMAT, attach | copy);
        let single = resolved.as_ref().unwrap_or(&color);
        let composite_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("layer composite"),
            layout: &renderer.composite_layout,
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
    pub fn invalidate(&mut self) {
        self.count = 0;
        self.needs_clear = true;
    }
}
