//! sketch-rnn's stroke-3 datasets (`.npz`): a NumPy zip archive of arrays, usually `train`,
//! `valid` and `test`, each an object array of drawings, each drawing an `(n, 3)` integer array
//! of rows `(dx, dy, pen_lifted)`: the pen moves by `(dx, dy)` to the next point, and
//! `pen_lifted = 1` ends the stroke at that point. The Quick, Draw! sketch-rnn files were written
//! by Python 2 (their arrays are pickled with byte strings); NumPy on Python 3 writes the same
//! arrays with protocol 3 or 4; both are read (`npy.rs`, `pickle.rs`), and a plain numeric
//! `(n, 3)` array is one drawing.
//!
//! Drawings are numbered across the archive's arrays in the order `train`, `valid`, `test`, then
//! any others in archive order (`FILE#N`); counting them reads only the arrays' headers, and only
//! the array holding the drawing asked for is unpickled. The points have no time, so drawings
//! are timed and styled like simplified Quick, Draw! ones.

use std::io::Read;
use std::path::Path;

use super::npy::{self, Array};
use super::quickdraw::simplified_drawing;
use super::{Format, ImportError, Parsed, Place};

/// The most bytes one array may unpack to (a zip bomb is refused, not unpacked).
const MAX_UNPACKED: u64 = 1 << 30;

/// The arrays of an archive that hold drawings: their names and how many each holds, in the
/// order drawings are numbered.
fn arrays(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
) -> Result<Vec<(usize, String, usize)>, String> {
    let mut found = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| format!("entry {i}: {e}"))?;
        let name = f.name().to_string();
        let Some(stem) = name.strip_suffix(".npy") else {
            continue;
        };
        // Only the header is unpacked (at most 64 KiB of it): an archive may hold many entries.
        let mut head = Vec::new();
        let mut read = |head: &mut Vec<u8>, upto: usize| {
            let more = upto.saturating_sub(head.len()) as u64;
            (&mut f)
                .take(more)
                .read_to_end(head)
                .map_err(|e| format!("{name}: {e}"))
        };
        read(&mut head, 12)?;
        let size = npy::header_size(&head).unwrap_or(0).min(64 << 10);
        read(&mut head, size)?;
        let h = npy::header(&head).map_err(|e| format!("{name}: {e}"))?;
        let count = match (h.descr.as_str(), h.shape.as_slice()) {
            ("|O", [n]) => *n,
            (_, [_, 3]) => 1,
            _ => continue, // not drawings (labels, lengths, …)
        };
        found.push((i, stem.to_string(), count));
    }
    let rank = |s: &str| match s {
        "train" => 0,
        "valid" => 1,
        "test" => 2,
        _ => 3,
    };
    found.sort_by_key(|(i, s, _)| (rank(s), *i));
    Ok(found)
}

/// Unpack entry `i` (at most [`MAX_UNPACKED`] bytes).
fn unpack(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, i: usize) -> Result<Vec<u8>, String> {
    let mut f = zip.by_index(i).map_err(|e| format!("entry {i}: {e}"))?;
    let name = f.name().to_string();
    let mut out = Vec::new();
    (&mut f)
        .take(MAX_UNPACKED + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name}: {e}"))?;
    if out.len() as u64 > MAX_UNPACKED {
        return Err(format!("{name}: unpacks to more than {MAX_UNPACKED} bytes"));
    }
    Ok(out)
}

/// Strokes of a stroke-3 drawing: absolute points from the offsets, a stroke ending at each
/// lifted pen.
fn strokes(a: &Array) -> Result<Vec<Vec<(f32, f32)>>, String> {
    if a.shape.len() != 2 || a.shape[1] != 3 {
        return Err(format!("a drawing of shape {:?}, not (n, 3)", a.shape));
    }
    let (mut x, mut y) = (0.0f64, 0.0f64);
    let mut out = Vec::new();
    let mut current = Vec::new();
    for (r, row) in a.data.chunks_exact(3).enumerate() {
        x += row[0];
        y += row[1];
        if !(x.is_finite() && y.is_finite() && x.abs() < 1e9 && y.abs() < 1e9) {
            return Err(format!("row {r}: the pen moves out of range"));
        }
        current.push((x as f32, y as f32));
        if row[2] != 0.0 {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// Parse drawing `index` of a sketch-rnn `.npz` archive.
pub(crate) fn parse(path: &Path, bytes: &[u8], index: usize) -> Result<Parsed, ImportError> {
    let malformed = |place: String, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(place),
        message,
    };
    let archive = |e: String| malformed("archive".into(), e);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| archive(format!("not a readable zip archive ({e})")))?;
    let arrays = arrays(&mut zip).map_err(archive)?;
    if arrays.is_empty() {
        return Err(ImportError::UnsupportedFormat {
            path: path.to_path_buf(),
            reason: "a NumPy .npz archive without stroke-3 drawings (object arrays of (n, 3) \
                     arrays, as sketch-rnn's train/valid/test)"
                .into(),
        });
    }
    // Counts come from the headers alone: a hostile one overflows the sum.
    let count = arrays
        .iter()
        .try_fold(0usize, |sum, a| sum.checked_add(a.2))
        .ok_or_else(|| {
            archive("the arrays' shapes hold more drawings than can be counted".into())
        })?;
    let mut skip = index;
    let Some((entry, name, local)) = arrays.iter().find_map(|(i, name, n)| {
        if skip < *n {
            Some((*i, name.clone(), skip))
        } else {
            skip -= n;
            None
        }
    }) else {
        return Err(ImportError::NoSuchDrawing {
            path: path.to_path_buf(),
            index,
            count,
        });
    };
    let data = unpack(&mut zip, entry).map_err(archive)?;
    let place = format!("{name}.npy[{local}]");
    let h = npy::header(&data).map_err(|e| malformed(format!("{name}.npy"), e))?;
    let drawing = if h.descr == "|O" {
        npy::object(&h, &data, local)
            .map_err(|e| malformed(format!("{name}.npy"), e))?
            .0
    } else {
        npy::numeric(&h, &data).map_err(|e| malformed(place.clone(), e))?
    };
    let strokes = strokes(&drawing).map_err(|e| malformed(place.clone(), e))?;
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    Ok(Parsed {
        format: Format::SketchRnn,
        drawing: simplified_drawing(&strokes, format!("{stem} {name} {local}")),
        drawings_in_file: count,
        index,
        skipped: Default::default(),
    })
}
