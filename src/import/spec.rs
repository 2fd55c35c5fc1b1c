//! What the user asked to load: a [`SourceSpec`] (`FILE`, `FILE#N` or `synthetic:N[:SEED]`), and
//! the [`ImportLimits`] it is loaded under.

use std::path::{Path, PathBuf};

use super::ImportError;

/// Upper bounds that protect against hostile or accidental huge inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Largest file read, in bytes (default 512 MiB).
    pub max_file_bytes: u64,
    /// Most points in one drawing (default 50 million).
    pub max_points: usize,
    /// Most strokes in one drawing, also the largest `synthetic:N` (default 10 million).
    pub max_strokes: usize,
    /// Most points in one stroke (default 5 million).
    pub max_stroke_points: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_file_bytes: 512 << 20,
            max_points: 50_000_000,
            max_strokes: 10_000_000,
            max_stroke_points: 5_000_000,
        }
    }
}

/// A parsed source spec: what the user asked to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    /// A file, and which drawing in it (`FILE#N`, default 0).
    File {
        /// The path.
        path: PathBuf,
        /// The drawing index, if given.
        index: Option<usize>,
    },
    /// `synthetic:N[:SEED]`.
    Synthetic {
        /// Number of strokes.
        strokes: usize,
        /// Seed (default 1).
        seed: u64,
    },
}

impl SourceSpec {
    /// Parse a spec as typed on the command line.
    ///
    /// `FILE#N` is only split when `N` is a number and the whole string is not itself an existing
    /// file, so paths containing `#` still work.
    pub fn parse(spec: &str) -> Result<Self, ImportError> {
        let bad = |message: &str| ImportError::BadSpec {
            spec: spec.to_string(),
            message: message.to_string(),
        };
        if let Some(rest) = spec.strip_prefix("synthetic:") {
            let mut parts = rest.splitn(2, ':');
            let n = parts
                .next()
                .unwrap_or_default()
                .parse::<usize>()
                .map_err(|_| bad("expected synthetic:N[:SEED] with N a whole number of strokes"))?;
            let seed = match parts.next() {
                Some(s) => s
                    .parse::<u64>()
                    .map_err(|_| bad("SEED must be a whole number"))?,
                None => 1,
            };
            return Ok(SourceSpec::Synthetic { strokes: n, seed });
        }
        if spec.is_empty() {
            return Err(bad("empty path"));
        }
        if !Path::new(spec).exists() {
            if let Some((p, idx)) = spec.rsplit_once('#') {
                if !p.is_empty() && !idx.is_empty() && idx.chars().all(|c| c.is_ascii_digit()) {
                    let index = idx
                        .parse::<usize>()
                        .map_err(|_| bad("drawing index is too large"))?;
                    return Ok(SourceSpec::File {
                        path: PathBuf::from(p),
                        index: Some(index),
                    });
                }
            }
        }
        Ok(SourceSpec::File {
            path: PathBuf::from(spec),
            index: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_parsing() {
        assert_eq!(
            SourceSpec::parse("synthetic:100").ok(),
            Some(SourceSpec::Synthetic {
                strokes: 100,
                seed: 1
            })
        );
        assert_eq!(
            SourceSpec::parse("synthetic:5:42").ok(),
            Some(SourceSpec::Synthetic {
                strokes: 5,
                seed: 42
            })
        );
        assert!(SourceSpec::parse("synthetic:x").is_err());
        assert!(SourceSpec::parse("synthetic:5:-1").is_err());
        assert_eq!(
            SourceSpec::parse("no/such/cat.ndjson#7").ok(),
            Some(SourceSpec::File {
                path: "no/such/cat.ndjson".into(),
                index: Some(7)
            })
        );
        assert_eq!(
            SourceSpec::parse("a#b").ok(),
            Some(SourceSpec::File {
                path: "a#b".into(),
                index: None
            })
        );
    }
}
