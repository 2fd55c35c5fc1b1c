//! Framing: which part of a drawing an image shows (`--fit page|ink|none`, `--margin`, `--view`).
//!
//! - [`Fit::Page`] maps the drawing's page ([`DrawingMeta::canvas`](crate::model::DrawingMeta):
//!   an SVG's viewBox, a format's recorded canvas) exactly onto the image, preserving its aspect
//!   ratio and centring it: what every SVG renderer does with a viewBox. No margin unless one is
//!   asked for.
//! - [`Fit::Ink`] fits the bounding box of the ink with a margin (by default
//!   [`View::default_margin`]).
//! - [`Fit::None`]: one drawing unit is one pixel, the drawing's origin at the image's top left.
//! - An explicit rectangle ([`Framing::rect`], `--view X,Y,W,H` in drawing units) is mapped like a
//!   page.
//!
//! The default ([`Framing::default`]) is the page where the drawing has one, else its ink.

use super::View;
use crate::model::{BBox, Drawing};

/// How the image is fitted to the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    /// The page when the drawing has one, otherwise the ink.
    #[default]
    Auto,
    /// The drawing's page (canvas) mapped exactly onto the image; the ink when it has none.
    Page,
    /// The ink's bounding box, with a margin.
    Ink,
    /// Drawing units as pixels, origin at the top left.
    None,
}

impl std::str::FromStr for Fit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Fit::Auto),
            "page" => Ok(Fit::Page),
            "ink" => Ok(Fit::Ink),
            "none" => Ok(Fit::None),
            _ => Err(format!(
                "invalid fit {s:?}: expected page, ink, none or auto"
            )),
        }
    }
}

/// Space left around the fitted box on every side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Margin {
    /// Pixels.
    Px(f32),
    /// Percent of the image's smaller side.
    Percent(f32),
}

impl Margin {
    /// The margin in pixels for a `width`×`height` image.
    pub fn px(self, width: u32, height: u32) -> f32 {
        match self {
            Margin::Px(p) => p,
            Margin::Percent(p) => p / 100.0 * width.min(height) as f32,
        }
    }
}

impl std::str::FromStr for Margin {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let err =
            || format!("invalid margin {s:?}: expected pixels (16, 16px) or a percentage (5%)");
        let (num, make): (&str, fn(f32) -> Margin) = match s.strip_suffix('%') {
            Some(p) => (p, Margin::Percent),
            None => (s.strip_suffix("px").unwrap_or(s), Margin::Px),
        };
        let v: f32 = num.trim().parse().map_err(|_| err())?;
        if !v.is_finite() || v < 0.0 || (matches!(make(v), Margin::Percent(_)) && v >= 50.0) {
            return Err(err());
        }
        Ok(make(v))
    }
}

/// A rectangle in drawing units, `X,Y,W,H` on the command line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewRect(pub BBox);

impl std::str::FromStr for ViewRect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let err = || {
            format!("invalid view {s:?}: expected X,Y,WIDTH,HEIGHT in drawing units, width and height > 0")
        };
        let v: Vec<f32> = s
            .split(',')
            .map(|p| p.trim().parse::<f32>())
            .collect::<Result<_, _>>()
            .map_err(|_| err())?;
        match v[..] {
            [x, y, w, h] if [x, y, w, h].iter().all(|v| v.is_finite()) && w > 0.0 && h > 0.0 => {
                Ok(ViewRect(BBox {
                    min_x: x,
                    min_y: y,
                    max_x: x + w,
                    max_y: y + h,
                }))
            }
            _ => Err(err()),
        }
    }
}

/// What an image shows of a drawing: a [`Fit`], an optional margin, or an explicit rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Framing {
    /// How to fit.
    pub fit: Fit,
    /// The margin; `None` is the fit's own default (none for a page or a rectangle,
    /// [`View::default_margin`] for ink).
    pub margin: Option<Margin>,
    /// An explicit rectangle in drawing units; overrides `fit`.
    pub rect: Option<BBox>,
}

impl Framing {
    /// The fit that applies to `drawing`: [`Fit::Auto`] and [`Fit::Page`] become [`Fit::Ink`]
    /// when it has no page.
    pub fn resolve(&self, drawing: &Drawing) -> Fit {
        self.resolve_page(drawing.meta.canvas.is_some())
    }

    fn resolve_page(&self, has_page: bool) -> Fit {
        match self.fit {
            Fit::Auto | Fit::Page if has_page => Fit::Page,
            Fit::Auto | Fit::Page => Fit::Ink,
            f => f,
        }
    }

    /// The view for `drawing` in a `width`×`height` image.
    pub fn view(&self, drawing: &Drawing, width: u32, height: u32) -> View {
        let page = drawing.meta.canvas;
        let ink = match self.resolve_page(page.is_some()) {
            Fit::Ink if self.rect.is_none() => drawing.ink_bbox(),
            _ => None,
        };
        self.view_for(page, ink, width, height)
    }

    /// The view for a drawing with the page `page` and the ink extent `ink` (a drawing still
    /// arriving knows both before its strokes do) in a `width`×`height` image.
    pub fn view_for(&self, page: Option<BBox>, ink: Option<BBox>, width: u32, height: u32) -> View {
        if let Some(r) = self.rect {
            return View::fit(Some(r), width, height, self.margin_px(0.0, width, height));
        }
        match self.resolve_page(page.is_some()) {
            Fit::None => View::default(),
            Fit::Page => View::fit(page, width, height, self.margin_px(0.0, width, height)),
            _ => self.ink_view(ink, width, height),
        }
    }

    /// The view fitting the ink box `ink` (for drawings still arriving, whose ink is known only
    /// as an extent).
    pub fn ink_view(&self, ink: Option<BBox>, width: u32, height: u32) -> View {
        let margin = self.margin_px(View::default_margin(width, height), width, height);
        View::fit(ink, width, height, margin)
    }

    fn margin_px(&self, default: f32, width: u32, height: u32) -> f32 {
        self.margin.map_or(default, |m| m.px(width, height))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DrawingMeta, Point, Stroke};
    use glam::Vec2;

    fn drawing(canvas: Option<BBox>) -> Drawing {
        Drawing {
            strokes: vec![Stroke::new(vec![
                Point::new(50.0, 50.0, 0.0),
                Point::new(150.0, 100.0, 10.0),
            ])],
            meta: DrawingMeta {
                canvas,
                ..Default::default()
            },
        }
    }

    const PAGE: BBox = BBox {
        min_x: 0.0,
        min_y: 0.0,
        max_x: 200.0,
        max_y: 200.0,
    };

    #[test]
    fn page_maps_the_canvas_exactly_and_centres_other_aspects() {
        let d = drawing(Some(PAGE));
        let v = Framing::default().view(&d, 300, 300);
        assert_eq!(v.scale, 1.5);
        assert_eq!(v.offset, Vec2::ZERO);
        let wide = Framing::default().view(&d, 600, 300);
        assert_eq!(wide.scale, 1.5);
        assert_eq!(wide.to_px(Vec2::new(100.0, 100.0)), Vec2::new(300.0, 150.0));
    }

    #[test]
    fn page_without_a_canvas_is_the_ink_and_ink_has_its_margin() {
        let d = drawing(None);
        let page = Framing {
            fit: Fit::Page,
            ..Default::default()
        };
        assert_eq!(page.resolve(&d), Fit::Ink);
        let v = page.view(&d, 400, 400);
        let m = View::default_margin(400, 400);
        let ink_box = d.ink_bbox().expect("ink");
        let corner = v.to_px(Vec2::new(ink_box.min_x, ink_box.min_y));
        assert!(
            (corner.x - m).abs() < 1e-3,
            "the ink's left edge at the margin: {corner}"
        );
        let ink = Framing {
            fit: Fit::Ink,
            margin: Some(Margin::Px(0.0)),
            rect: None,
        };
        let paged = drawing(Some(PAGE));
        let v = ink.view(&paged, 100, 100);
        let b = paged.ink_bbox().expect("ink");
        let (lo, hi) = (
            v.to_px(Vec2::new(b.min_x, b.min_y)),
            v.to_px(Vec2::new(b.max_x, b.max_y)),
        );
        assert!(
            (lo.x - 0.0).abs() < 1e-3 && (hi.x - 100.0).abs() < 1e-3,
            "{lo} {hi}"
        );
        assert!(lo.y > 0.0 && hi.y < 100.0, "centred vertically: {lo} {hi}");
    }

    #[test]
    fn none_and_rect() {
        let d = drawing(Some(PAGE));
        let none = Framing {
            fit: Fit::None,
            ..Default::default()
        };
        assert_eq!(none.view(&d, 10, 10), View::default());
        let rect: ViewRect = "100, 100, 50, 25".parse().expect("rect");
        let f = Framing {
            rect: Some(rect.0),
            ..Default::default()
        };
        let v = f.view(&d, 200, 100);
        assert_eq!(v.scale, 4.0);
        assert_eq!(v.to_px(Vec2::new(100.0, 100.0)), Vec2::ZERO);
    }

    #[test]
    fn parsing() {
        assert_eq!("16".parse::<Margin>(), Ok(Margin::Px(16.0)));
        assert_eq!("16px".parse::<Margin>(), Ok(Margin::Px(16.0)));
        assert_eq!("5%".parse::<Margin>(), Ok(Margin::Percent(5.0)));
        assert!("-1".parse::<Margin>().is_err());
        assert!("50%".parse::<Margin>().is_err());
        assert_eq!(Margin::Percent(10.0).px(300, 200), 20.0);
        assert!("1,2,3".parse::<ViewRect>().is_err());
        assert!("1,2,0,3".parse::<ViewRect>().is_err());
        assert_eq!("PAGE".parse::<Fit>(), Ok(Fit::Page));
        assert!("fill".parse::<Fit>().is_err());
    }
}
