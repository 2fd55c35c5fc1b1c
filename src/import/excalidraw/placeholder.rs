//! The picture icons Excalidraw's image placeholder shows (`IMAGE_PLACEHOLDER_IMG` and
//! `IMAGE_ERROR_PLACEHOLDER_IMG` in `renderElement.ts`: Font Awesome Free's `image` icon, and for
//! an image whose status is `"error"` the same with its `ban` sign; CC BY 4.0, in `#888`),
//! rasterized by resvg once each.

use std::sync::{Arc, OnceLock};

use crate::model::Image;

/// The icon as Excalidraw embeds it: a 512-unit square, the picture 384 units tall in it.
const ICON: &str = concat!(
    r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">"##,
    r##"<path fill="#888" d="M464 448H48c-26.51 0-48-21.49-48-48V112c0-26.51 21.49-48 48-48h416c26.51 0 48 21.49 48 48v288c0 26.51-21.49 48-48 48zM112 120c-30.928 0-56 25.072-56 56s25.072 56 56 56 56-25.072 56-56-25.072-56-56-56zM64 384h384V272l-87.515-87.515c-4.686-4.686-12.284-4.686-16.971 0L208 320l-55.515-55.515c-4.686-4.686-12.284-4.686-16.971 0L64 336v48z"/>"##,
    "</svg>"
);

/// The icon of an image whose `status` is `"error"` (`IMAGE_ERROR_PLACEHOLDER_IMG`): the same
/// picture, smaller, with Font Awesome Free's `ban` sign at its top right.
const ERROR_ICON: &str = concat!(
    r##"<svg viewBox="0 0 668 668" width="668" height="668" xmlns="http://www.w3.org/2000/svg">"##,
    r##"<path d="M464 448H48c-26.51 0-48-21.49-48-48V112c0-26.51 21.49-48 48-48h416c26.51 0 48 21.49 48 48v288c0 26.51-21.49 48-48 48ZM112 120c-30.928 0-56 25.072-56 56s25.072 56 56 56 56-25.072 56-56-25.072-56-56-56ZM64 384h384V272l-87.515-87.515c-4.686-4.686-12.284-4.686-16.971 0L208 320l-55.515-55.515c-4.686-4.686-12.284-4.686-16.971 0L64 336v48Z" fill="#888" transform="matrix(.81709 0 0 .81709 124.825 145.825)"/>"##,
    r##"<path d="M256 8C119.034 8 8 119.033 8 256c0 136.967 111.034 248 248 248s248-111.034 248-248S392.967 8 256 8Zm130.108 117.892c65.448 65.448 70 165.481 20.677 235.637L150.47 105.216c70.204-49.356 170.226-44.735 235.638 20.676ZM125.892 386.108c-65.448-65.448-70-165.481-20.677-235.637L361.53 406.784c-70.203 49.356-170.226 44.736-235.638-20.676Z" fill="#888" transform="matrix(.30366 0 0 .30366 506.822 60.065)"/>"##,
    "</svg>"
);

/// The icon's pixels, the error one for an image whose status is `"error"` (`None` only if
/// resvg could not draw it, which a test rules out).
pub(super) fn icon(error: bool) -> Option<Arc<Image>> {
    static ICON_IMAGE: OnceLock<Option<Arc<Image>>> = OnceLock::new();
    static ERROR_IMAGE: OnceLock<Option<Arc<Image>>> = OnceLock::new();
    let (cell, svg) = if error {
        (&ERROR_IMAGE, ERROR_ICON)
    } else {
        (&ICON_IMAGE, ICON)
    };
    cell.get_or_init(|| super::raster::rasterized(svg.as_bytes()).ok().map(Arc::new))
        .clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_grey_on_transparent() {
        let icon = super::icon(false).expect("the icon");
        assert_eq!(icon.width, icon.height);
        let c = icon.mean_color();
        // 0x88 everywhere, but for the edges' rounding.
        assert!(
            [c.r, c.g, c.b].iter().all(|v| v.abs_diff(0x88) <= 1),
            "{c:?}"
        );
        assert!(c.a > 40 && c.a < 200, "letter-boxed, with holes: {}", c.a);
    }

    #[test]
    fn the_error_icon_differs_and_has_its_sign_at_the_top_right() {
        let plain = super::icon(false).expect("the icon");
        let error = super::icon(true).expect("the error icon");
        assert_ne!(plain.rgba, error.rgba);
        // The ban sign reaches into the top right corner, above the picture, which the plain
        // icon leaves empty (its picture starts an eighth of the way down).
        let corner = |im: &crate::model::Image| {
            let mut sum = 0u64;
            for y in 0..im.height * 12 / 100 {
                for x in im.width * 80 / 100..im.width {
                    sum += u64::from(im.rgba[((y * im.width + x) * 4 + 3) as usize]);
                }
            }
            sum
        };
        assert!(corner(&error) > 1000, "the sign: {}", corner(&error));
        assert_eq!(corner(&plain), 0);
    }
}
