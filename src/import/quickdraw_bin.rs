//! Quick, Draw!'s binary format (`.bin`): the simplified drawings the dataset publishes packed one
//! after another, little-endian, as its `binary_file_parser.py` reads them:
//!
//! ```text
//! key_id u64 · countrycode 2 bytes · recognized u8 · timestamp u32 · n_strokes u16
//! then per stroke: n_points u16 · x u8 × n_points · y u8 × n_points
//! ```
//!
//! Coordinates are in 0..=255 with no time, so the drawings are timed and styled like simplified
//! ndjson ([`quickdraw`](super::quickdraw)); a drawing is named by its key id. Every length is
//! checked against the bytes left: a truncated or corrupt file is an error naming the drawing,
//! the stroke and the byte offset.

use std::path::Path;

use super::quickdraw::simplified_drawing;
use super::{Format, ImportError, Parsed, Place};

/// One drawing's record: its key id and strokes of `(x, y)` byte pairs.
struct Record<'b> {
    key_id: u64,
    strokes: Vec<(&'b [u8], &'b [u8])>,
}

/// A cursor over the file that names the place of a short read.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize, what: &dyn Fn() -> String) -> Result<&'b [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(format!(
                "byte {}: {}: the file ends {} bytes short",
                self.at,
                what(),
                self.at + n - self.bytes.len()
            ));
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u16(&mut self, what: &dyn Fn() -> String) -> Result<usize, String> {
        let b = self.take(2, what)?;
        Ok(usize::from(u16::from_le_bytes([b[0], b[1]])))
    }

    /// The next record, or `None` at the end of the file.
    fn record(&mut self, index: usize) -> Result<Option<Record<'b>>, String> {
        if self.at == self.bytes.len() {
            return Ok(None);
        }
        let header = self.take(15, &|| format!("drawing {index}: its header"))?;
        let mut id = [0u8; 8];
        id.copy_from_slice(&header[..8]);
        let n_strokes = self.u16(&|| format!("drawing {index}: its stroke count"))?;
        let mut strokes = Vec::with_capacity(n_strokes.min(4096));
        for s in 0..n_strokes {
            let n = self.u16(&|| format!("drawing {index}, stroke {s}: its point count"))?;
            let xs = self.take(n, &|| format!("drawing {index}, stroke {s}: its x values"))?;
            let ys = self.take(n, &|| format!("drawing {index}, stroke {s}: its y values"))?;
            strokes.push((xs, ys));
        }
        Ok(Some(Record {
            key_id: u64::from_le_bytes(id),
            strokes,
        }))
    }
}

/// Parse drawing `index` of a Quick, Draw! binary file.
pub(crate) fn parse(path: &Path, bytes: &[u8], index: usize) -> Result<Parsed, ImportError> {
    // The message starts with the place (`byte N: drawing D, stroke S: …`).
    let malformed = |message: String| {
        let (place, message) = message
            .split_once(": ")
            .map_or((String::new(), message.clone()), |(p, m)| {
                (p.to_string(), m.to_string())
            });
        ImportError::Malformed {
            path: path.to_path_buf(),
            place: Place::Field(place),
            message,
        }
    };
    if bytes.is_empty() {
        return Err(ImportError::UnsupportedFormat {
            path: path.to_path_buf(),
            reason: "the file is empty".into(),
        });
    }
    let mut r = Reader { bytes, at: 0 };
    let mut wanted = None;
    let mut count = 0;
    // Every record is walked (and checked), so the count of drawings is known.
    while let Some(rec) = r.record(count).map_err(malformed)? {
        if count == index {
            wanted = Some(rec);
        }
        count += 1;
    }
    let Some(rec) = wanted else {
        return Err(ImportError::NoSuchDrawing {
            path: path.to_path_buf(),
            index,
            count,
        });
    };
    let strokes: Vec<Vec<(f32, f32)>> = rec
        .strokes
        .iter()
        .map(|(xs, ys)| {
            xs.iter()
                .zip(ys.iter())
                .map(|(&x, &y)| (f32::from(x), f32::from(y)))
                .collect()
        })
        .collect();
    Ok(Parsed {
        format: Format::QuickDrawBinary,
        drawing: simplified_drawing(&strokes, rec.key_id.to_string()),
        drawings_in_file: count,
        index,
        skipped: Default::default(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A record as the dataset packs it.
    fn record(key: u64, strokes: &[&[(u8, u8)]]) -> Vec<u8> {
        let mut b = key.to_le_bytes().to_vec();
        b.extend_from_slice(b"US");
        b.push(1);
        b.extend_from_slice(&1_490_000_000u32.to_le_bytes());
        b.extend_from_slice(&(strokes.len() as u16).to_le_bytes());
        for s in strokes {
            b.extend_from_slice(&(s.len() as u16).to_le_bytes());
            b.extend(s.iter().map(|p| p.0));
            b.extend(s.iter().map(|p| p.1));
        }
        b
    }

    #[test]
    fn packed_drawings_are_read_in_order() {
        let mut file = record(7, &[&[(0, 0), (100, 50), (255, 255)], &[(10, 200)]]);
        file.extend(record(8, &[&[(5, 5), (6, 9)]]));
        let p = Path::new("cat.bin");
        let a = parse(p, &file, 0).unwrap();
        assert_eq!((a.drawings_in_file, a.drawing.meta.name.as_str()), (2, "7"));
        assert_eq!(a.drawing.strokes.len(), 2);
        let q = a.drawing.strokes[0].points.at(1);
        assert_eq!((q.x, q.y), (100.0, 50.0));
        assert!(
            a.drawing.strokes[1].points.at(0).t_ms > q.t_ms,
            "timed like simplified"
        );
        assert_eq!(parse(p, &file, 1).unwrap().drawing.strokes.len(), 1);
        assert!(matches!(
            parse(p, &file, 2),
            Err(ImportError::NoSuchDrawing { count: 2, .. })
        ));
    }

    #[test]
    fn a_truncated_file_names_the_drawing_stroke_and_byte() {
        let mut file = record(7, &[&[(1, 1)]]);
        file.extend(record(8, &[&[(0, 0), (1, 1), (2, 2)]]));
        file.truncate(file.len() - 2);
        let e = parse(Path::new("x.bin"), &file, 0).unwrap_err().to_string();
        assert!(
            e.contains("byte ")
                && e.contains("drawing 1, stroke 0: its y values: the file ends 2 bytes short"),
            "{e}"
        );
    }
}
