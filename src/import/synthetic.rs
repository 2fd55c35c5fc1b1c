//! Deterministic synthetic drawings: `synthetic:N[:SEED]`.
//!
//! N strokes that look and move like handwriting: each stroke has 20–100 samples taken about every
//! 16 ms (with jitter, and now and then two samples with the same time, as real tablets report),
//! a smoothly wandering direction, a speed that rises and falls within the stroke, and a pressure
//! that ramps up, varies and lifts off. Strokes are separated by pen-up pauses of 120–700 ms.
//! They are scattered over a 16:9 canvas whose area grows with N, so the ink density (and the
//! amount of new ink per frame) stays the same whatever N is. Most strokes are dark ink; some are
//! coloured and about one in twelve is a translucent, wider highlighter stroke.
//!
//! The generator is a hand-written SplitMix64, on purpose: benchmarks and snapshot tests depend on
//! the exact drawing for a given seed, and a local generator cannot change under a dependency
//! update. Each stroke has its own generator (seeded by the seed and its index), so strokes are
//! made in parallel and the drawing does not depend on how many threads made it.

use super::Format;
use crate::model::{Color, Drawing, DrawingMeta, Point, Stroke, StrokeStyle};

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, statistically fine for geometry.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Roughly normal with mean 0 and standard deviation 1 (sum of four uniforms).
    pub fn normal(&mut self) -> f64 {
        (self.unit() + self.unit() + self.unit() + self.unit() - 2.0) * 3.0f64.sqrt()
    }
}

const PALETTE: [Color; 6] = [
    Color::rgb(0x1e, 0x1e, 0x1e),
    Color::rgb(0x1f, 0x3a, 0x93),
    Color::rgb(0xc0, 0x2a, 0x2a),
    Color::rgb(0x1b, 0x7a, 0x3d),
    Color::rgb(0x6a, 0x2c, 0x91),
    Color::rgb(0x22, 0x22, 0x44),
];

/// Side length of the square of canvas each stroke gets on average, in drawing units.
const CELL: f64 = 110.0;

/// The canvas `n` strokes are scattered over: `(width, height)` in drawing units.
pub(crate) fn canvas(n: usize) -> (f64, f64) {
    let area = (n.max(1) as f64) * CELL * CELL;
    let w = (area * 16.0 / 9.0).sqrt();
    (w, w * 9.0 / 16.0)
}

/// Widest stroke the generator makes (the highlighter), in drawing units.
pub(crate) const MAX_WIDTH: f32 = 14.0;

/// The drawing's metadata.
pub(crate) fn meta(n: usize, seed: u64) -> DrawingMeta {
    DrawingMeta {
        name: format!("synthetic:{n}:{seed}"),
        format: Format::Synthetic.name().into(),
        has_timing: true,
        has_pressure: true,
        canvas: None,
    }
}

/// The strokes of `synthetic:N:SEED`, in order (so a player can show the first strokes before the
/// last are made). Strokes are valid as generated: finite, time non-decreasing from 0.
///
/// Each stroke comes from its own generator, seeded by the drawing's seed and its index, with times
/// from its own start; only the start times (a running sum of durations and pauses) are
/// sequential. So strokes are made in parallel blocks ([`Strokes::make`]) and the drawing for a
/// seed is the same whatever the block sizes and however many threads made it.
#[derive(Debug, Clone)]
pub(crate) struct Strokes {
    seed: u64,
    w: f64,
    h: f64,
    /// Start of the next stroke.
    t: f64,
    /// Index of the next stroke to make.
    next: usize,
    n: usize,
    /// Made and not yet taken.
    ready: std::collections::VecDeque<Stroke>,
}

/// Strokes made at most at once: about 0.4 M points, a few ms on a few cores.
const MAX_BLOCK: usize = 8192;

impl Strokes {
    /// The strokes of `synthetic:n:seed`.
    pub(crate) fn new(n: usize, seed: u64) -> Self {
        let (w, h) = canvas(n);
        Self {
            seed,
            w,
            h,
            t: 0.0,
            next: 0,
            n,
            ready: std::collections::VecDeque::new(),
        }
    }

    /// Strokes made and not yet taken.
    pub(crate) fn ready_len(&self) -> usize {
        self.ready.len()
    }

    /// Make the next `count` strokes (at most [`MAX_BLOCK`], at least one while any are left)
    /// on every core, ready to be taken.
    pub(crate) fn make(&mut self, count: usize) {
        use rayon::prelude::*;
        let end = (self.next + count.clamp(1, MAX_BLOCK)).min(self.n);
        let (seed, w, h) = (self.seed, self.w, self.h);
        let made: Vec<(Stroke, f64)> = (self.next..end)
            .into_par_iter()
            .map(|i| stroke(seed, i, w, h))
            .collect();
        for (mut s, next_start) in made {
            s.points.shift_time(self.t);
            self.t += next_start;
            self.ready.push_back(s);
        }
        self.next = end;
    }
}

/// Stroke `i` of the drawing with `seed` on a `w` × `h` canvas, its times from its own start, and
/// when the next stroke starts (its duration and a pen-up pause).
fn stroke(seed: u64, i: usize, w: f64, h: f64) -> (Stroke, f64) {
    let rng = &mut SplitMix64::new(seed ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut t = 0.0;
    let count = 20 + (rng.next_u64() % 81) as usize;
    let mut x = rng.range(0.05, 0.95) * w;
    let mut y = rng.range(0.05, 0.95) * h;
    let mut heading = rng.range(0.0, std::f64::consts::TAU);
    let mut turn = rng.normal() * 0.04;
    let top_speed = rng.range(2.0, 6.0);
    let base_pressure = rng.range(0.35, 0.75);
    let mut points = Vec::with_capacity(count);
    for k in 0..count {
        let s = k as f64 / (count - 1) as f64;
        let bell = (std::f64::consts::PI * s).sin();
        let pressure =
            (base_pressure * (0.35 + 0.65 * bell.powf(0.6)) + 0.04 * rng.normal()).clamp(0.0, 1.0);
        points.push(Point::new(x as f32, y as f32, t).with_pressure(pressure as f32));
        // Next sample: ~16 ms later, sometimes a duplicate time stamp or a late sample.
        let r = rng.unit();
        t += if r < 0.04 {
            0.0
        } else if r < 0.1 {
            rng.range(24.0, 40.0)
        } else {
            rng.range(14.0, 18.0)
        };
        turn = (turn + rng.normal() * 0.015).clamp(-0.12, 0.12);
        heading += turn;
        let speed = top_speed * (0.15 + 0.85 * bell);
        x = (x + heading.cos() * speed).clamp(0.0, w);
        y = (y + heading.sin() * speed).clamp(0.0, h);
    }
    let next_start = points.last().map_or(t, |p: &Point| p.t_ms) + rng.range(120.0, 700.0);
    let pick = rng.unit();
    let style = if pick < 1.0 / 12.0 {
        StrokeStyle {
            color: Color::rgba(0xff, 0xc8, 0x00, 110),
            width: MAX_WIDTH,
            thinning: 0.1,
            ..StrokeStyle::default()
        }
    } else {
        StrokeStyle {
            color: PALETTE[(rng.next_u64() % PALETTE.len() as u64) as usize],
            width: rng.range(2.0, 5.0) as f32,
            ..StrokeStyle::default()
        }
    };
    (Stroke::styled(points, style), next_start)
}

impl Iterator for Strokes {
    type Item = Stroke;

    fn next(&mut self) -> Option<Stroke> {
        if self.ready.is_empty() {
            if self.next >= self.n {
                return None;
            }
            // Taken one at a time: blocks grow as strokes are taken, up to MAX_BLOCK.
            self.make(self.next.max(64));
        }
        self.ready.pop_front()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.n - self.next + self.ready.len();
        (left, Some(left))
    }
}

impl ExactSizeIterator for Strokes {}

/// Generate `n` strokes from `seed` (on every core).
pub fn generate(n: usize, seed: u64) -> Drawing {
    let mut strokes = Strokes::new(n, seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        strokes.make(MAX_BLOCK);
        out.extend(strokes.ready.drain(..));
    }
    Drawing {
        strokes: out,
        meta: meta(n, seed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_for_a_seed_and_different_across_seeds() {
        assert_eq!(generate(50, 3), generate(50, 3));
        assert_ne!(generate(50, 3).strokes, generate(50, 4).strokes);
    }

    #[test]
    fn strokes_look_like_handwriting() {
        let d = generate(300, 1);
        assert_eq!(d.strokes.len(), 300);
        let mut prev_end = f64::NEG_INFINITY;
        let mut pressures = Vec::new();
        for s in &d.strokes {
            assert!((20..=100).contains(&s.points.len()));
            assert!(s.start_ms() > prev_end, "pen-up pause between strokes");
            prev_end = s.end_ms();
            for w in s.points.to_vec().windows(2) {
                let dt = w[1].t_ms - w[0].t_ms;
                assert!((0.0..=40.0).contains(&dt));
                let step = (w[1].x - w[0].x).hypot(w[1].y - w[0].y);
                assert!(step <= 6.01, "smooth motion, step {step}");
            }
            pressures.extend(s.points.iter().map(|p| p.pressure));
        }
        let (lo, hi) = pressures
            .iter()
            .fold((1.0f32, 0.0f32), |(lo, hi), &p| (lo.min(p), hi.max(p)));
        assert!(lo < 0.3 && hi > 0.6, "pressure varies: {lo}..{hi}");
        let (d, w) = d.validated().expect("valid");
        assert!(w.is_empty(), "{w:?}");
        assert!(d.duration_ms() > 300.0 * 300.0);
    }

    #[test]
    fn the_same_drawing_whatever_the_blocks() {
        let whole = generate(3000, 9);
        let mut one_by_one = Strokes::new(3000, 9);
        let mut taken: Vec<Stroke> = Vec::new();
        let mut k = 1;
        while taken.len() < 3000 {
            one_by_one.make(k);
            taken.extend(one_by_one.ready.drain(..));
            k = k * 3 + 1;
        }
        assert_eq!(taken, whole.strokes);
        assert_eq!(Strokes::new(3000, 9).collect::<Vec<_>>(), whole.strokes);
    }

    #[test]
    fn canvas_grows_with_stroke_count() {
        let small = generate(100, 1).bbox().expect("bbox");
        let big = generate(10_000, 1).bbox().expect("bbox");
        let ratio = big.width() / small.width();
        assert!((7.0..13.0).contains(&ratio), "width ratio {ratio}");
    }
}
