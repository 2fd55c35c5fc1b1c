//! Points of a path as lyon gets them (position, width factor, time), and the clean-up they get
//! first: merging the points lyon would merge itself, bounding how fast the width changes, and
//! extra points near the ends of long segments (see [`PathPoint`]).

/// Consecutive points closer than this fraction of their coordinates' magnitude are merged (see
/// `PathPoint::coincides`).
const MERGE_RELATIVE: f32 = 8e-6;
/// How far over lyon's merge distance (squared) points are merged too, for rounding.
const MERGE_MARGIN: f32 = 1.01;
/// The fastest a stroke's half-width may change along it, per unit of length (see
/// `PathPoint::limit_width_slope`).
const MAX_WIDTH_SLOPE: f32 = 0.5;

/// A path point with its lyon attributes (width factor, time).
#[derive(Debug, Clone, Copy)]
pub(super) struct PathPoint {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) attrs: [f32; 2],
}

impl PathPoint {
    fn lerp(a: Self, b: Self, f: f32) -> Self {
        Self {
            x: a.x + (b.x - a.x) * f,
            y: a.y + (b.y - a.y) * f,
            attrs: [
                a.attrs[0] + (b.attrs[0] - a.attrs[0]) * f,
                a.attrs[1] + (b.attrs[1] - a.attrs[1]) * f,
            ],
        }
    }

    /// The distance under which lyon's stroke tessellator drops a point as too close to the
    /// point before it (its merge threshold, from the tolerance and the line width).
    pub(super) fn lyon_merge_distance(tolerance: f32, line_width: f32) -> f32 {
        (tolerance * tolerance * 0.5)
            .min(line_width * line_width * 0.05)
            .max(1e-8)
            .sqrt()
    }

    /// Whether `q` is too close to `self` to be its own point: within `merge` (see
    /// [`PathPoint::lyon_merge_distance`]; a little over it, so lyon never drops a point these
    /// keep), or within [`MERGE_RELATIVE`] of the coordinates' magnitude (some 64 float steps).
    /// Far from the origin, samples a few steps apart made lyon's join directions zero-length
    /// and NaN; and a point lyon dropped in a reversal joined two segments whose width changes
    /// added up, past what [`PathPoint::limit_width_slope`] had allowed either (both found by
    /// fuzzing).
    pub(super) fn coincides(&self, q: &Self, merge: f32) -> bool {
        let (dx, dy) = (q.x - self.x, q.y - self.y);
        let scale = self.x.abs().max(self.y.abs()).max(1.0);
        dx.abs().max(dy.abs()) <= scale * MERGE_RELATIVE
            || dx * dx + dy * dy <= merge * merge * MERGE_MARGIN
    }

    /// Narrow points so the half-width changes by at most [`MAX_WIDTH_SLOPE`] per unit of length
    /// (`half_width` is the half-width at factor 1), along the segment that closes a `closed`
    /// path too. Where pressure changes faster than the segment is long, the sides of lyon's
    /// variable-width stroke have no tangent and its joins come out NaN (found by fuzzing); only
    /// ever narrows, so no point gets wider than recorded.
    pub(super) fn limit_width_slope(pts: &mut [Self], half_width: f32, closed: bool) {
        let n = pts.len();
        if half_width <= 0.0 || n < 2 {
            return;
        }
        let step = |a: &Self, b: &Self| MAX_WIDTH_SLOPE * (b.x - a.x).hypot(b.y - a.y) / half_width;
        // Each point is capped by its neighbour one way, then the other. Round a closed path,
        // twice each way: every point is then capped through every other, the short way round.
        let segments = if closed && n > 2 { 2 * n } else { n - 1 };
        for i in 1..=segments {
            let (a, b) = ((i - 1) % n, i % n);
            let cap = pts[a].attrs[0] + step(&pts[a], &pts[b]);
            pts[b].attrs[0] = pts[b].attrs[0].min(cap);
        }
        for i in (1..=segments).rev() {
            let (a, b) = ((i - 1) % n, i % n);
            let cap = pts[b].attrs[0] + step(&pts[a], &pts[b]);
            pts[a].attrs[0] = pts[a].attrs[0].min(cap);
        }
    }

    /// Whether every join of the polyline `pts` (closing back to its start when `closed`) turns so
    /// little that a miter join lies within `tolerance` of a round one for a line of half-width
    /// `half_width`: the miter tip is `half_width / cos(θ / 2)` from the point, the arc
    /// `half_width`. Then a round join can be drawn as a miter, two vertices instead of three or
    /// more, with no difference beyond the tessellation tolerance.
    pub(super) fn joins_within(
        pts: &[Self],
        closed: bool,
        half_width: f32,
        tolerance: f32,
    ) -> bool {
        if half_width <= 0.0 {
            return true;
        }
        // cos θ ≥ 2 (hw / (hw + tol))² − 1  ⇔  hw / cos(θ / 2) − hw ≤ tol.
        let r = half_width / (half_width + tolerance);
        let cos_min = 2.0 * r * r - 1.0;
        let n = pts.len();
        let dir = |a: &Self, b: &Self| (b.x - a.x, b.y - a.y);
        let turns = if closed && n > 2 {
            n
        } else {
            n.saturating_sub(2)
        };
        (0..turns).all(|k| {
            let (a, b, c) = (&pts[k], &pts[(k + 1) % n], &pts[(k + 2) % n]);
            let (u, v) = (dir(a, b), dir(b, c));
            let len = u.0.hypot(u.1) * v.0.hypot(v.1);
            len <= 0.0 || (u.0 * v.0 + u.1 * v.1) >= cos_min * len
        })
    }

    /// Points `d` from each end of the segment `a`–`b`, when it is longer than `4 d` and `d` is
    /// over twice lyon's merge distance `merge` (closer, lyon would drop the segment's ends).
    pub(super) fn near_ends(a: Self, b: Self, d: f32, merge: f32) -> (Option<Self>, Option<Self>) {
        let len = (b.x - a.x).hypot(b.y - a.y);
        if !(len > 4.0 * d && d > 2.0 * merge) {
            return (None, None);
        }
        let f = d / len;
        (Some(Self::lerp(a, b, f)), Some(Self::lerp(a, b, 1.0 - f)))
    }

    /// The points to emit for the segment `a`–`b` after `a`: the near-end points, then `b`.
    pub(super) fn straighten(a: Self, b: Self, d: f32, merge: f32) -> impl Iterator<Item = Self> {
        let (p, q) = Self::near_ends(a, b, d, merge);
        p.into_iter().chain(q).chain(std::iter::once(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32, w: f32) -> PathPoint {
        PathPoint {
            x,
            y,
            attrs: [w, 0.0],
        }
    }

    /// The input the `native` fuzz target found (a closed sub-path whose last point is wide and
    /// two units from its narrow first point): lyon's closing join came out NaN.
    #[test]
    fn a_closed_path_limits_the_width_along_its_closing_segment_too() {
        let pts = [
            p(5.0, 5.0, 0.001),
            p(4.0, 5.0, 0.5),
            p(8.0, 9.0, 0.6),
            p(5.0, 3.0, 0.5),
        ];
        let mut closed = pts;
        PathPoint::limit_width_slope(&mut closed, 4.0, true);
        let n = closed.len();
        for k in 0..n {
            let (a, b) = (&closed[k], &closed[(k + 1) % n]);
            let d = (b.x - a.x).hypot(b.y - a.y);
            let change = (b.attrs[0] - a.attrs[0]).abs();
            assert!(
                change <= MAX_WIDTH_SLOPE * d / 4.0 + 1e-6,
                "segment {k}: {closed:?}"
            );
        }
        // Open, the last point keeps its width: no segment joins it to the first.
        let mut open = pts;
        PathPoint::limit_width_slope(&mut open, 4.0, false);
        assert_eq!(open[3].attrs[0], 0.5);
        assert!(closed[3].attrs[0] <= 0.26, "{closed:?}");
    }
}
