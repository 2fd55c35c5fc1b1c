//! Offscreen render targets and reading pixels back.

use super::memory::{CountedTexture, GpuCategory, GpuMemory};
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
        let texture = gpu_mem.texture(
            &gpu.device,
            &wgpu::TextureDescriptor {
                label: Some("offscreen target"),
                size: wgpu::Extent3d {
                    width,
                    height,
                    depth_or_array_layers: 1,
                },
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format: Self::FORMAT,
                usage: wgpu::TextureUsages::RENDER_ATTACHMENT
                    | wgpu::TextureUsages::COPY_SRC
                    | wgpu::TextureUsages::COPY_DST,
                view_formats: &[],
            },
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
    {
        puffin::profile_scope!("readback");
        let (w, h) = (texture.width(), texture.height());
        let row = w * 4;
        let padded =
            row.div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT) * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
        let buffer = gpu_mem.buffer(
            &gpu.device,
            &wgpu::BufferDescriptor {
                label: Some("readback"),
                size: u64::from(padded) * u64::from(h),
                usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
                mapped_at_creation: false,
            },
            GpuCategory::Staging,
        );
        let mut enc = gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("readback"),
            });
        enc.copy_texture_to_buffer(
            wgpu::TexelCopyTextureInfo {
                texture,
                mip_level: 0,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            wgpu::TexelCopyBufferInfo {
                buffer: &buffer,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded),
                    rows_per_image: Some(h),
                },
            },
            wgpu::Extent3d {
                width: w,
                height: h,
                depth_or_array_layers: 1,
            },
        );
        gpu.queue.submit([enc.finish()]);
        let (tx, rx) = std::sync::mpsc::channel();
        buffer.slice(..).map_async(wgpu::MapMode::Read, move |r| {
            let _ = tx.send(r);
        });
        gpu.wait_idle()?;
        rx.recv()
            .map_err(|e| GpuError::Readback(e.to_string()))?
            .map_err(|e| GpuError::Readback(e.to_string()))?;
        let mut out = Vec::with_capacity((row * h) as usize);
        {
            let data = buffer.slice(..).get_mapped_range();
            for y in 0..h as usize {
                let start = y * padded as usize;
                out.extend_from_slice(&data[start..start + row as usize]);
            }
        }
        buffer.unmap();
        if matches!(
            texture.format(),
            wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Bgra8UnormSrgb
        ) {
            for px in out.chunks_exact_mut(4) {
                px.swap(0, 2);
            }
        }
        gpu.check()?;
        Ok(out)
    }
}
