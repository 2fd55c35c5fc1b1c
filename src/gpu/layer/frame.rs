//! [`LayerFrame`]: what the retained layer's work in one frame needs to know about the frame.

use super::RetainedLayer;
use crate::gpu::depth::DepthScratch;
use crate::gpu::geometry::GpuGeometry;
use crate::gpu::memory::GpuMemory;
use crate::gpu::pipelines::Pipelines;
use crate::model::Color;
use crate::view::View;

/// What a layer update needs to know about the frame.
#[derive(Debug)]
pub(crate) struct LayerFrame<'a> {
    pub(crate) device: &'a wgpu::Device,
    pub(crate) gpu_mem: &'a GpuMemory,
    pub(crate) pipelines: &'a Pipelines,
    /// The shared depth textures layers draw with.
    pub(crate) depth: &'a DepthScratch,
    pub(crate) geometry: Option<&'a GpuGeometry>,
    /// The stroke bind group the layer is drawn with.
    pub(crate) group: Option<&'a wgpu::BindGroup>,
    /// The view in layer pixels.
    pub(crate) view: View,
    pub(crate) layer_size: (u32, u32),
    /// The frame's size (the layer's at full resolution).
    pub(crate) frame_size: (u32, u32),
    pub(crate) samples: u32,
    pub(crate) background: Color,
}

impl LayerFrame<'_> {
    /// An empty layer for this frame's size, sample count and view.
    pub(crate) fn new_layer(&self) -> RetainedLayer {
        RetainedLayer::new(
            self.device,
            self.gpu_mem,
            self.pipelines,
            self.depth,
            self.layer_size,
            self.samples,
            self.view,
        )
    }
}
