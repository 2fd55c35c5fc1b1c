//! Every GPU allocation passes through here and is counted.
//!
//! [`GpuMemory`] hands out [`CountedBuffer`]s and [`CountedTexture`]s that add their size to a category
//! counter when created and subtract it when dropped, so [`GpuMemory::stats`] is always the exact
//! number of bytes inkplay holds on the GPU, by purpose. (Driver-internal overhead is not visible
//! to wgpu and is not counted.)

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// What an allocation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpuCategory {
    /// Stroke vertex buffers.
    Vertices,
    /// Stroke index buffers.
    Indices,
    /// Uniform buffers and the per-stroke table.
    Uniforms,
    /// Retained-layer textures (colour, resolve, depth).
    Layer,
    /// Frame targets and transient attachments (MSAA colour, depth).
    Target,
    /// Upload staging and readback buffers.
    Staging,
    /// Checkpoints of the retained layer (colour copies a seek restarts from).
    Checkpoints,
    /// The atlas of images drawings show, and their table.
    Images,
}

const CATEGORIES: usize = 8;

impl GpuCategory {
    fn index(self) -> usize {
        self as usize
    }
}

/// Bytes held on the GPU, by category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct GpuMemStats {
    /// Stroke vertices.
    pub vertices: u64,
    /// Stroke indices.
    pub indices: u64,
    /// Uniforms and stroke table.
    pub uniforms: u64,
    /// Retained layer.
    pub layer: u64,
    /// Frame targets.
    pub target: u64,
    /// Staging/readback.
    pub staging: u64,
    /// Layer checkpoints.
    pub checkpoints: u64,
    /// Image atlas and table.
    pub images: u64,
}

impl GpuMemStats {
    /// Sum of all categories.
    pub fn total(&self) -> u64 {
        self.vertices
            + self.indices
            + self.uniforms
            + self.layer
            + self.target
            + self.staging
            + self.checkpoints
            + self.images
    }
}

#[derive(Debug, Default)]
struct Counters {
    bytes: [AtomicU64; CATEGORIES],
    /// Buffers and textures created, ever.
    created: AtomicU64,
    /// Buffers and textures alive, by category.
    live: [AtomicU64; CATEGORIES],
}

/// The counting allocator for GPU resources. Cheap to clone (shared counters).
#[derive(Debug, Clone, Default)]
pub struct GpuMemory {
    counters: Arc<Counters>,
}

#[derive(Debug)]
struct Ticket {
    counters: Arc<Counters>,
    category: GpuCategory,
    bytes: u64,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.counters.bytes[self.category.index()].fetch_sub(self.bytes, Ordering::Relaxed);
        self.counters.live[self.category.index()].fetch_sub(1, Ordering::Relaxed);
    }
}

/// A buffer whose bytes are counted while it lives.
#[derive(Debug)]
pub struct CountedBuffer {
    /// The wgpu buffer.
    pub buffer: wgpu::Buffer,
    _ticket: Ticket,
}

impl std::ops::Deref for CountedBuffer {
    type Target = wgpu::Buffer;
    fn deref(&self) -> &wgpu::Buffer {
        &self.buffer
    }
}

/// A texture (and its default view) whose bytes are counted while it lives.
#[derive(Debug)]
pub struct CountedTexture {
    /// The wgpu texture.
    pub texture: wgpu::Texture,
    /// A view of the whole texture.
    pub view: wgpu::TextureView,
    _ticket: Ticket,
}

impl GpuMemory {
    /// A new `GpuMemory` with zeroed counters.
    pub fn new() -> Self {
        Self::default()
    }

    fn ticket(&self, category: GpuCategory, bytes: u64) -> Ticket {
        self.counters.bytes[category.index()].fetch_add(bytes, Ordering::Relaxed);
        self.counters.created.fetch_add(1, Ordering::Relaxed);
        self.counters.live[category.index()].fetch_add(1, Ordering::Relaxed);
        Ticket {
            counters: Arc::clone(&self.counters),
            category,
            bytes,
        }
    }

    /// Create a buffer.
    pub fn buffer(
        &self,
        device: &wgpu::Device,
        desc: &wgpu::BufferDescriptor<'_>,
        category: GpuCategory,
    ) -> CountedBuffer {
        CountedBuffer {
            buffer: device.create_buffer(desc),
            _ticket: self.ticket(category, desc.size),
        }
    }

    /// Create a buffer holding `contents` (mapped at creation, no staging copy).
    pub fn buffer_init(
        &self,
        device: &wgpu::Device,
        label: &str,
        contents: &[u8],
        usage: wgpu::BufferUsages,
        category: GpuCategory,
    ) -> CountedBuffer {
        // Mapped-at-creation sizes must be a multiple of COPY_BUFFER_ALIGNMENT (4).
        let size = (contents.len() as u64)
            .div_ceil(wgpu::COPY_BUFFER_ALIGNMENT)
            .max(1)
            * wgpu::COPY_BUFFER_ALIGNMENT;
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size,
            usage,
            mapped_at_creation: true,
        });
        buffer.slice(..).get_mapped_range_mut()[..contents.len()].copy_from_slice(contents);
        buffer.unmap();
        CountedBuffer {
            buffer,
            _ticket: self.ticket(category, size),
        }
    }

    /// A one-level, single-sample 2D texture of `format` (see [`GpuMemory::texture`]).
    pub fn texture_2d(
        &self,
        device: &wgpu::Device,
        label: &str,
        (width, height): (u32, u32),
        format: wgpu::TextureFormat,
        usage: wgpu::TextureUsages,
        category: GpuCategory,
    ) -> CountedTexture {
        let desc = wgpu::TextureDescriptor {
            label: Some(label),
            size: wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format,
            usage,
            view_formats: &[],
        };
        self.texture(device, &desc, category)
    }

    /// Create a texture and its default view.
    pub fn texture(
        &self,
        device: &wgpu::Device,
        desc: &wgpu::TextureDescriptor<'_>,
        category: GpuCategory,
    ) -> CountedTexture {
        let texture = device.create_texture(desc);
        let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        let texel = desc
            .format
            .block_copy_size(Some(wgpu::TextureAspect::All))
            .unwrap_or(4) as u64;
        let bytes = u64::from(desc.size.width)
            * u64::from(desc.size.height)
            * u64::from(desc.size.depth_or_array_layers)
            * u64::from(desc.sample_count)
            * texel;
        CountedTexture {
            texture,
            view,
            _ticket: self.ticket(category, bytes),
        }
    }

    /// Buffers and textures created through this `GpuMemory` since it was made (a frame loop that
    /// allocates nothing leaves this unchanged).
    pub fn allocations(&self) -> u64 {
        self.counters.created.load(Ordering::Relaxed)
    }

    /// Buffers and textures alive now (what a leak of GPU objects grows).
    pub fn live_allocations(&self) -> u64 {
        self.counters
            .live
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }

    /// Buffers and textures of `category` alive now.
    pub fn live_allocations_in(&self, category: GpuCategory) -> u64 {
        self.counters.live[category.index()].load(Ordering::Relaxed)
    }

    /// Bytes currently held, by category.
    pub fn stats(&self) -> GpuMemStats {
        let c = |cat: GpuCategory| self.counters.bytes[cat.index()].load(Ordering::Relaxed);
        GpuMemStats {
            vertices: c(GpuCategory::Vertices),
            indices: c(GpuCategory::Indices),
            uniforms: c(GpuCategory::Uniforms),
            layer: c(GpuCategory::Layer),
            target: c(GpuCategory::Target),
            staging: c(GpuCategory::Staging),
            checkpoints: c(GpuCategory::Checkpoints),
            images: c(GpuCategory::Images),
        }
    }
}
