//! Offscreen render targets and reading pixels back.

use super::memory::{CountedTexture, GpuCategory, GpuMemory};
use super::readback::Readback;
use super::{Gpu, GpuError};

/// A texture to render into and read back as RGBA8.
#[derive(Debug)]
pub struct OffscreenTarget {
    /// The texture and view.
    pub texture: CountedTexture,
    /// Size in pixels.
    pub size: (u32, u32),
    /// Its format (`Rgba8Unorm` or `Bgra8Unorm`).
    pub format: wgpu::TextureFormat,
}

impl OffscreenTarget {
    /// The format offscreen targets use.
    pub const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

    /// A target of `width`×`height` pixels.
    pub fn new(gpu: &Gpu, gpu_mem: &GpuMemory, width: u32, height: u32) -> Result<Self, GpuError> {
        let limit = gpu.device.limits().max_texture_dimension_2d;
        if width == 0 || height == 0 || width > limit || height > limit {
            return Err(GpuError::TooLarge {
                what: "image size",
                width,
                height,
                limit,
            });
        }
        let texture = gpu_mem.texture_2d(
            &gpu.device,
            "offscreen target",
            (width, height),
            Self::FORMAT,
            wgpu::TextureUsages::RENDER_ATTACHMENT
                | wgpu::TextureUsages::COPY_SRC
                | wgpu::TextureUsages::COPY_DST,
            GpuCategory::Target,
        );
        Ok(Self {
            texture,
            size: (width, height),
            format: Self::FORMAT,
        })
    }

    /// As a frame target for the renderer.
    pub fn frame_target(&self) -> crate::gpu::FrameTarget<'_> {
        crate::gpu::FrameTarget {
            texture: &self.texture.texture,
            view: &self.texture.view,
        }
    }

    /// The view to render into.
    pub fn view(&self) -> &wgpu::TextureView {
        &self.texture.view
    }

    /// Copy the texture to the CPU as tightly packed RGBA8 rows (premultiplied, as rendered).
    pub fn read_rgba8(&self, gpu: &Gpu, gpu_mem: &GpuMemory) -> Result<Vec<u8>, GpuError> {
        read_texture_rgba8(gpu, gpu_mem, &self.texture.texture)
    }
}

/// Copy a 4-byte-per-pixel colour texture (`Rgba8*` or `Bgra8*`, e.g. a window's surface texture,
/// which needs `COPY_SRC` usage) to the CPU as tightly packed RGBA8 rows, and wait for it.
pub fn read_texture_rgba8(
    gpu: &Gpu,
    gpu_mem: &GpuMemory,
    texture: &wgpu::Texture,
) -> Result<Vec<u8>, GpuError> {
    puffin::profile_scope!("readback");
    let mut readback = Readback::new(gpu, gpu_mem, texture);
    let mut enc = gpu
        .device
        .create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("readback"),
        });
    readback.copy_from(&mut enc, texture);
    readback.request(gpu.queue.submit([enc.finish()]));
    let out = readback.finish(gpu)?;
    gpu.check()?;
    Ok(out)
}
