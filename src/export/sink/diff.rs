//! What changed between two frames: the rectangle animated formats re-encode.

/// A rectangle of pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    /// The whole `width`×`height` image.
    pub fn full(width: u32, height: u32) -> Self {
        Self {
            x: 0,
            y: 0,
            w: width,
            h: height,
        }
    }

    /// The pixel rows of this rectangle of an RGBA8 image `width` wide, tightly packed.
    pub fn crop(&self, image: &[u8], width: u32) -> Vec<u8> {
        let mut out = Vec::with_capacity((self.w * self.h * 4) as usize);
        for y in self.y..self.y + self.h {
            let start = ((y * width + self.x) * 4) as usize;
            out.extend_from_slice(&image[start..start + (self.w * 4) as usize]);
        }
        out
    }
}

/// The smallest rectangle holding every pixel that differs between the RGBA8 images `a` and
/// `b` (`width` pixels wide); `None` when they are equal.
pub(crate) fn changed(a: &[u8], b: &[u8], width: u32) -> Option<Rect> {
    let row = (width * 4) as usize;
    let rows_a = a.chunks_exact(row);
    let differs: Vec<usize> = rows_a
        .zip(b.chunks_exact(row))
        .enumerate()
        .filter(|(_, (ra, rb))| ra != rb)
        .map(|(y, _)| y)
        .collect();
    let (&y0, &y1) = (differs.first()?, differs.last()?);
    let (mut x0, mut x1) = (width as usize, 0usize);
    for &y in &differs {
        let (ra, rb) = (&a[y * row..(y + 1) * row], &b[y * row..(y + 1) * row]);
        let px = |x: usize| ra[x * 4..x * 4 + 4] != rb[x * 4..x * 4 + 4];
        if let Some(first) = (0..x0).find(|&x| px(x)) {
            x0 = first;
        }
        if let Some(last) = (x1..width as usize).rev().find(|&x| px(x)) {
            x1 = last;
        }
    }
    Some(Rect {
        x: x0 as u32,
        y: y0 as u32,
        w: (x1.max(x0) - x0 + 1) as u32,
        h: (y1 - y0 + 1) as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_changed_rectangle() {
        let (w, h) = (5u32, 4u32);
        let a = vec![0u8; (w * h * 4) as usize];
        assert_eq!(changed(&a, &a, w), None);
        let mut b = a.clone();
        b[((w + 3) * 4) as usize] = 9;
        b[((2 * w + 1) * 4 + 3) as usize] = 9;
        let r = changed(&a, &b, w).expect("changed");
        assert_eq!(
            r,
            Rect {
                x: 1,
                y: 1,
                w: 3,
                h: 2
            }
        );
        let crop = r.crop(&b, w);
        assert_eq!(crop.len(), 3 * 2 * 4);
        assert_eq!(crop[2 * 4], 9);
        assert_eq!(crop[3 * 4 + 3], 9);
    }
}
