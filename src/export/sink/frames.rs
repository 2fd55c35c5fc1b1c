//! A directory of numbered PNG files (`000000.png`, …), encoded in parallel.

use std::path::PathBuf;

use rayon::prelude::*;

use super::Sink;

/// Frames encoded together (in parallel) before they are written.
const BATCH: usize = 8;

/// The frame-directory writer.
#[derive(Debug)]
pub(crate) struct FramesSink {
    dir: PathBuf,
    width: u32,
    height: u32,
    opaque: bool,
    next: usize,
    batch: Vec<Vec<u8>>,
}

/// Whether `name` is a frame file an export writes (`NNNNNN.png`).
pub(crate) fn is_frame_name(name: &str) -> bool {
    name.strip_suffix(".png")
        .is_some_and(|n| n.len() >= 6 && n.bytes().all(|b| b.is_ascii_digit()))
}

impl FramesSink {
    /// Frames of `width`×`height` into `dir` (which exists); `opaque` drops the alpha channel.
    pub fn new(dir: PathBuf, (width, height): (u32, u32), opaque: bool) -> Self {
        Self {
            dir,
            width,
            height,
            opaque,
            next: 0,
            batch: Vec::with_capacity(BATCH),
        }
    }

    fn flush(&mut self) -> Result<(), String> {
        let (w, h, opaque) = (self.width, self.height, self.opaque);
        let encoded: Vec<Result<Vec<u8>, String>> = self
            .batch
            .par_iter()
            .map(|rgba| {
                let mut out = Vec::new();
                let enc = crate::output::png_encoder(&mut out, w, h, !opaque);
                let mut writer = enc.write_header().map_err(|e| e.to_string())?;
                if opaque {
                    writer.write_image_data(&crate::output::rgba_to_rgb(rgba))
                } else {
                    writer.write_image_data(rgba)
                }
                .map_err(|e| e.to_string())?;
                writer.finish().map_err(|e| e.to_string())?;
                Ok(out)
            })
            .collect();
        for png in encoded {
            let path = self.dir.join(format!("{:06}.png", self.next));
            std::fs::write(&path, png?).map_err(|e| format!("{}: {e}", path.display()))?;
            self.next += 1;
        }
        self.batch.clear();
        Ok(())
    }
}

impl Sink for FramesSink {
    fn push(&mut self, frame: Vec<u8>) -> Result<(), String> {
        self.batch.push(frame);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.flush()
    }
}
