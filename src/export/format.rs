//! The output formats and what each allows.

use std::path::Path;

/// What `inkplay export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// H.264 in MP4 (yuv420p), through the system `ffmpeg`.
    Mp4,
    /// VP9 in WebM (with alpha when the background is transparent), through `ffmpeg`.
    Webm,
    /// Animated GIF (the `gif` crate).
    Gif,
    /// Animated PNG (the `png` crate).
    Apng,
    /// A directory of numbered PNG files, `000000.png`, `000001.png`, …
    Frames,
}

impl ExportFormat {
    /// Every format, for help texts.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Mp4,
        ExportFormat::Webm,
        ExportFormat::Gif,
        ExportFormat::Apng,
        ExportFormat::Frames,
    ];

    /// Its name on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Mp4 => "mp4",
            ExportFormat::Webm => "webm",
            ExportFormat::Gif => "gif",
            ExportFormat::Apng => "apng",
            ExportFormat::Frames => "frames",
        }
    }

    /// The format an output path asks for: its extension, or a directory (an existing one, or a
    /// path ending in `/`). An error says what to do instead.
    pub fn from_path(path: &Path) -> Result<Self, String> {
        let text = path.to_string_lossy();
        if path.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
            return Ok(ExportFormat::Frames);
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "mp4" | "m4v" => Ok(ExportFormat::Mp4),
            "webm" => Ok(ExportFormat::Webm),
            "gif" => Ok(ExportFormat::Gif),
            "apng" => Ok(ExportFormat::Apng),
            "png" => Err(format!(
                "-o {}: a .png is one image; use --format apng for an animated PNG, \
                 `inkplay render` for one frame, or a directory (-o frames/) for numbered PNGs",
                path.display()
            )),
            "" => Err(format!(
                "-o {}: no extension; use .mp4, .webm, .gif, .apng, or a directory ending in / \
                 (or say which with --format)",
                path.display()
            )),
            other => Err(format!(
                "-o {}: unknown extension .{other}; use .mp4, .webm, .gif, .apng, or a directory \
                 (or say which with --format)",
                path.display()
            )),
        }
    }

    /// Whether it keeps a transparent background.
    pub fn has_alpha(self) -> bool {
        !matches!(self, ExportFormat::Mp4)
    }

    /// Whether it goes through `ffmpeg`.
    pub fn needs_ffmpeg(self) -> bool {
        matches!(self, ExportFormat::Mp4 | ExportFormat::Webm)
    }

    /// Whether its width and height must be even (4:2:0 chroma).
    pub fn needs_even_size(self) -> bool {
        self.needs_ffmpeg()
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s || (s == "png" && *f == ExportFormat::Frames))
            .ok_or_else(|| format!("unknown format {s:?}: expected mp4, webm, gif, apng or frames"))
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_paths() {
        let f = |p: &str| ExportFormat::from_path(Path::new(p));
        assert_eq!(f("a.MP4"), Ok(ExportFormat::Mp4));
        assert_eq!(f("a.webm"), Ok(ExportFormat::Webm));
        assert_eq!(f("x/a.gif"), Ok(ExportFormat::Gif));
        assert_eq!(f("a.apng"), Ok(ExportFormat::Apng));
        assert_eq!(f("frames/"), Ok(ExportFormat::Frames));
        assert!(f("a.png").expect_err("png").contains("--format apng"));
        assert!(f("a.avi").expect_err("avi").contains(".avi"));
        assert!(f("a").is_err());
        assert_eq!("GIF".parse::<ExportFormat>(), Ok(ExportFormat::Gif));
        assert!("mov".parse::<ExportFormat>().is_err());
    }
}
