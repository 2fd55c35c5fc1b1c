//! Animated GIF: a 256-entry palette (global by default, or one per frame), only the changed
//! rectangle of each frame, unchanged pixels inside it transparent, frames quantized and
//! LZW-compressed in parallel and written in order.
//!
//! Index 255 is transparent. A pixel with alpha below 128 is transparent (GIF has one bit of
//! alpha). A frame that would turn ink back into background (a transparent background after
//! `--result-first`) cannot draw transparency over what is shown, so the frame before it is
//! written whole and disposed to the background.

use std::fs::File;
use std::io::BufWriter;

use rayon::prelude::*;

use super::diff::{self, Rect};
use super::Sink;

/// The transparent palette index.
const CLEAR: u8 = 255;
/// Frames quantized and compressed together (in parallel) before they are written.
const BATCH: usize = 8;

/// Which palette the frames use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GifPalette {
    /// One palette for the whole file, from the finished drawing: no colour flicker, fastest.
    #[default]
    Global,
    /// A palette per frame, from its changed pixels.
    Frame,
}

impl std::str::FromStr for GifPalette {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "global" => Ok(GifPalette::Global),
            "frame" => Ok(GifPalette::Frame),
            _ => Err(format!("invalid palette {s:?}: expected global or frame")),
        }
    }
}

/// GIF choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GifOptions {
    /// The palette.
    pub palette: GifPalette,
    /// Floyd–Steinberg dithering where a colour is not in the palette.
    pub dither: bool,
}

/// Maps colours to palette indices.
enum Quantizer {
    /// At most 255 colours, each exactly.
    Exact(Vec<[u8; 3]>),
    /// More: NeuQuant's 255.
    Neu(Box<color_quant::NeuQuant>),
}

impl std::fmt::Debug for Quantizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Quantizer::Exact(c) => write!(f, "Exact({} colours)", c.len()),
            Quantizer::Neu(_) => f.write_str("NeuQuant"),
        }
    }
}

impl Quantizer {
    /// A palette for the opaque pixels of an RGBA8 image.
    fn new(rgba: &[u8]) -> Self {
        let mut colours: Vec<[u8; 3]> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for p in rgba.chunks_exact(4).filter(|p| p[3] >= 128) {
            if seen.insert([p[0], p[1], p[2]]) {
                colours.push([p[0], p[1], p[2]]);
                if colours.len() > 255 {
                    let opaque: Vec<u8> = rgba
                        .chunks_exact(4)
                        .filter(|p| p[3] >= 128)
                        .flat_map(|p| [p[0], p[1], p[2], 255])
                        .collect();
                    return Quantizer::Neu(Box::new(color_quant::NeuQuant::new(10, 255, &opaque)));
                }
            }
        }
        colours.sort_unstable();
        Quantizer::Exact(colours)
    }

    /// 256 RGB entries (the last is the transparent index).
    fn palette(&self) -> Vec<u8> {
        let mut p = match self {
            Quantizer::Exact(c) => c.iter().flatten().copied().collect(),
            Quantizer::Neu(nq) => nq.color_map_rgb(),
        };
        p.resize(256 * 3, 0);
        p
    }

    fn nearest(&self, c: [u8; 3]) -> u8 {
        match self {
            Quantizer::Exact(colours) => {
                if let Ok(i) = colours.binary_search(&c) {
                    return i as u8;
                }
                let d = |p: &[u8; 3]| {
                    (0..3)
                        .map(|k| (i32::from(p[k]) - i32::from(c[k])).pow(2))
                        .sum::<i32>()
                };
                (0..colours.len())
                    .min_by_key(|&i| d(&colours[i]))
                    .unwrap_or(0) as u8
            }
            Quantizer::Neu(nq) => nq.index_of(&[c[0], c[1], c[2], 255]) as u8,
        }
    }

    /// Indices of a rectangle: `CLEAR` where the pixel is transparent or equal to what is shown
    /// (`shown`), the palette entry otherwise.
    fn indices(&self, image: &[u8], shown: &[u8], w: usize, dither: bool) -> Vec<u8> {
        let mut cache = vec![(u32::MAX, 0u8); 4096];
        let mut lookup = |c: [u8; 3]| {
            let key = u32::from_le_bytes([c[0], c[1], c[2], 0]);
            let slot = (key.wrapping_mul(0x9E37_79B1) >> 20) as usize;
            if cache[slot].0 != key {
                cache[slot] = (key, self.nearest(c));
            }
            cache[slot].1
        };
        let mut err = if dither && matches!(self, Quantizer::Neu(_)) {
            Some(vec![[0f32; 3]; image.len() / 4 + w + 1])
        } else {
            None
        };
        let palette = self.palette();
        let mut out = Vec::with_capacity(image.len() / 4);
        for (i, (p, s)) in image.chunks_exact(4).zip(shown.chunks_exact(4)).enumerate() {
            if p[3] < 128 || (p == s && s[3] >= 128) {
                out.push(CLEAR);
                continue;
            }
            let Some(e) = err.as_mut() else {
                out.push(lookup([p[0], p[1], p[2]]));
                continue;
            };
            let want: [f32; 3] = std::array::from_fn(|k| f32::from(p[k]) + e[i][k]);
            let c = want.map(|v| v.round().clamp(0.0, 255.0) as u8);
            let idx = lookup(c);
            out.push(idx);
            let x = i % w;
            for k in 0..3 {
                let q = want[k] - f32::from(palette[usize::from(idx) * 3 + k]);
                if x + 1 < w {
                    e[i + 1][k] += q * 7.0 / 16.0;
                }
                if x > 0 {
                    e[i + w - 1][k] += q * 3.0 / 16.0;
                }
                e[i + w][k] += q * 5.0 / 16.0;
                if x + 1 < w {
                    e[i + w + 1][k] += q / 16.0;
                }
            }
        }
        out
    }
}

/// A frame decided but not yet compressed.
#[derive(Debug)]
struct Job {
    rect: Rect,
    image: Vec<u8>,
    shown: Vec<u8>,
    delay: u16,
    dispose: gif::DisposalMethod,
}

/// The GIF writer.
pub(crate) struct GifSink {
    enc: gif::Encoder<BufWriter<File>>,
    width: u32,
    height: u32,
    opts: GifOptions,
    global: Option<Quantizer>,
    delays: Vec<u16>,
    /// What a viewer shows before the pending frame.
    shown: Vec<u8>,
    pending: Option<Vec<u8>>,
    written: usize,
    batch: Vec<Job>,
}

impl std::fmt::Debug for GifSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GifSink")
            .field("size", &(self.width, self.height))
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl GifSink {
    /// A GIF of `width`×`height` into `file`. `delays` are every frame's (hundredths of a
    /// second); `palette_from` is an image whose colours make the global palette (the finished
    /// drawing); `plays` is how many times it plays (`None`: forever).
    pub fn new(
        file: File,
        (width, height): (u32, u32),
        opts: GifOptions,
        delays: Vec<u16>,
        palette_from: &[u8],
        plays: Option<u32>,
    ) -> Result<Self, String> {
        let (w16, h16) = match (u16::try_from(width), u16::try_from(height)) {
            (Ok(w), Ok(h)) => (w, h),
            _ => {
                return Err(format!(
                    "{width}x{height} is larger than GIF allows (65535)"
                ))
            }
        };
        let global = (opts.palette == GifPalette::Global).then(|| Quantizer::new(palette_from));
        let palette = global.as_ref().map(Quantizer::palette).unwrap_or_default();
        let mut enc = gif::Encoder::new(BufWriter::new(file), w16, h16, &palette)
            .map_err(|e| e.to_string())?;
        match plays {
            None => enc.set_repeat(gif::Repeat::Infinite),
            Some(n) if n > 1 => enc.set_repeat(gif::Repeat::Finite(
                u16::try_from(n - 1).unwrap_or(u16::MAX),
            )),
            Some(_) => Ok(()),
        }
        .map_err(|e| e.to_string())?;
        Ok(Self {
            enc,
            width,
            height,
            opts,
            global,
            delays,
            shown: vec![0; (width * height * 4) as usize],
            pending: None,
            written: 0,
            batch: Vec::with_capacity(BATCH),
        })
    }

    /// Decide how the pending frame is written, knowing the next (`None` at the end).
    fn emit(&mut self, image: Vec<u8>, next: Option<&[u8]>) -> Result<(), String> {
        let first = self.written + self.batch.len() == 0;
        // Ink that the next frame turns back into background: dispose this one to the background.
        let clears = next.is_some_and(|n| {
            image
                .chunks_exact(4)
                .zip(n.chunks_exact(4))
                .any(|(a, b)| a[3] >= 128 && b[3] < 128)
        });
        let rect = if first || clears {
            Rect::full(self.width, self.height)
        } else {
            diff::changed(&self.shown, &image, self.width).unwrap_or(Rect {
                x: 0,
                y: 0,
                w: 1,
                h: 1,
            })
        };
        let index = self.written + self.batch.len();
        self.batch.push(Job {
            rect,
            image: rect.crop(&image, self.width),
            shown: rect.crop(&self.shown, self.width),
            delay: self.delays.get(index).copied().unwrap_or(0),
            dispose: if clears {
                gif::DisposalMethod::Background
            } else {
                gif::DisposalMethod::Keep
            },
        });
        if clears {
            self.shown.fill(0);
        } else {
            self.shown = image;
        }
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Quantize and compress the batch in parallel, then write it in order.
    fn flush(&mut self) -> Result<(), String> {
        let (global, opts) = (self.global.as_ref(), self.opts);
        let frames: Vec<gif::Frame<'static>> = self
            .batch
            .par_iter()
            .map(|job| {
                let own;
                let q = match global {
                    Some(q) => q,
                    None => {
                        own = Quantizer::new(&job.image);
                        &own
                    }
                };
                let idx = q.indices(&job.image, &job.shown, job.rect.w as usize, opts.dither);
                let mut f = gif::Frame {
                    delay: job.delay,
                    dispose: job.dispose,
                    transparent: Some(CLEAR),
                    left: job.rect.x as u16,
                    top: job.rect.y as u16,
                    width: job.rect.w as u16,
                    height: job.rect.h as u16,
                    palette: global.is_none().then(|| q.palette()),
                    buffer: idx.into(),
                    ..gif::Frame::default()
                };
                f.make_lzw_pre_encoded();
                f
            })
            .collect();
        for f in &frames {
            self.enc
                .write_lzw_pre_encoded_frame(f)
                .map_err(|e| e.to_string())?;
        }
        self.written += self.batch.len();
        self.batch.clear();
        Ok(())
    }
}

impl Sink for GifSink {
    fn push(&mut self, frame: Vec<u8>) -> Result<(), String> {
        if let Some(prev) = self.pending.take() {
            self.emit(prev, Some(&frame))?;
        }
        self.pending = Some(frame);
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        if let Some(last) = self.pending.take() {
            self.emit(last, None)?;
        }
        self.flush()?;
        let mut w = self.enc.into_inner().map_err(|e| e.to_string())?;
        std::io::Write::flush(&mut w).map_err(|e| e.to_string())
    }
}
