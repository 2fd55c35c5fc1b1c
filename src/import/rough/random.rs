//! rough.js's seeded generator: `seed = Math.imul(48271, seed)`, each number
//! `(seed & 0x7fffffff) / 2³¹`.

/// One random stream. rough.js makes one per shape call from the options' seed (a copy of the
/// options shares it; the second stroke of a curve starts another at seed + 1).
#[derive(Debug, Clone)]
pub struct Random {
    state: i32,
    /// The stand-in for `Math.random()` where the seed is 0 (rough.js is not reproducible there;
    /// inkplay is: a fixed stream).
    fallback: u64,
}

impl Random {
    /// A stream from a seed as JavaScript holds it (a double; `Math.imul` takes it modulo 2³²).
    pub fn new(seed: f64) -> Self {
        Self {
            state: to_int32(seed),
            fallback: 0x9e37_79b9_7f4a_7c15,
        }
    }

    /// The next number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        if self.state != 0 {
            self.state = self.state.wrapping_mul(48271);
            f64::from(self.state & 0x7fff_ffff) / 2_147_483_648.0
        } else {
            // splitmix64: only for seed 0, where rough.js itself calls Math.random().
            self.fallback = self.fallback.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.fallback;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) as f64 / 18_446_744_073_709_551_616.0
        }
    }
}

/// ECMAScript's ToInt32.
pub(crate) fn to_int32(v: f64) -> i32 {
    if !v.is_finite() {
        return 0;
    }
    let m = v.trunc().rem_euclid(4_294_967_296.0);
    (m as u64 as u32) as i32
}

/// JavaScript's `Math.round`: the nearest integer, halves toward +∞.
pub(crate) fn js_round(x: f64) -> f64 {
    let f = x.floor();
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_math_imul_48271() {
        let mut r = Random::new(1.0);
        assert_eq!(r.next_f64(), 48271.0 / 2_147_483_648.0);
        // 48271² = 2330089441 wraps to -1964877855 in 32 bits; its low 31 bits are 182605793.
        assert_eq!(r.next_f64(), 182_605_793.0 / 2_147_483_648.0);
        assert_eq!(to_int32(2_147_483_648.0), i32::MIN);
        assert_eq!(to_int32(-1.0), -1);
    }

    #[test]
    fn js_round_takes_halves_up() {
        assert_eq!(js_round(-2.5), -2.0);
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(js_round(0.499_999_999_999_999_94), 0.0);
    }
}
