//! Scenes embedded in Excalidraw's PNG and SVG exports (`*.excalidraw.png`, `*.excalidraw.svg`,
//! "Embed scene" on export).
//!
//! - **PNG**: a text chunk (`tEXt`, or `zTXt`/`iTXt` as other writers may re-save it) keyed
//!   [`MIME`]. Its text is either the scene JSON itself (the legacy form) or an envelope
//!   `{"version", "encoding": "bstring", "compressed", "encoded"}` whose `encoded` is a byte string
//!   (one character per byte): the zlib-deflated scene when `compressed`, else the scene's UTF-8.
//! - **SVG**: the comments `<!-- payload-type:application/vnd.excalidraw+json -->`,
//!   `<!-- payload-version:N -->` (1 when missing) and `<!-- payload-start -->BASE64<!--
//!   payload-end -->`. The base64 decodes to the envelope (or legacy scene) as UTF-8 in version 1,
//!   as a byte string in later versions.
//!
//! The scene text is at most `max_bytes` once inflated (the import's file-size limit), so a small
//! file cannot ask for unbounded memory. Fonts inlined in an SVG are never read.

use std::io::Read;
use std::path::Path;

use base64::Engine;
use serde::Deserialize;

use super::super::{ImportError, Place};

/// The MIME type Excalidraw keys its embedded scene by.
pub(crate) const MIME: &str = "application/vnd.excalidraw+json";

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Whether bytes are a PNG file.
pub(crate) fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(PNG_SIGNATURE)
}

/// Whether SVG text carries an Excalidraw scene payload.
pub(crate) fn svg_has_scene(text: &str) -> bool {
    text.contains(&format!("payload-type:{MIME}"))
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    compressed: bool,
    encoded: String,
}

fn malformed(path: &Path, place: &str, message: impl Into<String>) -> ImportError {
    ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(place.into()),
        message: message.into(),
    }
}

/// The scene JSON held by an Excalidraw PNG export.
pub(crate) fn from_png(path: &Path, bytes: &[u8], max_bytes: u64) -> Result<String, ImportError> {
    let place = format!("PNG text chunk {MIME:?}");
    let Some(text) = png_text(path, bytes, max_bytes)? else {
        return Err(ImportError::UnsupportedFormat {
            path: path.to_path_buf(),
            reason: format!(
                "a PNG image without an Excalidraw scene (no text chunk {MIME:?}): only \
                 Excalidraw exports made with \"Embed scene\" hold a drawing"
            ),
        });
    };
    // tEXt is Latin-1: each character is one byte of Excalidraw's byte string.
    scene_from_payload(path, &place, &text, max_bytes)
}

/// The scene JSON held by an Excalidraw SVG export.
pub(crate) fn from_svg(path: &Path, text: &str, max_bytes: u64) -> Result<String, ImportError> {
    const START: &str = "<!-- payload-start -->";
    const END: &str = "<!-- payload-end -->";
    let place = "SVG comment <!-- payload-start -->";
    let body = text
        .find(START)
        .map(|i| &text[i + START.len()..])
        .and_then(|rest| rest.find(END).map(|j| rest[..j].trim()));
    let Some(b64) = body else {
        return Err(malformed(
            path,
            place,
            "an Excalidraw SVG export without its scene (no <!-- payload-start -->…<!-- \
             payload-end --> comment): export again with \"Embed scene\"",
        ));
    };
    let version = text
        .find("<!-- payload-version:")
        .map(|i| &text[i + "<!-- payload-version:".len()..])
        .and_then(|rest| rest.split(" -->").next())
        .map_or("1", str::trim);
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64.replace(char::is_whitespace, ""))
        .map_err(|e| malformed(path, place, format!("the payload is not base64: {e}")))?;
    let json = if version == "1" {
        String::from_utf8(raw)
            .map_err(|e| malformed(path, place, format!("the payload is not UTF-8: {e}")))?
    } else {
        latin1(&raw)
    };
    scene_from_payload(path, place, &json, max_bytes)
}

/// The scene from a payload: the legacy scene JSON, or the envelope around it.
fn scene_from_payload(
    path: &Path,
    place: &str,
    payload: &str,
    max_bytes: u64,
) -> Result<String, ImportError> {
    let value: serde_json::Value = serde_json::from_str(payload)
        .map_err(|e| malformed(path, place, format!("the payload is not JSON: {e}")))?;
    if value.get("encoded").is_none() {
        if value.get("type").and_then(|t| t.as_str()) == Some("excalidraw") {
            return Ok(payload.to_string());
        }
        return Err(malformed(
            path,
            place,
            "the payload is neither an Excalidraw scene nor an encoded one (no `encoded` field)",
        ));
    }
    let env: Envelope = serde_json::from_value(value)
        .map_err(|e| malformed(path, place, format!("the payload's envelope: {e}")))?;
    match env.encoding.as_deref() {
        None | Some("bstring") => {}
        Some(other) => {
            return Err(malformed(
                path,
                place,
                format!("unknown payload encoding {other:?} (Excalidraw writes \"bstring\")"),
            ))
        }
    }
    let bytes = byte_string(&env.encoded)
        .ok_or_else(|| malformed(path, place, "`encoded` has characters past U+00FF"))?;
    let scene = if env.compressed {
        inflate(&bytes, max_bytes).map_err(|m| malformed(path, place, m))?
    } else {
        bytes
    };
    String::from_utf8(scene)
        .map_err(|e| malformed(path, place, format!("the scene is not UTF-8: {e}")))
}

/// zlib-inflate at most `max_bytes`.
fn inflate(bytes: &[u8], max_bytes: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("the compressed scene does not inflate: {e}"))?;
    if out.len() as u64 > max_bytes {
        return Err(format!(
            "the scene inflates past {max_bytes} bytes (the file-size limit, --max-file-mb)"
        ));
    }
    Ok(out)
}

/// A JavaScript byte string's bytes (`None` if a character is not a byte).
fn byte_string(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// Bytes as a byte string (Latin-1).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The text of the PNG's chunk keyed [`MIME`] (`tEXt`, `zTXt` or `iTXt`), as a byte string;
/// `None` when there is none; a compressed chunk inflates to at most `max_bytes`. Chunks are
/// walked, not decoded: the image itself is not needed.
fn png_text(path: &Path, bytes: &[u8], max_bytes: u64) -> Result<Option<String>, ImportError> {
    let mut at = PNG_SIGNATURE.len();
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let kind = &bytes[at + 4..at + 8];
        let start = at + 8;
        let Some(end) = start
            .checked_add(len as usize)
            .filter(|&e| e <= bytes.len())
        else {
            return Err(malformed(
                path,
                &format!("PNG chunk at byte {at}"),
                format!("its length {len} runs past the end of the file"),
            ));
        };
        let data = &bytes[start..end];
        let place = || format!("PNG chunk {} at byte {at}", String::from_utf8_lossy(kind));
        if let Some(text) =
            chunk_text(kind, data, max_bytes).map_err(|m| malformed(path, &place(), m))?
        {
            return Ok(Some(text));
        }
        if kind == b"IEND" {
            break;
        }
        at = end + 4; // the CRC
    }
    Ok(None)
}

/// A text chunk's text when its keyword is [`MIME`].
fn chunk_text(kind: &[u8], data: &[u8], max_bytes: u64) -> Result<Option<String>, String> {
    let Some(nul) = data.iter().position(|&b| b == 0) else {
        return Ok(None);
    };
    if &data[..nul] != MIME.as_bytes() {
        return Ok(None);
    }
    let rest = &data[nul + 1..];
    match kind {
        b"tEXt" => Ok(Some(latin1(rest))),
        b"zTXt" => {
            let body = rest
                .get(1..)
                .ok_or("the zTXt chunk has no compression method")?;
            inflate(body, max_bytes).map(|b| Some(latin1(&b)))
        }
        b"iTXt" => {
            let (&compressed, after) = rest.split_first().ok_or("the iTXt chunk is cut short")?;
            // Compression method, language tag and translated keyword precede the text.
            let mut fields = after.get(1..).unwrap_or_default().splitn(3, |&b| b == 0);
            let (_, _, text) = (fields.next(), fields.next(), fields.next());
            let text = text.ok_or("the iTXt chunk is cut short")?;
            let utf8 = if compressed == 1 {
                inflate(text, max_bytes)?
            } else {
                text.to_vec()
            };
            // iTXt is UTF-8; a byte string stored in it keeps its characters.
            String::from_utf8(utf8)
                .map(Some)
                .map_err(|e| format!("the iTXt text is not UTF-8: {e}"))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0; 4]);
        c
    }

    fn png_with(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend(chunk(b"IHDR", &[0; 13]));
        png.extend(chunk(kind, data));
        png.extend(chunk(b"IEND", &[]));
        png
    }

    fn deflated(s: &str) -> Vec<u8> {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(s.as_bytes()).unwrap();
        z.finish().unwrap()
    }

    const SCENE: &str = r#"{"type":"excalidraw","elements":[],"note":"é"}"#;

    #[test]
    fn envelope_in_a_text_chunk_inflates() {
        let env = serde_json::json!({
            "version": "1", "encoding": "bstring", "compressed": true,
            "encoded": latin1(&deflated(SCENE)),
        })
        .to_string();
        let mut data = MIME.as_bytes().to_vec();
        data.push(0);
        data.extend(env.chars().map(|c| c as u8));
        let png = png_with(b"tEXt", &data);
        assert_eq!(from_png(Path::new("a.png"), &png, 1 << 20).unwrap(), SCENE);
    }

    #[test]
    fn a_scene_past_the_limit_is_refused() {
        let big = format!(r#"{{"type":"excalidraw","pad":"{}"}}"#, "x".repeat(10_000));
        let env = serde_json::json!({"encoded": latin1(&deflated(&big)), "compressed": true});
        let e = scene_from_payload(Path::new("a.png"), "p", &env.to_string(), 1000).unwrap_err();
        assert!(e.to_string().contains("inflates past 1000 bytes"), "{e}");
    }

    #[test]
    fn a_png_without_a_scene_says_what_is_missing() {
        let png = png_with(b"tEXt", b"Software\0something");
        let e = from_png(Path::new("shot.png"), &png, 1 << 20).unwrap_err();
        assert!(e.to_string().contains("without an Excalidraw scene"), "{e}");
        let mut cut = PNG_SIGNATURE.to_vec();
        cut.extend(1000u32.to_be_bytes());
        cut.extend(b"tEXt0123456789");
        let e = from_png(Path::new("cut.png"), &cut, 1 << 20).unwrap_err();
        assert!(e.to_string().contains("runs past the end"), "{e}");
    }

    #[test]
    fn svg_payload_versions() {
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let v1 = format!(
            "<svg><!-- payload-type:{MIME} --><!-- payload-start -->{}<!-- payload-end --></svg>",
            b64(SCENE.as_bytes())
        );
        assert_eq!(from_svg(Path::new("a.svg"), &v1, 1 << 20).unwrap(), SCENE);
        let env = serde_json::json!({"encoding": "bstring", "compressed": true,
            "encoded": latin1(&deflated(SCENE))})
        .to_string();
        let bytes: Vec<u8> = env.chars().map(|c| c as u8).collect();
        let v2 = format!(
            "<svg><!-- payload-type:{MIME} --><!-- payload-version:2 -->\n<!-- payload-start -->\n{}\n<!-- payload-end --></svg>",
            b64(&bytes)
        );
        assert_eq!(from_svg(Path::new("a.svg"), &v2, 1 << 20).unwrap(), SCENE);
        let none = format!("<svg><!-- payload-type:{MIME} --></svg>");
        let e = from_svg(Path::new("b.svg"), &none, 1 << 20).unwrap_err();
        assert!(e.to_string().contains("without its scene"), "{e}");
    }
}
