//! Image fills on the GPU. Every distinct image the drawing's strokes show is packed into one
//! atlas texture (shelves, each image at most [`MAX_SIDE`] pixels on its longer side and the
//! whole atlas within the device's texture limit, scaled down to fit), premultiplied. An image
//! that arrives later is placed on the shelves and uploaded alone; the atlas grows by a GPU copy
//! when the shelves outgrow it, and is packed anew, smaller, only past the device's limit. Each
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

/// Shelf packing into rows `width` wide, images 1 px apart: each image goes at the end of the
/// current row, or starts a new one below it.
#[derive(Debug, Clone, Copy)]
struct Shelves {
    width: u32,
    x: u32,
    y: u32,
    row: u32,
}

impl Shelves {
    fn new(width: u32) -> Self {
        Self {
            width,
            x: 0,
            y: 0,
            row: 0,
        }
    }

    /// Where a `w`×`h` image goes.
    fn place(&mut self, (w, h): (u32, u32)) -> (u32, u32) {
        if self.x > 0 && self.x + w > self.width {
            self.y += self.row + 1;
            self.x = 0;
            self.row = 0;
        }
        let at = (self.x, self.y);
        self.x += w + 1;
        self.row = self.row.max(h);
        at
    }

    /// The height used so far.
    fn height(&self) -> u32 {
        self.y + self.row
    }
}

/// The atlas, the image table, and what they hold.
#[derive(Debug)]
pub(crate) struct GpuImages {
    pub(crate) atlas: CountedTexture,
    pub(crate) sampler: wgpu::Sampler,
    pub(crate) table: CountedBuffer,
    /// Every distinct image seen, in order (kept for packing anew).
    images: Vec<Arc<Image>>,
    /// Each image's place in the atlas (x, y, w, h in texels; `None` when it found none), by the
    /// address of its (kept) allocation.
    slots: HashMap<usize, Option<[u32; 4]>>,
    /// The shelves the slots were placed on.
    shelves: Shelves,
    /// The longest side an image gets in the atlas now.
    side: u32,
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
            shelves: Shelves::new(atlas_width(gpu)),
            side: MAX_SIDE.min(atlas_width(gpu)),
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
        for (_, f) in &fills {
            if !self.slots.contains_key(&key(&f.image)) {
                self.images.push(f.image.clone());
                self.place(gpu, mem, &f.image);
            }
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
        let Some(&Some([x, y, w, h])) = self.slots.get(&key(&f.image)) else {
            return ImageInfo::zeroed();
        };
        let (fw, fh) = (
            self.atlas.texture.width() as f32,
            self.atlas.texture.height() as f32,
        );
        let [rx, ry, rw, rh] = [x as f32 / fw, y as f32 / fh, w as f32 / fw, h as f32 / fh];
        let half = [0.5 / fw, 0.5 / fh];
        let [a, b, c, d, e, g] = f.to_uv;
        let [u0, v0, u1, v1] = f.crop;
        let (lo_u, hi_u) = (u0.min(u1), u0.max(u1));
        let (lo_v, hi_v) = (v0.min(v1), v0.max(v1));
        ImageInfo {
            row0: [a * rw, b * rw, c * rw + rx, f.opacity.clamp(0.0, 1.0)],
            row1: [d * rh, e * rh, g * rh + ry, 0.0],
            clamp: [
                rx + lo_u.clamp(0.0, 1.0) * rw + half[0],
                ry + lo_v.clamp(0.0, 1.0) * rh + half[1],
                rx + hi_u.clamp(0.0, 1.0) * rw - half[0],
                ry + hi_v.clamp(0.0, 1.0) * rh - half[1],
            ],
        }
    }

    /// Place a new image on the shelves and upload it, growing the atlas when it must, or pack
    /// every image anew at a smaller size when the shelves would pass the device's limit.
    fn place(&mut self, gpu: &Gpu, mem: &GpuMemory, image: &Arc<Image>) {
        puffin::profile_scope!("image atlas");
        let max_dim = gpu.device.limits().max_texture_dimension_2d;
        let size = fit(image, self.side);
        let mut shelves = self.shelves;
        let (x, y) = shelves.place(size);
        if shelves.height() > max_dim && self.side > 8 {
            self.pack(gpu, mem);
            return;
        }
        self.shelves = shelves;
        self.grow(gpu, mem, shelves.height().min(max_dim));
        self.upload(gpu, image, [x, y, size.0, size.1]);
    }

    /// Make the atlas at least `height` texels tall: a new one (twice as tall, within the device's
    /// limit) holding the old one's texels, copied on the GPU.
    fn grow(&mut self, gpu: &Gpu, mem: &GpuMemory, height: u32) {
        let old = &self.atlas;
        let width = self.shelves.width;
        if old.texture.width() == width && old.texture.height() >= height {
            return;
        }
        let max_dim = gpu.device.limits().max_texture_dimension_2d;
        let tall = height.max(2 * old.texture.height()).min(max_dim).max(1);
        let atlas = atlas_texture(gpu, mem, width, tall);
        if old.texture.width() == width {
            let mut enc = gpu
                .device
                .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                    label: Some("image atlas grows"),
                });
            enc.copy_texture_to_texture(
                old.texture.as_image_copy(),
                atlas.texture.as_image_copy(),
                old.texture.size(),
            );
            gpu.queue.submit([enc.finish()]);
        }
        self.atlas = atlas;
    }

    /// Upload `image` resized to its slot, and keep the slot. A slot past the atlas's edge (images
    /// by the million, even at the smallest side) is not kept: those strokes show nothing.
    fn upload(&mut self, gpu: &Gpu, image: &Arc<Image>, [x, y, w, h]: [u32; 4]) {
        let atlas = &self.atlas.texture;
        if x + w > atlas.width() || y + h > atlas.height() {
            log::warn!("an image does not fit in the image atlas and is not drawn");
            self.slots.insert(key(image), None);
            return;
        }
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
        self.slots.insert(key(image), Some([x, y, w, h]));
    }

    /// Pack every image into a new atlas, each at the largest side that fits them all within
    /// the device's limit, and upload them.
    fn pack(&mut self, gpu: &Gpu, mem: &GpuMemory) {
        let max_dim = gpu.device.limits().max_texture_dimension_2d;
        let width = self.shelves.width;
        let (sizes, places, height) = loop {
            let sizes: Vec<(u32, u32)> = self.images.iter().map(|i| fit(i, self.side)).collect();
            let mut shelves = Shelves::new(width);
            let places: Vec<(u32, u32)> = sizes.iter().map(|&s| shelves.place(s)).collect();
            if shelves.height() <= max_dim || self.side <= 8 {
                self.shelves = shelves;
                break (sizes, places, shelves.height().min(max_dim));
            }
            self.side /= 2;
        };
        self.atlas = atlas_texture(gpu, mem, width, height.max(1));
        self.slots.clear();
        for (image, (&(w, h), &(x, y))) in self.images.clone().iter().zip(sizes.iter().zip(&places))
        {
            self.upload(gpu, image, [x, y, w, h]);
        }
    }
}

/// The atlas's width on this device.
fn atlas_width(gpu: &Gpu) -> u32 {
    ATLAS_WIDTH.min(gpu.device.limits().max_texture_dimension_2d)
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
    mem.texture_2d(
        &gpu.device,
        "image atlas",
        (width, height),
        // sRGB-encoded bytes, filtered and blended as encoded, as the strokes' colours are.
        wgpu::TextureFormat::Rgba8Unorm,
        wgpu::TextureUsages::TEXTURE_BINDING
            | wgpu::TextureUsages::COPY_DST
            | wgpu::TextureUsages::COPY_SRC,
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::gpu::{read_texture_rgba8, GpuContext};
    use crate::model::{Point, Shape};

    fn image_stroke(w: u32, h: u32, rgb: [u8; 3]) -> Stroke {
        let px = [rgb[0], rgb[1], rgb[2], 255].repeat((w * h) as usize);
        let fill = ImageFill {
            image: Arc::new(Image::new(w, h, px).unwrap()),
            to_uv: [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            crop: [0.0, 0.0, 1.0, 1.0],
            opacity: 1.0,
        };
        let mut s = Stroke::new(vec![Point::new(0.0, 0.0, 0.0)]);
        s.shape = Some(Box::new(Shape {
            image: Some(Box::new(fill)),
            ..Shape::default()
        }));
        s
    }

    #[test]
    fn images_arriving_one_by_one_are_placed_and_the_atlas_grows_keeping_them() {
        let ctx = GpuContext::new_headless().unwrap();
        let gpu = &ctx.gpu;
        let mem = GpuMemory::new();
        let mut images = GpuImages::new(gpu, &mem);
        let stroke_table = gpu.device.create_buffer(&wgpu::BufferDescriptor {
            label: None,
            size: 16 * 8,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        // Each too wide to share a row: 100, 201 and 302 texels of shelves.
        let colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255]];
        let strokes: Vec<Stroke> = colours
            .iter()
            .map(|&c| image_stroke(2048, 100, c))
            .collect();
        let mut heights = Vec::new();
        for (i, s) in strokes.iter().enumerate() {
            assert!(images.add(gpu, &mem, i, std::slice::from_ref(s), &stroke_table));
            heights.push(images.atlas.texture.height());
        }
        assert_eq!(heights, [100, 201, 402], "twice as tall when it grows");
        // The same image again takes no new place.
        assert!(images.add(gpu, &mem, 3, &strokes[..1], &stroke_table));
        assert_eq!((images.slots.len(), images.strokes.len()), (3, 4));
        let px = read_texture_rgba8(gpu, &mem, &images.atlas.texture).unwrap();
        let width = images.atlas.texture.width() as usize;
        for (k, c) in colours.iter().enumerate() {
            let y = 50 + 101 * k;
            let at = 4 * (y * width + 1024);
            assert_eq!(&px[at..at + 3], c, "image {k} kept its texels");
        }
    }

    #[test]
    fn shelves_keep_images_apart_within_the_width() {
        let mut s = Shelves::new(210);
        let at: Vec<_> = [(100, 50), (100, 80), (50, 10)]
            .into_iter()
            .map(|size| s.place(size))
            .collect();
        assert_eq!(at, [(0, 0), (101, 0), (0, 81)]);
        assert_eq!(s.height(), 91);
    }

    #[test]
    fn large_images_are_fitted_to_the_longest_side() {
        let im = Image::new(4000, 1000, vec![0; 4000 * 1000 * 4]).expect("an image");
        assert_eq!(fit(&im, 2048), (2048, 512));
        assert_eq!(fit(&im, 8000), (4000, 1000));
    }
}
