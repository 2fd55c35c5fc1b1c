//! Image fills on the GPU. Every distinct image the drawing's strokes show is packed into one
//! atlas texture (shelves, each image at most [`MAX_SIDE`] pixels on its longer side and the
//! whole atlas within the device's texture limit, scaled down to fit), premultiplied; each
//! image stroke gets an entry in the image table (where a drawing point falls in the atlas,
//! the part it may show, its opacity), and its entry in the stroke table names that entry
//! instead of a colour (the depth's sign bit, never set otherwise, marks it). The stroke shader
//! samples the atlas for those strokes. A drawing without images binds a 1×1 atlas and a
//! one-entry table.

use std::collections::HashMap;
use std::sync::Arc;

use bytemuck::{Pod, Zeroable};

use super::memory::{CountedBuffer, CountedTexture, GpuCategory, GpuMemory};
use super::Gpu;
use crate::model::{Image, ImageFill, Stroke};

/// The longest side an image keeps in the atlas, in pixels.
pub const MAX_SIDE: u32 = 2048;
/// The widest atlas made (less where the device allows less).
const ATLAS_WIDTH: u32 = 4096;
/// The stroke table's marker for an image stroke (the sign bit of its depth).
pub(crate) const IMAGE_FLAG: u32 = 1 << 31;

/// One image stroke's entry: `u = row0.xyz · (x, y, 1)`, `v = row1.xyz · (x, y, 1)` in the
/// atlas, clamped to `clamp`; `row0.w` is the opacity.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub(crate) struct ImageInfo {
    row0: [f32; 4],
    row1: [f32; 4],
    clamp: [f32; 4],
}

/// Where an image lies in the atlas, in atlas coordinates (0..1).
#[derive(Debug, Clone, Copy)]
struct Slot {
    rect: [f32; 4],
    /// Half a texel of the atlas, in atlas coordinates.
    half: [f32; 2],
}

/// The atlas, the image table, and what they hold.
#[derive(Debug)]
pub(crate) struct GpuImages {
    pub(crate) atlas: CountedTexture,
    pub(crate) sampler: wgpu::Sampler,
    pub(crate) table: CountedBuffer,
    /// Every distinct image seen, in order (the atlas is rebuilt from them when one arrives).
    images: Vec<Arc<Image>>,
    /// Each image's slot, by the address of its (kept) allocation.
    slots: HashMap<usize, Slot>,
    /// The image strokes, by stroke number, with their fills.
    strokes: Vec<(usize, ImageFill)>,
}

impl GpuImages {
    /// An empty set: a 1×1 atlas and a one-entry table.
    pub(crate) fn new(gpu: &Gpu, mem: &GpuMemory) -> Self {
        let sampler = gpu.device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("image atlas sampler"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        Self {
            atlas: atlas_texture(gpu, mem, 1, 1),
            sampler,
            table: table(gpu, mem, &[ImageInfo::zeroed()]),
            images: Vec::new(),
            slots: HashMap::new(),
            strokes: Vec::new(),
        }
    }

    /// Take in strokes `first..` (`strokes`): register their image fills and, once the stroke
    /// table holds them, mark their entries. Returns whether the atlas or the table was made
    /// anew (the bind groups must then be made again).
    pub(crate) fn add(
        &mut self,
        gpu: &Gpu,
        mem: &GpuMemory,
        first: usize,
        strokes: &[Stroke],
        stroke_table: &wgpu::Buffer,
    ) -> bool {
        let fills: Vec<(usize, &ImageFill)> = strokes
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((first + i, s.shape.as_ref()?.image.as_deref()?)))
            .collect();
        if fills.is_empty() {
            return false;
        }
        let mut new_image = false;
        for (_, f) in &fills {
            if !self.images.iter().any(|i| Arc::ptr_eq(i, &f.image)) {
                self.images.push(f.image.clone());
                new_image = true;
            }
        }
        if new_image {
            self.pack(gpu, mem);
        }
        let base = self.strokes.len();
        self.strokes
            .extend(fills.iter().map(|(i, f)| (*i, (*f).clone())));
        let infos: Vec<ImageInfo> = self.strokes.iter().map(|(_, f)| self.info(f)).collect();
        self.table = table(gpu, mem, &infos);
        // The stroke table's entries of the new image strokes: the table entry instead of a
        // colour, and the marker.
        for (k, (i, _)) in self.strokes.iter().enumerate().skip(base) {
            let depth = super::geometry::depth_bits(*i as u32) + 15;
            let at = (*i * 16) as u64;
            gpu.queue
                .write_buffer(stroke_table, at, bytemuck::cast_slice(&[k as u32]));
            gpu.queue.write_buffer(
                stroke_table,
                at + 12,
                bytemuck::cast_slice(&[depth | IMAGE_FLAG]),
            );
        }
        true
    }

    /// A fill's table entry: its image coordinates mapped into the image's slot.
    fn info(&self, f: &ImageFill) -> ImageInfo {
        let Some(slot) = self.slots.get(&key(&f.image)) else {
            return ImageInfo::zeroed();
        };
        let [rx, ry, rw, rh] = slot.rect;
        let [a, b, c, d, e, g] = f.to_uv;
        let [u0, v0, u1, v1] = f.crop;
        let (lo_u, hi_u) = (u0.min(u1), u0.max(u1));
        let (lo_v, hi_v) = (v0.min(v1), v0.max(v1));
        ImageInfo {
            row0: [a * rw, b * rw, c * rw + rx, f.opacity.clamp(0.0, 1.0)],
            row1: [d * rh, e * rh, g * rh + ry, 0.0],
            clamp: [
                rx + lo_u.clamp(0.0, 1.0) * rw + slot.half[0],
                ry + lo_v.clamp(0.0, 1.0) * rh + slot.half[1],
                rx + hi_u.clamp(0.0, 1.0) * rw - slot.half[0],
                ry + hi_v.clamp(0.0, 1.0) * rh - slot.half[1],
            ],
        }
    }

    /// Pack every image into a new atlas and upload it.
    fn pack(&mut self, gpu: &Gpu, mem: &GpuMemory) {
        puffin::profile_scope!("image atlas");
        let max_dim = gpu.device.limits().max_texture_dimension_2d;
        let width = ATLAS_WIDTH.min(max_dim);
        let mut side = MAX_SIDE.min(width);
        let (sizes, height) = loop {
            let sizes: Vec<(u32, u32)> = self.images.iter().map(|i| fit(i, side)).collect();
            let (_, height) = shelves(&sizes, width);
            if height <= max_dim || side <= 8 {
                break (sizes, height.min(max_dim));
            }
            side /= 2;
        };
        let (places, _) = shelves(&sizes, width);
        self.atlas = atlas_texture(gpu, mem, width, height.max(1));
        self.slots.clear();
        let (fw, fh) = (width as f32, height.max(1) as f32);
        for ((image, &(w, h)), &(x, y)) in self.images.iter().zip(&sizes).zip(&places) {
            let pixels = premultiplied(image, w, h);
            gpu.queue.write_texture(
                wgpu::TexelCopyTextureInfo {
                    texture: &self.atlas.texture,
                    mip_level: 0,
                    origin: wgpu::Origin3d { x, y, z: 0 },
                    aspect: wgpu::TextureAspect::All,
                },
                &pixels,
                wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(4 * w),
                    rows_per_image: Some(h),
                },
                wgpu::Extent3d {
                    width: w,
                    height: h,
                    depth_or_array_layers: 1,
                },
            );
            self.slots.insert(
                key(image),
                Slot {
                    rect: [x as f32 / fw, y as f32 / fh, w as f32 / fw, h as f32 / fh],
                    half: [0.5 / fw, 0.5 / fh],
                },
            );
        }
    }
}

/// An image's key in the slots: the address of its allocation, which `images` keeps alive.
fn key(image: &Arc<Image>) -> usize {
    Arc::as_ptr(image) as usize
}

/// An image's size in the atlas: its own, or scaled to `side` on its longer side.
fn fit(image: &Image, side: u32) -> (u32, u32) {
    let long = image.width.max(image.height);
    if long <= side {
        return (image.width, image.height);
    }
    let k = side as f64 / long as f64;
    let s = |v: u32| ((f64::from(v) * k).round() as u32).max(1);
    (s(image.width), s(image.height))
}

/// Shelf packing of `sizes` into rows `width` wide (1 px apart): each one's corner, and the
/// height used.
fn shelves(sizes: &[(u32, u32)], width: u32) -> (Vec<(u32, u32)>, u32) {
    let (mut x, mut y, mut row) = (0u32, 0u32, 0u32);
    let mut out = Vec::with_capacity(sizes.len());
    for &(w, h) in sizes {
        if x > 0 && x + w > width {
            y += row + 1;
            x = 0;
            row = 0;
        }
        out.push((x, y));
        x += w + 1;
        row = row.max(h);
    }
    (out, y + row)
}

/// The image at `w`×`h` (resampled when that is not its size), premultiplied.
fn premultiplied(image: &Image, w: u32, h: u32) -> Vec<u8> {
    let px: Vec<u8> = image
        .rgba
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let m = |c: u8| ((u16::from(c) * a + 127) / 255) as u8;
            [m(p[0]), m(p[1]), m(p[2]), p[3]]
        })
        .collect();
    if (w, h) == (image.width, image.height) {
        return px;
    }
    // `Image::new` holds width × height × 4 bytes, so the buffer always forms.
    match image::RgbaImage::from_raw(image.width, image.height, px) {
        Some(buf) => {
            image::imageops::resize(&buf, w, h, image::imageops::FilterType::Triangle).into_raw()
        }
        None => vec![0; 4 * w as usize * h as usize],
    }
}

fn atlas_texture(gpu: &Gpu, mem: &GpuMemory, width: u32, height: u32) -> CountedTexture {
    mem.texture(
        &gpu.device,
        &wgpu::TextureDescriptor {
            label: Some("image atlas"),
            size: wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            // sRGB-encoded bytes, filtered and blended as encoded, as the strokes' colours are.
            format: wgpu::TextureFormat::Rgba8Unorm,
            usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
            view_formats: &[],
        },
        GpuCategory::Images,
    )
}

fn table(gpu: &Gpu, mem: &GpuMemory, infos: &[ImageInfo]) -> CountedBuffer {
    mem.buffer_init(
        &gpu.device,
        "image table",
        bytemuck::cast_slice(infos),
        wgpu::BufferUsages::STORAGE,
        GpuCategory::Images,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shelves_keep_images_apart_within_the_width() {
        let (at, h) = shelves(&[(100, 50), (100, 80), (50, 10)], 210);
        assert_eq!(at, [(0, 0), (101, 0), (0, 81)]);
        assert_eq!(h, 91);
    }

    #[test]
    fn large_images_are_fitted_to_the_longest_side() {
        let im = Image::new(4000, 1000, vec![0; 4000 * 1000 * 4]).expect("an image");
        assert_eq!(fit(&im, 2048), (2048, 512));
        assert_eq!(fit(&im, 8000), (4000, 1000));
    }
}
