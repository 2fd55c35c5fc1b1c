//! How far a peer's frame agrees with inkplay's: the ink each has that the other has too.
//!
//! Ink is a pixel more than [`INK_THRESHOLD`] from the white page in a channel. Recall is the
//! share of inkplay's ink that the peer inks within one pixel, precision the share of the peer's
//! ink that inkplay inks within one pixel (the snapshot tests' one-pixel tolerance). A peer that
//! drops geometry shows as a low recall, and its time is reported as not comparable.

use serde::Serialize;

/// A channel this far from white (0–255) is ink.
pub const INK_THRESHOLD: u8 = 40;

/// Below this recall a peer is taken to have left part of the frame out.
pub const MIN_RECALL: f64 = 0.9;

/// A peer's last frame against inkplay's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InkAgreement {
    /// Share of inkplay's ink the peer inks within 1 px.
    pub recall: f64,
    /// Share of the peer's ink inkplay inks within 1 px.
    pub precision: f64,
}

impl InkAgreement {
    /// Whether the peer drew the frame (its recall reaches [`MIN_RECALL`]).
    pub fn complete(&self) -> bool {
        self.recall >= MIN_RECALL
    }
}

/// Compare two `w`×`h` RGBA8 frames on a white page (`None` if their sizes are not `w`×`h`).
pub fn agreement(inkplay: &[u8], peer: &[u8], w: u32, h: u32) -> Option<InkAgreement> {
    let n = w as usize * h as usize;
    if inkplay.len() != 4 * n || peer.len() != 4 * n {
        return None;
    }
    let (a, b) = (mask(inkplay), mask(peer));
    Some(InkAgreement {
        recall: covered(&a, &b, w as usize, h as usize),
        precision: covered(&b, &a, w as usize, h as usize),
    })
}

fn mask(rgba: &[u8]) -> Vec<bool> {
    rgba.chunks_exact(4)
        .map(|p| p[..3].iter().any(|&c| 255 - c > INK_THRESHOLD))
        .collect()
}

/// Share of `of`'s ink with ink of `by` within one pixel (1 when `of` has none).
fn covered(of: &[bool], by: &[bool], w: usize, h: usize) -> f64 {
    let (mut ink, mut hit) = (0u64, 0u64);
    for y in 0..h {
        for x in 0..w {
            if !of[y * w + x] {
                continue;
            }
            ink += 1;
            let near = (y.saturating_sub(1)..(y + 2).min(h))
                .any(|yy| (x.saturating_sub(1)..(x + 2).min(w)).any(|xx| by[yy * w + xx]));
            hit += u64::from(near);
        }
    }
    if ink == 0 {
        1.0
    } else {
        hit as f64 / ink as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(w: usize, h: usize, ink: &[(usize, usize)]) -> Vec<u8> {
        let mut px = vec![255u8; 4 * w * h];
        for &(x, y) in ink {
            px[4 * (y * w + x)..4 * (y * w + x) + 3].fill(0);
        }
        px
    }

    #[test]
    fn ink_a_pixel_away_agrees_and_missing_ink_lowers_recall() {
        let a = frame(8, 8, &[(2, 2), (5, 5)]);
        let b = frame(8, 8, &[(3, 2)]);
        let g = agreement(&a, &b, 8, 8).expect("same size");
        assert_eq!((g.recall, g.precision), (0.5, 1.0));
        assert!(!g.complete());
        let same = agreement(&a, &a, 8, 8).expect("same size");
        assert!(same.complete() && same.precision == 1.0);
        assert!(agreement(&a, &b[4..], 8, 8).is_none());
    }
}
