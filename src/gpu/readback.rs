//! Copying a colour texture back to the CPU: one buffer per frame in flight.
//!
//! [`Readback`] is a staging buffer sized for one texture. A frame records
//! [`Readback::copy_from`] after its passes, is submitted, and asks for the mapping
//! ([`Readback::request`]); [`Readback::finish`] later waits for *that* submission only and
//! returns tightly packed RGBA8 rows. With several readbacks in flight (the exporter keeps three),
//! the GPU renders frame *n + 1* while the CPU encodes frame *n*.

use std::sync::mpsc;

use super::memory::{CountedBuffer, GpuCategory, GpuMemory};
use super::{Gpu, GpuError};

/// A staging buffer for one `width`×`height` texture of 4 bytes per pixel.
#[derive(Debug)]
pub struct Readback {
    buffer: CountedBuffer,
    width: u32,
    height: u32,
    padded_row: u32,
    bgra: bool,
    pending: Option<Pending>,
}

/// A copy in flight: its submission, and the mapping's result once it came.
#[derive(Debug)]
struct Pending {
    submission: wgpu::SubmissionIndex,
    rx: mpsc::Receiver<Result<(), wgpu::BufferAsyncError>>,
    mapped: Option<Result<(), String>>,
}

impl Readback {
    /// A buffer for textures like `texture` (its size and format).
    pub fn new(gpu: &Gpu, gpu_mem: &GpuMemory, texture: &wgpu::Texture) -> Self {
        let (width, height) = (texture.width(), texture.height());
        let padded_row = (width * 4).div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT)
            * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
        let buffer = gpu_mem.buffer(
            &gpu.device,
            &wgpu::BufferDescriptor {
                label: Some("readback"),
                size: u64::from(padded_row) * u64::from(height),
                usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
                mapped_at_creation: false,
            },
            GpuCategory::Staging,
        );
        Self {
            buffer,
            width,
            height,
            padded_row,
            bgra: matches!(
                texture.format(),
                wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Bgra8UnormSrgb
            ),
            pending: None,
        }
    }

    /// Record the copy of `texture` (the size given to [`Readback::new`]) into the buffer.
    pub fn copy_from(&self, enc: &mut wgpu::CommandEncoder, texture: &wgpu::Texture) {
        enc.copy_texture_to_buffer(
            wgpu::TexelCopyTextureInfo {
                texture,
                mip_level: 0,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            wgpu::TexelCopyBufferInfo {
                buffer: &self.buffer,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(self.padded_row),
                    rows_per_image: Some(self.height),
                },
            },
            wgpu::Extent3d {
                width: self.width,
                height: self.height,
                depth_or_array_layers: 1,
            },
        );
    }

    /// After the submission that holds the copy: ask for the mapping.
    pub fn request(&mut self, submission: wgpu::SubmissionIndex) {
        let (tx, rx) = mpsc::channel();
        self.buffer
            .slice(..)
            .map_async(wgpu::MapMode::Read, move |r| {
                let _ = tx.send(r);
            });
        self.pending = Some(Pending {
            submission,
            rx,
            mapped: None,
        });
    }

    /// Whether a copy is in flight.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the requested copy has arrived (checks the device without blocking); then
    /// [`Readback::finish`] returns at once.
    pub fn is_ready(&mut self, gpu: &Gpu) -> bool {
        let Some(p) = self.pending.as_mut() else {
            return false;
        };
        if p.mapped.is_none() {
            let _ = gpu.device.poll(wgpu::PollType::Poll);
            p.mapped = match p.rx.try_recv() {
                Ok(r) => Some(r.map_err(|e| e.to_string())),
                Err(mpsc::TryRecvError::Empty) => None,
                Err(mpsc::TryRecvError::Disconnected) => Some(Err("mapping abandoned".into())),
            };
        }
        p.mapped.is_some()
    }

    /// Wait for the requested copy and return its pixels as RGBA8 rows (as rendered:
    /// premultiplied for inkplay's targets).
    pub fn finish(&mut self, gpu: &Gpu) -> Result<Vec<u8>, GpuError> {
        puffin::profile_function!();
        let p = self
            .pending
            .take()
            .ok_or_else(|| GpuError::Readback("no copy was requested".into()))?;
        let mapped = match p.mapped {
            Some(m) => m,
            None => {
                gpu.device
                    .poll(wgpu::PollType::Wait {
                        submission_index: Some(p.submission),
                        timeout: None,
                    })
                    .map_err(|e| GpuError::Device(e.to_string()))?;
                p.rx.recv()
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.map_err(|e| e.to_string()))
            }
        };
        // A lost device's buffers are gone, mapped or not (wgpu panics reading one).
        if let Some(why) = gpu.lost() {
            return Err(GpuError::DeviceLost(why));
        }
        mapped.map_err(GpuError::Readback)?;
        let row = (self.width * 4) as usize;
        let mut out = Vec::with_capacity(row * self.height as usize);
        {
            let data = self.buffer.slice(..).get_mapped_range();
            for y in 0..self.height as usize {
                let start = y * self.padded_row as usize;
                out.extend_from_slice(&data[start..start + row]);
            }
        }
        self.buffer.unmap();
        if self.bgra {
            for px in out.chunks_exact_mut(4) {
                px.swap(0, 2);
            }
        }
        Ok(out)
    }
}
