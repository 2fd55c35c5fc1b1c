//! Writing outputs atomically (a temporary file or directory beside the destination, then a
//! rename) and PNG encoding.

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// An output could not be written. The previous content of the destination, if any, is untouched.
#[derive(Debug, Error)]
#[error("cannot write {path}: {message}")]
pub struct OutputError {
    /// The destination.
    pub path: PathBuf,
    /// Why.
    pub message: String,
}

/// Write `bytes` to `path` atomically: the file either keeps its old content or gets all of the new.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let err = |e: &dyn std::fmt::Display| OutputError {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    if path.is_dir() {
        return Err(err(&"is a directory"));
    }
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".inkplay-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| err(&e))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut w).map_err(|e| err(&e))?;
        w.flush().map_err(|e| err(&e))?;
    }
    tmp.as_file().sync_all().map_err(|e| err(&e))?;
    // Temporary files are created private (0600); give the output the permissions of the file it
    // replaces, or the usual 0644 for a new one.
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(tmp.as_file()).map_err(|e| err(&e))?,
    };
    tmp.as_file().set_permissions(perms).map_err(|e| err(&e))?;
    tmp.persist(path).map_err(|e| err(&e.error))?;
    Ok(())
}

/// An output being built under a temporary name beside its destination (a file, or a directory
/// of files), moved into place by [`Staged::commit`]. Dropped without a commit (an error, an
/// interruption), it is removed and the destination keeps what it had.
#[derive(Debug)]
pub enum Staged {
    /// A temporary file.
    File(tempfile::NamedTempFile),
    /// A temporary directory.
    Dir(tempfile::TempDir),
}

impl Staged {
    /// A temporary file beside `dest` (ending in `suffix`, e.g. `.mp4`, for tools that go by the
    /// extension).
    pub fn file(dest: &Path, suffix: &str) -> Result<Self, OutputError> {
        let tmp = tempfile::Builder::new()
            .prefix(".inkplay-")
            .suffix(&format!(".tmp{suffix}"))
            .tempfile_in(parent_dir(dest))
            .map_err(|e| OutputError::new(dest, &e))?;
        Ok(Staged::File(tmp))
    }

    /// A temporary directory beside `dest`. `dest` may exist only as a directory this kind of
    /// output made (holding nothing but files `keep` accepts), which the commit replaces.
    pub fn dir(dest: &Path, keep: impl Fn(&str) -> bool) -> Result<Self, OutputError> {
        if dest.exists() {
            let entries = std::fs::read_dir(dest).map_err(|e| OutputError::new(dest, &e))?;
            for entry in entries {
                let entry = entry.map_err(|e| OutputError::new(dest, &e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if !keep(&name) {
                    return Err(OutputError::new(
                        dest,
                        &format!("the directory holds {name:?}, which an export did not write; choose an empty or new directory"),
                    ));
                }
            }
        }
        let tmp = tempfile::Builder::new()
            .prefix(".inkplay-")
            .suffix(".tmp")
            .tempdir_in(parent_dir(dest))
            .map_err(|e| OutputError::new(dest, &e))?;
        Ok(Staged::Dir(tmp))
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        match self {
            Staged::File(f) => f.path(),
            Staged::Dir(d) => d.path(),
        }
    }

    /// Flush to disk and move into place as `dest`; returns the bytes written.
    pub fn commit(self, dest: &Path) -> Result<u64, OutputError> {
        let err = |e: &dyn std::fmt::Display| OutputError::new(dest, e);
        match self {
            Staged::File(tmp) => {
                tmp.as_file().sync_all().map_err(|e| err(&e))?;
                let perms = match std::fs::metadata(dest) {
                    Ok(m) => m.permissions(),
                    Err(_) => default_permissions(tmp.as_file()).map_err(|e| err(&e))?,
                };
                tmp.as_file().set_permissions(perms).map_err(|e| err(&e))?;
                let bytes = tmp.as_file().metadata().map_err(|e| err(&e))?.len();
                tmp.persist(dest).map_err(|e| err(&e.error))?;
                Ok(bytes)
            }
            Staged::Dir(tmp) => {
                let mut bytes = 0;
                for entry in std::fs::read_dir(tmp.path()).map_err(|e| err(&e))? {
                    let entry = entry.map_err(|e| err(&e))?;
                    let file = std::fs::File::open(entry.path()).map_err(|e| err(&e))?;
                    file.sync_all().map_err(|e| err(&e))?;
                    bytes += file.metadata().map_err(|e| err(&e))?.len();
                }
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
                        .map_err(|e| err(&e))?;
                }
                // An old directory of frames is moved aside first, then removed once the new one
                // is in place.
                let old = if dest.exists() {
                    let aside = tempfile::Builder::new()
                        .prefix(".inkplay-old-")
                        .tempdir_in(parent_dir(dest))
                        .map_err(|e| err(&e))?;
                    let target = aside.path().join("frames");
                    std::fs::rename(dest, &target).map_err(|e| err(&e))?;
                    Some(aside)
                } else {
                    None
                };
                let path = tmp.keep();
                if let Err(e) = std::fs::rename(&path, dest) {
                    if let Some(aside) = &old {
                        let _ = std::fs::rename(aside.path().join("frames"), dest);
                    }
                    let _ = std::fs::remove_dir_all(&path);
                    return Err(err(&e));
                }
                drop(old);
                Ok(bytes)
            }
        }
    }
}

/// The directory an output goes in (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl OutputError {
    /// An error writing `path`.
    pub fn new(path: &Path, message: &dyn std::fmt::Display) -> Self {
        Self {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }
}

#[cfg(unix)]
fn default_permissions(_file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    file.metadata().map(|m| m.permissions())
}

/// Convert premultiplied RGBA8 to straight alpha in place (for PNG, which stores straight alpha).
pub fn unpremultiply(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(4) {
        let a = u32::from(px[3]);
        if a == 0 {
            px[..3].fill(0);
        } else if a < 255 {
            for c in &mut px[..3] {
                *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}

/// A PNG encoder for 8-bit sRGB images: RGBA, or RGB when `alpha` is false (an opaque image
/// needs no alpha channel).
pub fn png_encoder<W: Write>(
    w: W,
    width: u32,
    height: u32,
    alpha: bool,
) -> png::Encoder<'static, W> {
    let mut enc = png::Encoder::new(w, width, height);
    enc.set_color(if alpha {
        png::ColorType::Rgba
    } else {
        png::ColorType::Rgb
    });
    enc.set_depth(png::BitDepth::Eight);
    enc.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
    enc
}

/// RGBA8 pixels without their alpha channel.
pub fn rgba_to_rgb(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect()
}

/// Encode RGBA8 (straight alpha) as PNG bytes into `w`.
pub fn encode_png(w: &mut dyn Write, rgba: &[u8], width: u32, height: u32) -> std::io::Result<()> {
    let enc = png_encoder(w, width, height, true);
    let mut writer = enc.write_header().map_err(std::io::Error::other)?;
    writer
        .write_image_data(rgba)
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)
}

/// Write an RGBA8 (straight alpha) image as a PNG file, atomically.
pub fn write_png(path: &Path, rgba: &[u8], width: u32, height: u32) -> Result<(), OutputError> {
    write_atomic(path, |w| encode_png(w, rgba, width, height))
}

/// Decode a PNG file into RGBA8 (any colour type and bit depth is expanded).
pub fn read_png(path: &Path) -> Result<(Vec<u8>, u32, u32), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut dec = png::Decoder::new(std::io::BufReader::new(file));
    dec.set_transformations(
        png::Transformations::normalize_to_color8() | png::Transformations::ALPHA,
    );
    let mut reader = dec
        .read_info()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| format!("{}: image too large", path.display()))?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    buf.truncate(info.buffer_size());
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return Err(format!("{}: unexpanded palette", path.display())),
    };
    Ok((rgba, info.width, info.height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_keeps_old_content_on_failure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.txt");
        write_atomic(&p, |w| w.write_all(b"old")).expect("first write");
        let r = write_atomic(&p, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&p).expect("read"), b"old");
        let leftovers = std::fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(
                mode, 0o644,
                "a new output is readable by others, like any file"
            );
        }
    }

    #[test]
    fn png_round_trip_and_unpremultiply() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("x.png");
        let mut px = vec![100, 50, 0, 128, 0, 0, 0, 0];
        unpremultiply(&mut px);
        assert_eq!(px, vec![199, 100, 0, 128, 0, 0, 0, 0]);
        write_png(&p, &px, 2, 1).expect("write");
        let (back, w, h) = read_png(&p).expect("read");
        assert_eq!((w, h), (2, 1));
        assert_eq!(back, px);
    }
}
