//! The picture icon Excalidraw's image placeholder shows (`IMAGE_PLACEHOLDER_IMG` in
//! `renderElement.ts`: Font Awesome Free's `image` icon, CC BY 4.0, in `#888`), rasterized by
//! resvg once.

use std::sync::{Arc, OnceLock};

use crate::model::Image;

/// The icon as Excalidraw embeds it: a 512-unit square, the picture 384 units tall in it.
const ICON: &str = concat!(
    r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">"##,
    r##"<path fill="#888" d="M464 448H48c-26.51 0-48-21.49-48-48V112c0-26.51 21.49-48 48-48h416c26.51 0 48 21.49 48 48v288c0 26.51-21.49 48-48 48zM112 120c-30.928 0-56 25.072-56 56s25.072 56 56 56 56-25.072 56-56-25.072-56-56-56zM64 384h384V272l-87.515-87.515c-4.686-4.686-12.284-4.686-16.971 0L208 320l-55.515-55.515c-4.686-4.686-12.284-4.686-16.971 0L64 336v48z"/>"##,
    "</svg>"
);

/// The icon's pixels (`None` only if resvg could not draw it, which a test rules out).
pub(super) fn icon() -> Option<Arc<Image>> {
    static ICON_IMAGE: OnceLock<Option<Arc<Image>>> = OnceLock::new();
    ICON_IMAGE
        .get_or_init(|| {
            super::raster::rasterized(ICON.as_bytes())
                .ok()
                .map(Arc::new)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_grey_on_transparent() {
        let icon = super::icon().expect("the icon");
        assert_eq!(icon.width, icon.height);
        let c = icon.mean_color();
        // 0x88 everywhere, but for the edges' rounding.
        assert!(
            [c.r, c.g, c.b].iter().all(|v| v.abs_diff(0x88) <= 1),
            "{c:?}"
        );
        assert!(c.a > 40 && c.a < 200, "letter-boxed, with holes: {}", c.a);
    }
}
