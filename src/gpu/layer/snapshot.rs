//! [`Snapshot`]: a copy of a single-sample layer's colour kept in a buffer, row by row.
//!
//! A checkpoint is a buffer rather than a texture because wgpu tracks which parts of a buffer
//! hold data by byte range but a texture only whole: the first copy of a band of rows into a new
//! texture made wgpu clear all of it first (on a software rasterizer that, with the fresh memory's
//! first touch, cost about 2.5 ms at 1280×720, whatever the band), while a band copied into a new
//! buffer touches only its own rows. Copies between a buffer and a texture cost what copies
//! between textures cost.

use crate::gpu::memory::{CountedBuffer, GpuCategory, GpuMemory};

/// Bytes per pixel of a layer's colour (`Rgba8Unorm` or `Bgra8Unorm`).
const BYTES_PER_PIXEL: u32 = 4;

/// A layer's colour, rows `0..height` of `width` pixels, each row padded to wgpu's copy
/// alignment.
#[derive(Debug)]
pub(crate) struct Snapshot {
    buffer: CountedBuffer,
    size: (u32, u32),
}

impl Snapshot {
    /// Bytes a snapshot of a `size` layer holds.
    pub(crate) fn bytes(size: (u32, u32)) -> u64 {
        u64::from(padded_row(size.0)) * u64::from(size.1)
    }

    /// An empty snapshot of a `size` layer.
    pub(crate) fn new(device: &wgpu::Device, gpu_mem: &GpuMemory, size: (u32, u32)) -> Self {
        let buffer = gpu_mem.buffer(
            device,
            &wgpu::BufferDescriptor {
                label: Some("checkpoint"),
                size: Self::bytes(size),
                usage: wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            },
            GpuCategory::Checkpoints,
        );
        Self { buffer, size }
    }

    /// The layer size it holds.
    pub(crate) fn size(&self) -> (u32, u32) {
        self.size
    }

    /// Copy rows `y..y + rows` of `from` (a texture of this size) into the snapshot.
    pub(crate) fn save_rows(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        from: &wgpu::Texture,
        y: u32,
        rows: u32,
    ) {
        encoder.copy_texture_to_buffer(
            texel_rows(from, y),
            self.rows_at(y, rows),
            extent(self.size.0, rows),
        );
    }

    /// Copy rows `y..y + rows` of the snapshot into `to` (a texture of this size).
    pub(crate) fn load_rows(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        to: &wgpu::Texture,
        y: u32,
        rows: u32,
    ) {
        encoder.copy_buffer_to_texture(
            self.rows_at(y, rows),
            texel_rows(to, y),
            extent(self.size.0, rows),
        );
    }

    /// Copy all of `from` into the snapshot.
    pub(crate) fn save(&self, encoder: &mut wgpu::CommandEncoder, from: &wgpu::Texture) {
        self.save_rows(encoder, from, 0, self.size.1);
    }

    /// Copy all of the snapshot into `to`.
    pub(crate) fn load(&self, encoder: &mut wgpu::CommandEncoder, to: &wgpu::Texture) {
        self.load_rows(encoder, to, 0, self.size.1);
    }

    fn rows_at(&self, y: u32, rows: u32) -> wgpu::TexelCopyBufferInfo<'_> {
        let row = padded_row(self.size.0);
        wgpu::TexelCopyBufferInfo {
            buffer: &self.buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: u64::from(y) * u64::from(row),
                bytes_per_row: Some(row),
                rows_per_image: Some(rows),
            },
        }
    }
}

/// A row of `width` pixels padded to wgpu's copy alignment (bytes).
fn padded_row(width: u32) -> u32 {
    (width * BYTES_PER_PIXEL).next_multiple_of(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT)
}

fn texel_rows(texture: &wgpu::Texture, y: u32) -> wgpu::TexelCopyTextureInfo<'_> {
    wgpu::TexelCopyTextureInfo {
        texture,
        mip_level: 0,
        origin: wgpu::Origin3d { x: 0, y, z: 0 },
        aspect: wgpu::TextureAspect::All,
    }
}

fn extent(width: u32, rows: u32) -> wgpu::Extent3d {
    wgpu::Extent3d {
        width,
        height: rows,
        depth_or_array_layers: 1,
    }
}
