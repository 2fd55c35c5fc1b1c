//! Frames whose GPU time comes back later: their governor samples wait here until it does, and
//! each is then recorded at the larger of its CPU and GPU time.

use std::collections::VecDeque;

use crate::governor::{FrameSample, Governor, Pipelined};

/// Frames whose GPU time has not come back after this many later frames are counted by their
/// CPU time.
pub(super) const LATE_FRAMES: u64 = 16;

/// The frames waiting for their GPU time: tag, the governor's sample, CPU ms.
#[derive(Debug, Default)]
pub(super) struct AwaitingGpu {
    frames: VecDeque<(u64, FrameSample, f64)>,
}

impl AwaitingGpu {
    /// Frame `tag` took `cpu_ms` of CPU; its GPU time will come.
    pub(super) fn push(&mut self, tag: u64, sample: FrameSample, cpu_ms: f64) {
        self.frames.push_back((tag, sample, cpu_ms));
    }

    /// Forget them all (a new governor).
    pub(super) fn clear(&mut self) {
        self.frames.clear();
    }

    /// Record the frames whose GPU time came back (`(tag, gpu ms)`) at the larger of CPU and GPU
    /// time, and those more than [`LATE_FRAMES`] older than `now_tag` at their CPU time. Returns
    /// how many got their GPU time.
    pub(super) fn resolve(
        &mut self,
        governor: &mut Governor,
        now_tag: u64,
        timed: impl IntoIterator<Item = (u64, f64)>,
    ) -> u64 {
        let mut matched = 0;
        for (tag, gpu_ms) in timed {
            if let Some(i) = self.frames.iter().position(|(t, ..)| *t == tag) {
                if let Some((_, s, cpu)) = self.frames.remove(i) {
                    matched += 1;
                    governor.record(FrameSample {
                        frame_ms: cpu.max(gpu_ms),
                        pipelined: Some(Pipelined {
                            cpu_ms: cpu,
                            gpu_ms,
                        }),
                        ..s
                    });
                }
            }
        }
        while self
            .frames
            .front()
            .is_some_and(|(t, ..)| now_tag.saturating_sub(*t) > LATE_FRAMES)
        {
            if let Some((_, s, cpu)) = self.frames.pop_front() {
                governor.record(FrameSample { frame_ms: cpu, ..s });
            }
        }
        matched
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governor::{GovernorConfig, Preset};

    fn governor() -> Governor {
        Governor::new(GovernorConfig::preset(Preset::Default, 60.0))
    }

    fn sample(g: &mut Governor) -> FrameSample {
        g.begin_frame();
        g.take_sample()
    }

    #[test]
    fn a_frame_costs_the_larger_of_cpu_and_gpu_time() {
        let mut g = governor();
        let mut late = AwaitingGpu::default();
        for tag in 0..3 {
            let s = sample(&mut g);
            late.push(tag, s, 5.0);
        }
        // Frame 1's GPU time (30 ms, over the 16.7 ms budget) comes back first; frame 0's GPU
        // took less than its CPU time; frame 7 was never waited for.
        let matched = late.resolve(&mut g, 3, [(1, 30.0), (0, 2.0), (7, 1.0)]);
        assert_eq!(matched, 2);
        let st = g.stats();
        assert_eq!(st.frames, 2);
        assert_eq!(st.over_budget, 1, "frame 1 counted at its GPU time");
        // Frame 2 is still waiting.
        assert_eq!(late.resolve(&mut g, 4, []), 0);
        assert_eq!(g.stats().frames, 2);
    }

    #[test]
    fn frames_whose_gpu_time_never_comes_count_their_cpu_time() {
        let mut g = governor();
        let mut late = AwaitingGpu::default();
        let s = sample(&mut g);
        late.push(10, s, 40.0);
        assert_eq!(late.resolve(&mut g, 10 + LATE_FRAMES, []), 0);
        assert_eq!(g.stats().frames, 0, "not late yet");
        assert_eq!(late.resolve(&mut g, 11 + LATE_FRAMES, []), 0);
        let st = g.stats();
        assert_eq!(st.frames, 1);
        assert_eq!(st.over_budget, 1, "counted at its 40 ms of CPU time");
    }
}
