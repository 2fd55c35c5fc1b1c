//! Tolerant image comparison against an app's own rendering: which ink each image has that the
//! other has within a few pixels, and how far the colours of the reference's ink are.

/// A pixel is ink when a channel is more than this far from the background.
const INK_DISTANCE: i32 = 40;

/// How two renderings of one drawing compare.
#[derive(Debug, Clone, Copy)]
pub struct Fidelity {
    /// Share of the reference's ink that the candidate inks within `radius` px.
    pub recall: f64,
    /// Share of the candidate's ink that the reference inks within `radius` px.
    pub precision: f64,
    /// Mean absolute RGB difference (0–255) over the reference's ink pixels.
    pub colour: f64,
    /// Mean SSIM of the two luminances after a small blur (σ = [`BLUR_SIGMA`] px), over the
    /// whole image.
    pub ssim: f64,
    /// The same over the pixels within [`SSIM_MARGIN`] px of either image's ink only (stricter:
    /// the blank page does not raise it).
    pub ssim_ink: f64,
}

/// The blur both images get before SSIM, in px: a pixel's worth of placement and antialiasing
/// differences is not a difference in the drawing.
pub const BLUR_SIGMA: f32 = 1.0;
/// SSIM is averaged over pixels this close to ink, in px.
pub const SSIM_MARGIN: usize = 6;

/// Luminance (Rec. 709 weights, 0–255) of RGBA pixels.
fn luma(rgba: &[u8]) -> Vec<f32> {
    rgba.chunks_exact(4)
        .map(|p| 0.2126 * f32::from(p[0]) + 0.7152 * f32::from(p[1]) + 0.0722 * f32::from(p[2]))
        .collect()
}

/// A Gaussian blur of σ `sigma` (taps to 3σ, edges clamped), by two 1-D passes.
fn blur(img: &[f32], w: usize, h: usize, sigma: f32) -> Vec<f32> {
    let r = (3.0 * sigma).ceil() as isize;
    let taps: Vec<f32> = (-r..=r)
        .map(|k| (-(k * k) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let norm: f32 = taps.iter().sum();
    let pass = |src: &[f32], along_x: bool| {
        let mut out = vec![0.0; src.len()];
        for y in 0..h as isize {
            for x in 0..w as isize {
                let mut acc = 0.0;
                for (k, t) in (-r..=r).zip(&taps) {
                    let (sx, sy) = if along_x {
                        ((x + k).clamp(0, w as isize - 1), y)
                    } else {
                        (x, (y + k).clamp(0, h as isize - 1))
                    };
                    acc += t * src[sy as usize * w + sx as usize];
                }
                out[y as usize * w + x as usize] = acc / norm;
            }
        }
        out
    };
    pass(&pass(img, true), false)
}

/// Mean SSIM (Gaussian window σ 1.5, the usual constants) of `a` and `b` over `mask`.
fn ssim(a: &[f32], b: &[f32], w: usize, h: usize, mask: &[bool]) -> f64 {
    // (Computed twice per comparison; the windows are cheap next to a render.)
    let window = |v: &[f32]| blur(v, w, h, 1.5);
    let (ma, mb) = (window(a), window(b));
    let sq = |v: &[f32], u: &[f32]| v.iter().zip(u).map(|(x, y)| x * y).collect::<Vec<f32>>();
    let (aa, bb, ab) = (window(&sq(a, a)), window(&sq(b, b)), window(&sq(a, b)));
    let (c1, c2) = ((0.01f32 * 255.0).powi(2), (0.03f32 * 255.0).powi(2));
    let (mut sum, mut n) = (0.0f64, 0usize);
    for i in (0..a.len()).filter(|&i| mask[i]) {
        let (mx, my) = (ma[i], mb[i]);
        let (vx, vy, cxy) = (aa[i] - mx * mx, bb[i] - my * my, ab[i] - mx * my);
        let s =
            ((2.0 * mx * my + c1) * (2.0 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        sum += f64::from(s);
        n += 1;
    }
    if n == 0 {
        1.0
    } else {
        sum / n as f64
    }
}

fn ink(rgba: &[u8], bg: [u8; 3]) -> Vec<bool> {
    rgba.chunks_exact(4)
        .map(|p| (0..3).any(|c| (i32::from(p[c]) - i32::from(bg[c])).abs() > INK_DISTANCE))
        .collect()
}

/// The mask grown by `r` px in each direction (a square), by two 1-D passes.
fn dilate(m: &[bool], w: usize, h: usize, r: usize) -> Vec<bool> {
    let mut rows = vec![false; m.len()];
    for y in 0..h {
        for x in 0..w {
            let (a, b) = (x.saturating_sub(r), (x + r).min(w - 1));
            rows[y * w + x] = m[y * w + a..=y * w + b].iter().any(|&v| v);
        }
    }
    let mut out = vec![false; m.len()];
    for y in 0..h {
        let (a, b) = (y.saturating_sub(r), (y + r).min(h - 1));
        for x in 0..w {
            out[y * w + x] = (a..=b).any(|yy| rows[yy * w + x]);
        }
    }
    out
}

/// Compare a candidate with a reference of the same size (RGBA), on a background colour.
pub fn compare(
    reference: &[u8],
    candidate: &[u8],
    w: u32,
    h: u32,
    bg: [u8; 3],
    radius: usize,
) -> Fidelity {
    let (w, h) = (w as usize, h as usize);
    let (ri, ci) = (ink(reference, bg), ink(candidate, bg));
    let (rd, cd) = (dilate(&ri, w, h, radius), dilate(&ci, w, h, radius));
    let share = |a: &[bool], b: &[bool]| {
        let n = a.iter().filter(|&&v| v).count();
        let hit = a.iter().zip(b).filter(|(&x, &y)| x && y).count();
        if n == 0 {
            1.0
        } else {
            hit as f64 / n as f64
        }
    };
    let (mut sum, mut n) = (0.0, 0usize);
    for (i, _) in ri.iter().enumerate().filter(|(_, &v)| v) {
        let d: i32 = (0..3)
            .map(|c| (i32::from(reference[i * 4 + c]) - i32::from(candidate[i * 4 + c])).abs())
            .sum();
        sum += f64::from(d) / 3.0;
        n += 1;
    }
    let near: Vec<bool> = dilate(&ri, w, h, SSIM_MARGIN)
        .iter()
        .zip(dilate(&ci, w, h, SSIM_MARGIN))
        .map(|(&x, y)| x || y)
        .collect();
    let (lr, lc) = (
        blur(&luma(reference), w, h, BLUR_SIGMA),
        blur(&luma(candidate), w, h, BLUR_SIGMA),
    );
    Fidelity {
        recall: share(&ri, &cd),
        precision: share(&ci, &rd),
        colour: if n == 0 { 0.0 } else { sum / n as f64 },
        ssim: ssim(&lr, &lc, w, h, &vec![true; w * h]),
        ssim_ink: ssim(&lr, &lc, w, h, &near),
    }
}
