//! The frame-time panel's per-pass breakdown: the GPU passes of recent frames, summarised.

use std::collections::VecDeque;

use crate::gpu::GpuFrameTimes;
use crate::stats::Summary;

/// Frames whose passes are summarised (about two seconds at 60 Hz).
pub const PASS_HISTORY: usize = 120;

/// One pass over recent frames.
#[derive(Debug, Clone, PartialEq)]
pub struct PassSummary {
    /// The pass (`layer update`, `composition`, `live strokes`, `egui`, …; `frame` for the
    /// whole).
    pub label: &'static str,
    /// Frames it ran in, of those summarised.
    pub frames: usize,
    /// Its GPU time per frame it ran in, ms.
    pub ms: Summary,
}

/// GPU times of recent frames, pass by pass.
#[derive(Debug, Clone, Default)]
pub struct PassStats {
    frames: VecDeque<GpuFrameTimes>,
}

impl PassStats {
    /// Add frames whose times came back.
    pub fn push(&mut self, times: &[GpuFrameTimes]) {
        for t in times {
            if self.frames.len() == PASS_HISTORY {
                self.frames.pop_front();
            }
            self.frames.push_back(t.clone());
        }
    }

    /// Frames summarised.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether no frame's GPU times came back (a device without timestamps).
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The whole frame first, then each pass in the order it first ran; a pass that ran more than
    /// once in a frame counts once, with its times added up.
    pub fn summary(&self) -> Vec<PassSummary> {
        let mut order: Vec<&'static str> = Vec::new();
        let mut per: Vec<Vec<f64>> = Vec::new();
        let total: Vec<f64> = self.frames.iter().map(|f| f.total_ms).collect();
        for f in &self.frames {
            let mut this: Vec<(&'static str, f64)> = Vec::new();
            for p in &f.passes {
                match this.iter_mut().find(|(l, _)| *l == p.label) {
                    Some((_, ms)) => *ms += p.ms,
                    None => this.push((p.label, p.ms)),
                }
            }
            for (label, ms) in this {
                let i = match order.iter().position(|l| *l == label) {
                    Some(i) => i,
                    None => {
                        order.push(label);
                        per.push(Vec::new());
                        order.len() - 1
                    }
                };
                per[i].push(ms);
            }
        }
        let mut out = vec![PassSummary {
            label: "frame",
            frames: total.len(),
            ms: Summary::of(&total),
        }];
        out.extend(order.into_iter().zip(per).map(|(label, v)| PassSummary {
            label,
            frames: v.len(),
            ms: Summary::of(&v),
        }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::GpuPassTime;

    fn frame(tag: u64, passes: &[(&'static str, f64)]) -> GpuFrameTimes {
        let mut start = 0.0;
        GpuFrameTimes {
            tag,
            submit_ns: 0,
            total_ms: passes.iter().map(|p| p.1).sum(),
            passes: passes
                .iter()
                .map(|&(label, ms)| {
                    let p = GpuPassTime {
                        label,
                        start_ms: start,
                        ms,
                    };
                    start += ms;
                    p
                })
                .collect(),
        }
    }

    #[test]
    fn passes_are_summarised_in_order_over_a_window() {
        let mut s = PassStats::default();
        for i in 0..(PASS_HISTORY as u64 + 30) {
            let mut p = vec![("layer update", 1.0), ("composition", 0.5)];
            if i % 2 == 0 {
                p.push(("live strokes", 0.25));
                p.push(("live strokes", 0.25));
            }
            s.push(&[frame(i, &p)]);
        }
        assert_eq!(s.len(), PASS_HISTORY);
        let sum = s.summary();
        let labels: Vec<_> = sum.iter().map(|p| p.label).collect();
        assert_eq!(
            labels,
            ["frame", "layer update", "composition", "live strokes"]
        );
        assert_eq!(sum[1].frames, PASS_HISTORY);
        assert_eq!(sum[3].frames, PASS_HISTORY / 2);
        assert!((sum[3].ms.p50 - 0.5).abs() < 1e-9, "{:?}", sum[3]);
        assert!((sum[0].ms.max - 2.0).abs() < 1e-9);
    }
}
