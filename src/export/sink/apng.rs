//! Animated PNG: the first frame whole, then only each frame's changed rectangle, which
//! replaces those pixels (`BlendOp::Source`, so transparency is kept exactly).

use std::fs::File;
use std::io::BufWriter;

use super::diff::{self, Rect};
use super::Sink;

/// The APNG writer.
pub(crate) struct ApngSink {
    writer: Option<png::Writer<BufWriter<File>>>,
    width: u32,
    opaque: bool,
    prev: Option<Vec<u8>>,
}

impl std::fmt::Debug for ApngSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApngSink")
            .field("width", &self.width)
            .finish_non_exhaustive()
    }
}

impl ApngSink {
    /// An APNG of `frames` frames of `width`×`height`, each shown `delay` (numerator,
    /// denominator) seconds, played `plays` times (`None`: forever). `opaque` drops the alpha
    /// channel (an opaque background).
    pub fn new(
        file: File,
        (width, height): (u32, u32),
        frames: usize,
        delay: (u16, u16),
        plays: Option<u32>,
        opaque: bool,
    ) -> Result<Self, String> {
        let e = |e: png::EncodingError| e.to_string();
        let mut enc = crate::output::png_encoder(BufWriter::new(file), width, height, !opaque);
        enc.set_compression(png::Compression::Fast);
        let frames = u32::try_from(frames).map_err(|_| "too many frames for APNG".to_string())?;
        enc.set_animated(frames.max(1), plays.unwrap_or(0))
            .map_err(e)?;
        enc.set_frame_delay(delay.0, delay.1).map_err(e)?;
        enc.set_blend_op(png::BlendOp::Source).map_err(e)?;
        enc.set_dispose_op(png::DisposeOp::None).map_err(e)?;
        let writer = enc.write_header().map_err(e)?;
        Ok(Self {
            writer: Some(writer),
            width,
            opaque,
            prev: None,
        })
    }
}

impl Sink for ApngSink {
    fn push(&mut self, frame: Vec<u8>) -> Result<(), String> {
        let e = |e: png::EncodingError| e.to_string();
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| "APNG already finished".to_string())?;
        let height = (frame.len() / 4) as u32 / self.width;
        let rect = match &self.prev {
            None => Rect::full(self.width, height),
            Some(prev) => diff::changed(prev, &frame, self.width).unwrap_or(Rect {
                x: 0,
                y: 0,
                w: 1,
                h: 1,
            }),
        };
        if self.prev.is_some() {
            writer.reset_frame_position().map_err(e)?;
            writer.set_frame_dimension(rect.w, rect.h).map_err(e)?;
            writer.set_frame_position(rect.x, rect.y).map_err(e)?;
        }
        let mut data = rect.crop(&frame, self.width);
        if self.opaque {
            data = crate::output::rgba_to_rgb(&data);
        }
        writer.write_image_data(&data).map_err(e)?;
        self.prev = Some(frame);
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        if let Some(w) = self.writer.take() {
            w.finish().map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
