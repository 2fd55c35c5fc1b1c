//! A stroke's samples in a compact column store: [`Points`].
//!
//! A drawing of a million strokes holds tens of millions of points, and they stay in memory after
//! the meshes are on the GPU (a tolerance or settings change tessellates again). [`Point`] is the
//! exchange type (24 bytes, time as `f64`); a stroke keeps its points in 14 bytes each, in one
//! allocation, as three columns:
//! - positions as `f32` pairs (exact);
//! - times as `f32` offsets from the stroke's first time, which is kept as `f64`. An offset is
//!   rounded *down* to the next `f32`, so a decoded time is never later than the one given: times
//!   made non-decreasing across a drawing stay so, and a stroke never appears to end after the next
//!   one starts. The error is below 2⁻²⁴ of the offset (under 0.25 ms an hour into a stroke);
//! - pressure as IEEE half floats (`f16`): a relative error below 2⁻¹¹ (0.05 %, finer than the
//!   width steps anyone can see), and NaN or infinite values survive, so
//!   [`Drawing::validated`](super::Drawing::validated) still reports them. Finite values beyond
//!   the `f16` range are stored as its largest finite value.

use std::ops::Range;

use half::f16;

use super::Point;

/// A stroke's samples, in time order (see the module docs for the layout and its precision).
///
/// Read them as [`Point`]s with [`Points::iter`], [`Points::get`] or [`Points::at`]; the positions
/// are also available as a slice ([`Points::positions`]). Build them from a `Vec<Point>` or any
/// iterator of points; change them with [`Points::update`] or [`Points::shift_time`].
#[derive(Clone, Default, PartialEq)]
pub struct Points {
    /// Time of the first point.
    t0: f64,
    /// `n` position pairs (`2n` words of `f32` bits), then `n` time offsets (`f32` bits), then
    /// `n` half-float pressures packed two to a word (`⌈n/2⌉` words). The length is
    /// `3n + ⌈n/2⌉`, which determines `n` (see [`Points::len`]).
    data: Box<[u32]>,
}

/// Words of storage for `n` points.
fn words(n: usize) -> usize {
    3 * n + n.div_ceil(2)
}

/// `t - t0` as the `f32` nearest to it whose decoded time `t0 + offset` is not later than `t` (NaN
/// stays NaN). Decoding and encoding again gives the same offset, so stores survive round trips.
fn offset(t: f64, t0: f64) -> f32 {
    let f = (t - t0) as f32;
    if t0 + f64::from(f) > t {
        next_down(f)
    } else {
        f
    }
}

/// The largest `f32` below `f` (`f32::next_down`, which is newer than this crate's MSRV).
fn next_down(f: f32) -> f32 {
    if f.is_nan() || f == f32::NEG_INFINITY {
        f
    } else if f == 0.0 {
        -f32::from_bits(1)
    } else if f > 0.0 {
        f32::from_bits(f.to_bits() - 1)
    } else {
        f32::from_bits(f.to_bits() + 1)
    }
}

/// `p` as a half float, finite values saturating at the largest finite `f16`.
fn half(p: f32) -> u16 {
    let max = f16::MAX.to_f32();
    let p = if p.is_finite() { p.clamp(-max, max) } else { p };
    f16::from_f32(p).to_bits()
}

impl Points {
    /// No points.
    pub fn new() -> Self {
        Self::default()
    }

    /// The points of a slice.
    pub fn from_slice(points: &[Point]) -> Self {
        let n = points.len();
        let t0 = points.first().map_or(0.0, |p| p.t_ms);
        let mut data = vec![0u32; words(n)].into_boxed_slice();
        {
            let (xy, rest) = data.split_at_mut(2 * n);
            let (dt, pressure) = rest.split_at_mut(n);
            for (i, p) in points.iter().enumerate() {
                xy[2 * i] = p.x.to_bits();
                xy[2 * i + 1] = p.y.to_bits();
                dt[i] = offset(p.t_ms, t0).to_bits();
            }
            let halves: &mut [u16] = bytemuck::cast_slice_mut(pressure);
            for (h, p) in halves.iter_mut().zip(points) {
                *h = half(p.pressure);
            }
        }
        Self { t0, data }
    }

    /// How many points.
    pub fn len(&self) -> usize {
        // `2 · words = 7n` for even `n` and `7n + 1` for odd `n`.
        2 * self.data.len() / 7
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The positions, `[x, y]` in drawing units.
    pub fn positions(&self) -> &[[f32; 2]] {
        let n = self.len();
        bytemuck::cast_slice(&self.data[..2 * n])
    }

    fn offsets(&self) -> &[f32] {
        let n = self.len();
        bytemuck::cast_slice(&self.data[2 * n..3 * n])
    }

    fn pressures(&self) -> &[u16] {
        let n = self.len();
        &bytemuck::cast_slice(&self.data[3 * n..])[..n]
    }

    /// Point `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<Point> {
        let [x, y] = *self.positions().get(i)?;
        Some(Point {
            x,
            y,
            t_ms: self.t0 + f64::from(self.offsets()[i]),
            pressure: f16::from_bits(self.pressures()[i]).to_f32(),
        })
    }

    /// Point `i`.
    ///
    /// # Panics
    /// If `i` is out of range (as indexing a slice does).
    pub fn at(&self, i: usize) -> Point {
        match self.get(i) {
            Some(p) => p,
            None => panic!("point {i} of {}", self.len()),
        }
    }

    /// The first point.
    pub fn first(&self) -> Option<Point> {
        self.get(0)
    }

    /// The last point.
    pub fn last(&self) -> Option<Point> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Every point, in order.
    pub fn iter(&self) -> Iter<'_> {
        self.range(0..self.len())
    }

    /// The points in `range` (clamped to the points there are).
    pub fn range(&self, range: Range<usize>) -> Iter<'_> {
        let end = range.end.min(self.len());
        Iter {
            points: self,
            range: range.start.min(end)..end,
        }
    }

    /// The points as a vector.
    pub fn to_vec(&self) -> Vec<Point> {
        self.iter().collect()
    }

    /// Change every point with `f`, in order. When `f` changes any point the store is rebuilt (so
    /// times are offsets from the new first time); otherwise nothing is allocated.
    pub fn update(&mut self, mut f: impl FnMut(&mut Point)) {
        let mut changed: Option<Vec<Point>> = None;
        for (i, p) in self.iter().enumerate() {
            let mut q = p;
            f(&mut q);
            match changed.as_mut() {
                Some(v) => v.push(q),
                None if q != p => {
                    let mut v = Vec::with_capacity(self.len());
                    v.extend(self.range(0..i));
                    v.push(q);
                    changed = Some(v);
                }
                None => {}
            }
        }
        if let Some(v) = changed {
            *self = Self::from_slice(&v);
        }
    }

    /// Move every point's time by `ms` (exact for the offsets: only the first time changes).
    pub fn shift_time(&mut self, ms: f64) {
        self.t0 += ms;
    }

    /// Bytes of heap this store holds.
    pub fn heap_bytes(&self) -> usize {
        self.data.len() * 4
    }
}

impl std::fmt::Debug for Points {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<Vec<Point>> for Points {
    fn from(points: Vec<Point>) -> Self {
        Self::from_slice(&points)
    }
}

impl From<&[Point]> for Points {
    fn from(points: &[Point]) -> Self {
        Self::from_slice(points)
    }
}

impl FromIterator<Point> for Points {
    fn from_iter<I: IntoIterator<Item = Point>>(iter: I) -> Self {
        Self::from_slice(&iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Points {
    type Item = Point;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The points of a [`Points`] (or a range of them), decoded one at a time.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    points: &'a Points,
    range: Range<usize>,
}

impl Iterator for Iter<'_> {
    type Item = Point;
    fn next(&mut self) -> Option<Point> {
        let i = self.range.next()?;
        self.points.get(i)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Point> {
        let i = self.range.next_back()?;
        self.points.get(i)
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32, t: f64, pressure: f32) -> Point {
        Point {
            x,
            y,
            t_ms: t,
            pressure,
        }
    }

    #[test]
    fn round_trips_within_the_stated_precision() {
        for n in 0..9 {
            let pts: Vec<Point> = (0..n)
                .map(|i| {
                    p(
                        i as f32 * 1.5,
                        -(i as f32),
                        1e9 + i as f64 * 16.7,
                        i as f32 / 8.0,
                    )
                })
                .collect();
            let s = Points::from_slice(&pts);
            assert_eq!(s.len(), n, "length from the storage size");
            assert_eq!(s.heap_bytes(), words(n) * 4);
            for (a, b) in pts.iter().zip(s.iter()) {
                assert_eq!((a.x, a.y), (b.x, b.y), "positions exact");
                assert!(
                    b.t_ms <= a.t_ms && a.t_ms - b.t_ms < 1e-3,
                    "{} vs {}",
                    a.t_ms,
                    b.t_ms
                );
                assert_eq!(a.pressure, b.pressure, "eighths are exact in f16");
            }
            assert_eq!(s.iter().rev().count(), n);
        }
    }

    #[test]
    fn times_never_move_later_and_the_first_is_exact() {
        let pts: Vec<Point> = (0..1000)
            .map(|i| p(0.0, 0.0, 123.456 + f64::from(i) * 0.1, 0.5))
            .collect();
        let s = Points::from_slice(&pts);
        assert_eq!(s.first().map(|q| q.t_ms), Some(123.456));
        let mut last = f64::NEG_INFINITY;
        for (a, b) in pts.iter().zip(&s) {
            assert!(b.t_ms <= a.t_ms && b.t_ms >= last);
            last = b.t_ms;
        }
    }

    #[test]
    fn pressure_is_within_half_float_precision_and_non_finite_values_survive() {
        let pts = [
            p(0.0, 0.0, 0.0, 0.7),
            p(0.0, 0.0, 1.0, f32::NAN),
            p(0.0, 0.0, f64::INFINITY, 1e9),
        ];
        let s = Points::from_slice(&pts);
        assert!((s.at(0).pressure - 0.7).abs() < 0.7 / 2048.0);
        assert!(s.at(1).pressure.is_nan());
        assert_eq!(
            s.at(2).pressure,
            f16::MAX.to_f32(),
            "saturates, stays finite"
        );
        assert!(s.at(2).t_ms.is_infinite());
    }

    #[test]
    fn update_and_shift_change_what_they_say() {
        let mut s: Points = (0..5)
            .map(|i| p(i as f32, 0.0, f64::from(i), 0.5))
            .collect();
        s.update(|q| q.pressure = 1.0);
        assert!(s.iter().all(|q| q.pressure == 1.0));
        s.shift_time(-10.0);
        assert_eq!(s.last().map(|q| q.t_ms), Some(-6.0));
        assert_eq!(s.range(3..99).count(), 2);
        assert_eq!(s.get(5), None);
    }

    #[test]
    fn next_down_steps_to_the_neighbour_below() {
        for f in [1.0f32, -1.0, 0.0, 3.4e38, f32::INFINITY, -1e-40] {
            let d = next_down(f);
            assert!(d < f, "{f}");
            assert!(f64::from(d) < f64::from(f));
        }
        assert_eq!(next_down(1.0), 1.0 - f32::EPSILON / 2.0);
        assert!(next_down(f32::NAN).is_nan());
    }

    #[test]
    fn decoding_and_encoding_again_changes_nothing() {
        let pts: Vec<Point> = (0..500)
            .map(|i| p(0.0, 0.0, 2048.206 + f64::from(i) * 1.37, 0.59))
            .collect();
        let once = Points::from_slice(&pts);
        let twice = Points::from_slice(&once.to_vec());
        assert_eq!(once, twice);
    }
}
