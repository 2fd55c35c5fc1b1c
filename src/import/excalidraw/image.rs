//! Image elements as Excalidraw's canvas draws them (`renderElement.ts`, 0.18): the file's
//! pixels (`files[fileId].dataURL`: PNG, JPEG, WebP, GIF's first frame, BMP, SVG), the `crop`
//! rectangle of them (or all of them) stretched over the element's box, flipped by `scale` and
//! rotated by `angle` about the box's centre, at the element's opacity, its corners cut round
//! when it has `roundness`. A missing or undecodable
//! file draws Excalidraw's placeholder (a light grey box) and is counted as not drawn. An SVG
//! file is rasterized by resvg at its own size or larger (at least `raster::SVG_SIDE` on its longer
//! side). Each file is decoded once, within [`MAX_PIXELS`], and a drawing's files within
//! [`MAX_TOTAL_PIXELS`].

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine as _;
use serde::Deserialize;

use super::clip::{cut, Keep, Region};
use super::element::Element;
use crate::import::shapes;
use crate::import::timing::PenClock;
use crate::model::{BBox, Color, FillRule, Image, ImageFill, Point, Shape, Stroke, SubPath};

/// The most pixels one image may decode to (a larger one is not drawn: 4k × 4k, 64 MB; the
/// atlas keeps at most 2,048 px a side anyway).
pub(crate) const MAX_PIXELS: u64 = 16 * 1024 * 1024;
/// The most pixels one drawing's images may decode to together (256 MB).
pub(crate) const MAX_TOTAL_PIXELS: u64 = 64 * 1024 * 1024;

/// Excalidraw's placeholder colour (`drawImagePlaceholder`).
const PLACEHOLDER: Color = Color::rgba(0xe7, 0xe7, 0xe7, 255);

/// One entry of a scene's `files`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct File {
    #[serde(default)]
    mime_type: Option<String>,
    #[serde(rename = "dataURL", default)]
    data_url: Option<String>,
}

/// A crop, in the image's own pixels.
#[derive(Deserialize, Clone, Copy)]
pub(super) struct Crop {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// The scene's files, decoded on first use.
pub(super) struct Files {
    files: HashMap<String, File>,
    decoded: HashMap<String, Result<Arc<Image>, String>>,
    /// Pixels decoded so far (within [`MAX_TOTAL_PIXELS`]).
    pixels: u64,
}

impl Files {
    /// The `files` of a scene (entries that are not files are no files).
    pub(super) fn new(files: HashMap<String, serde_json::Value>) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|(k, v)| (k, serde_json::from_value(v).unwrap_or_default()))
                .collect(),
            decoded: HashMap::new(),
            pixels: 0,
        }
    }

    /// The pixels of file `id`, or why there are none.
    fn get(&mut self, id: &str) -> Result<Arc<Image>, String> {
        if let Some(hit) = self.decoded.get(id) {
            return hit.clone();
        }
        let left = MAX_TOTAL_PIXELS.saturating_sub(self.pixels);
        let made = match self.files.get(id) {
            None => Err("its file is missing".to_string()),
            Some(f) => decode(f, left.min(MAX_PIXELS)).map(Arc::new),
        };
        if let Ok(im) = &made {
            self.pixels += u64::from(im.width) * u64::from(im.height);
        }
        self.decoded.insert(id.to_string(), made.clone());
        made
    }
}

/// A data URL's pixels, at most `max_pixels` of them.
fn decode(f: &File, max_pixels: u64) -> Result<Image, String> {
    let url = f.data_url.as_deref().ok_or("its file has no dataURL")?;
    let (head, data) = url
        .split_once(',')
        .ok_or("its dataURL is not a data: URL")?;
    let mime = head
        .strip_prefix("data:")
        .and_then(|h| h.split(';').next())
        .filter(|m| !m.is_empty())
        .or(f.mime_type.as_deref())
        .unwrap_or("");
    if !head.ends_with(";base64") {
        return Err("its dataURL is not base64".into());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| format!("its dataURL is not base64: {e}"))?;
    if mime == "image/svg+xml" {
        return super::raster::rasterized(&bytes);
    }
    let reader = || {
        let mut r = image::ImageReader::new(std::io::Cursor::new(bytes.as_slice()))
            .with_guessed_format()
            .map_err(|e| format!("unreadable image: {e}"))?;
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(max_pixels * 4);
        r.limits(limits);
        Ok::<_, String>(r)
    };
    let (w, h) = reader()?
        .into_dimensions()
        .map_err(|e| format!("unreadable image: {e}"))?;
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(format!(
            "a {w}×{h} image, over the {max_pixels} pixels left to the drawing's images"
        ));
    }
    let rgba = reader()?
        .decode()
        .map_err(|e| format!("undecodable image: {e}"))?
        .to_rgba8();
    let (w, h) = rgba.dimensions();
    Image::new(w, h, rgba.into_raw()).ok_or_else(|| "an empty image".to_string())
}

/// Where an image element's local box point goes: `C + R(angle)·diag(sx, sy)·(p − (w/2, h/2))`.
struct Frame {
    centre: (f32, f32),
    half: (f32, f32),
    cos: f32,
    sin: f32,
    flip: (f32, f32),
}

impl Frame {
    fn of(el: &Element) -> Result<Self, String> {
        let (x, y) = (shapes::usable(el.x, "x")?, shapes::usable(el.y, "y")?);
        let (w, h) = (
            shapes::usable(el.width, "width")?,
            shapes::usable(el.height, "height")?,
        );
        let angle = shapes::usable(el.angle.unwrap_or(0.0), "angle")?;
        let flip = match el.scale.as_deref() {
            Some([sx, sy]) => (
                if *sx < 0.0 { -1.0 } else { 1.0 },
                if *sy < 0.0 { -1.0 } else { 1.0 },
            ),
            _ => (1.0, 1.0),
        };
        Ok(Self {
            centre: (x + w / 2.0, y + h / 2.0),
            half: (w / 2.0, h / 2.0),
            cos: angle.cos(),
            sin: angle.sin(),
            flip,
        })
    }

    fn apply(&self, (u, v): (f32, f32)) -> [f32; 2] {
        let (dx, dy) = (
            (u - self.half.0) * self.flip.0,
            (v - self.half.1) * self.flip.1,
        );
        [
            self.centre.0 + self.cos * dx - self.sin * dy,
            self.centre.1 + self.sin * dx + self.cos * dy,
        ]
    }

    /// The inverse as an affine map `[a, b, c, d, e, f]` from the scene to the local box.
    fn inverse(&self) -> [f32; 6] {
        let (fx, fy) = self.flip;
        let (c, s) = (self.cos, self.sin);
        let (cx, cy) = self.centre;
        // local = flip · Rᵀ · (p − C) + half
        let (a, b) = (fx * c, fx * s);
        let (d, e) = (-fy * s, fy * c);
        [
            a,
            b,
            self.half.0 - a * cx - b * cy,
            d,
            e,
            self.half.1 - d * cx - e * cy,
        ]
    }
}

/// An image element's stroke: its box showing the file's pixels, or the placeholder.
pub(super) fn strokes(
    el: &Element,
    files: &mut Files,
    clock: &mut PenClock,
    failed: &mut Vec<String>,
) -> Result<Vec<Stroke>, String> {
    let frame = Frame::of(el)?;
    let (w, h) = (frame.half.0 * 2.0, frame.half.1 * 2.0);
    let t = clock.instant();
    let opacity = (el.opacity / 100.0).clamp(0.0, 1.0) as f32;
    let image = match el.file_id.as_deref() {
        None => Err("it has no file".to_string()),
        Some(id) => files.get(id),
    };
    Ok(match image {
        Ok(image) => {
            let fill = image_fill(el, &frame, image, opacity);
            let color = fill.image.mean_color().with_opacity(opacity);
            let shown = vec![quad(&frame, [0.0, 0.0, w, h], t, color, Some(fill))];
            // A rounded image is clipped to its corners (Excalidraw's `roundRect` clip).
            let corners = BBox::from_points([(0.0, 0.0), (w, h)]);
            match corners.filter(|_| super::draw::rounded(el)).and_then(|b| {
                let r = super::draw::corner_radius(el, f64::from(w.min(h))) as f32;
                Region::rounded(b, r, |p| frame.apply((p[0], p[1])))
            }) {
                Some(region) => cut(shown, &region, Keep::Inside),
                None => shown,
            }
        }
        Err(why) => {
            failed.push(why);
            placeholder(&frame, t, opacity, el.status.as_deref() == Some("error"))
        }
    })
}

/// How the box shows `image`: the crop (or the whole image) stretched over it.
fn image_fill(el: &Element, frame: &Frame, image: Arc<Image>, opacity: f32) -> ImageFill {
    let (nw, nh) = (image.width as f32, image.height as f32);
    let crop = el
        .crop
        .as_ref()
        .and_then(|c| serde_json::from_value::<Crop>(c.clone()).ok())
        .filter(|c| [c.x, c.y, c.width, c.height].iter().all(|v| v.is_finite()))
        .filter(|c| c.width > 0.0 && c.height > 0.0)
        .map_or([0.0, 0.0, nw, nh], |c| {
            [c.x as f32, c.y as f32, c.width as f32, c.height as f32]
        });
    let (w, h) = (frame.half.0 * 2.0, frame.half.1 * 2.0);
    rect_fill(frame, [0.0, 0.0, w, h], image, crop, opacity)
}

/// How the part `crop` (in the image's pixels) of `image` shows stretched over `rect`
/// (`[x, y, w, h]` in the element's local box).
fn rect_fill(
    frame: &Frame,
    rect: [f32; 4],
    image: Arc<Image>,
    crop: [f32; 4],
    opacity: f32,
) -> ImageFill {
    let (nw, nh) = (image.width as f32, image.height as f32);
    let [x0, y0, w, h] = rect;
    let [cx, cy, cw, ch] = crop;
    // local (u, v) → image: ((cx + (u − x0)/w·cw)/nw, (cy + (v − y0)/h·ch)/nh)
    let (ku, kv) = (cw / (w.max(1e-6) * nw), ch / (h.max(1e-6) * nh));
    let [a, b, c, d, e, f] = frame.inverse();
    ImageFill {
        to_uv: [
            a * ku,
            b * ku,
            (c - x0) * ku + cx / nw,
            d * kv,
            e * kv,
            (f - y0) * kv + cy / nh,
        ],
        crop: [cx / nw, cy / nh, (cx + cw) / nw, (cy + ch) / nh],
        opacity,
        image,
    }
}

/// A filled quad over `rect` (`[x, y, w, h]` in the element's local box) at time `t`.
fn quad(frame: &Frame, rect: [f32; 4], t: f64, color: Color, fill: Option<ImageFill>) -> Stroke {
    let [x0, y0, w, h] = rect;
    let corners: Vec<Point> = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)]
        .into_iter()
        .map(|c| {
            let [x, y] = frame.apply(c);
            Point::new(x, y, t)
        })
        .collect();
    Stroke {
        points: corners.into(),
        style: shapes::outline_style(color, 1.0),
        shape: Some(Box::new(Shape {
            subpaths: vec![SubPath {
                start: 0,
                closed: true,
            }],
            fill: Some(FillRule::NonZero),
            glyph: None,
            image: fill.map(Box::new),
        })),
    }
}

/// Excalidraw's placeholder over the box: light grey, with its picture icon centred (the error
/// one for an image whose status is `"error"`), at most 100 units and 0.4 of the box's shorter
/// side.
fn placeholder(frame: &Frame, t: f64, opacity: f32, error: bool) -> Vec<Stroke> {
    let (w, h) = (frame.half.0 * 2.0, frame.half.1 * 2.0);
    let mut out = vec![quad(
        frame,
        [0.0, 0.0, w, h],
        t,
        PLACEHOLDER.with_opacity(opacity),
        None,
    )];
    if let Some(icon) = super::placeholder::icon(error) {
        let size = (0.4 * w.min(h)).min(100.0);
        let rect = [w / 2.0 - size / 2.0, h / 2.0 - size / 2.0, size, size];
        let crop = [0.0, 0.0, icon.width as f32, icon.height as f32];
        let color = icon.mean_color().with_opacity(opacity);
        let fill = rect_fill(frame, rect, icon, crop, opacity);
        out.push(quad(frame, rect, t, color, Some(fill)));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_inverse_maps_the_box_back() {
        let el: Element = serde_json::from_value(serde_json::json!({
            "type": "image", "x": 10, "y": 20, "width": 40, "height": 30, "angle": 0.7,
            "scale": [-1, 1]
        }))
        .unwrap();
        let f = Frame::of(&el).unwrap();
        let [a, b, c, d, e, g] = f.inverse();
        for p in [(0.0, 0.0), (40.0, 0.0), (13.0, 29.0)] {
            let [x, y] = f.apply(p);
            let back = (a * x + b * y + c, d * x + e * y + g);
            assert!(
                (back.0 - p.0).abs() < 1e-3 && (back.1 - p.1).abs() < 1e-3,
                "{p:?} {back:?}"
            );
        }
    }
}
