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
    Fidelity {
        recall: share(&ri, &cd),
        precision: share(&ci, &rd),
        colour: if n == 0 { 0.0 } else { sum / n as f64 },
    }
}
