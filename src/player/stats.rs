//! What the frame-time and memory panels show: rolling histories and their summaries.

use std::collections::VecDeque;

use serde::Serialize;

use crate::gpu::GpuMemStats;
use crate::stats::Summary;
use crate::tess::CacheStats;

/// Frames kept for the frame-time plot and percentiles.
pub const FRAME_HISTORY: usize = 600;

/// A frame counts as janky when it takes longer than this many budgets.
pub const JANK_FACTOR: f64 = 1.5;

/// Rolling frame times against a budget.
#[derive(Debug, Clone)]
pub struct FrameStats {
    /// Time from the previous frame's start to this one's (what the viewer sees), ms.
    interval_ms: VecDeque<f64>,
    /// Time this frame's own work took on the CPU (input to present), ms.
    work_ms: VecDeque<f64>,
    /// The player's index of each frame in `work_ms` (what a click in the plot refers to).
    ids: VecDeque<u64>,
    /// The budget, ms.
    pub budget_ms: f64,
    /// Frames recorded in total.
    pub frames: u64,
    /// Frames whose interval exceeded `JANK_FACTOR` (1.5) × budget, in total.
    pub janky: u64,
    /// Frames whose work exceeded the budget, in total.
    pub over_budget: u64,
}

/// Percentiles of the recent frames.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FrameSummary {
    /// Frame intervals.
    pub interval: Summary,
    /// Frame work.
    pub work: Summary,
}

impl FrameStats {
    /// Empty, with a budget in ms.
    pub fn new(budget_ms: f64) -> Self {
        Self {
            interval_ms: VecDeque::with_capacity(FRAME_HISTORY),
            work_ms: VecDeque::with_capacity(FRAME_HISTORY),
            ids: VecDeque::with_capacity(FRAME_HISTORY),
            budget_ms,
            frames: 0,
            janky: 0,
            over_budget: 0,
        }
    }

    /// Record the player's frame `index`. `interval_ms` is `None` for the first frame.
    pub fn push(&mut self, index: u64, interval_ms: Option<f64>, work_ms: f64) {
        self.frames += 1;
        if self.ids.len() == FRAME_HISTORY {
            self.ids.pop_front();
        }
        self.ids.push_back(index);
        if work_ms > self.budget_ms {
            self.over_budget += 1;
        }
        if self.work_ms.len() == FRAME_HISTORY {
            self.work_ms.pop_front();
        }
        self.work_ms.push_back(work_ms);
        if let Some(i) = interval_ms {
            if i > JANK_FACTOR * self.budget_ms {
                self.janky += 1;
            }
            if self.interval_ms.len() == FRAME_HISTORY {
                self.interval_ms.pop_front();
            }
            self.interval_ms.push_back(i);
        }
    }

    /// Recent intervals, oldest first.
    pub fn intervals(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.interval_ms.iter().copied()
    }

    /// Recent work times, oldest first.
    pub fn work(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.work_ms.iter().copied()
    }

    /// The player's frame index of each of [`FrameStats::work`]'s samples, and of the last
    /// [`FrameStats::intervals`] (the intervals end with the latest frame too).
    pub fn ids(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        self.ids.iter().copied()
    }

    /// Percentiles of the recent frames.
    pub fn summary(&self) -> FrameSummary {
        let (a, b) = self.interval_ms.as_slices();
        let intervals = [a, b].concat();
        let (a, b) = self.work_ms.as_slices();
        let work = [a, b].concat();
        FrameSummary {
            interval: Summary::of(&intervals),
            work: Summary::of(&work),
        }
    }
}

/// One memory sample.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct MemorySample {
    /// Seconds since the player started.
    pub t_s: f64,
    /// Process resident set size.
    pub rss_bytes: u64,
    /// Heap bytes live (`None`: not measured, the counting allocator is not installed; see
    /// [`crate::memory`]).
    pub heap_live_bytes: Option<u64>,
    /// Heap peak (`None`: not measured).
    pub heap_peak_bytes: Option<u64>,
    /// GPU bytes by category (`GpuMemory` accounting).
    pub gpu: GpuMemStats,
    /// Mesh cache counters.
    pub cache: CacheStats,
    /// The retained layer's checkpoints (their bytes are `gpu.checkpoints`).
    pub checkpoints: crate::gpu::CheckpointStats,
    /// GPU buffers and textures created since start.
    pub gpu_allocations: u64,
    /// GPU buffers and textures alive now (what the soak holds flat).
    pub gpu_objects: u64,
}

/// Samples kept (2 minutes at 4 per second).
pub const MEMORY_HISTORY: usize = 480;

/// Seconds between memory samples.
pub const MEMORY_SAMPLE_S: f64 = 0.25;

/// A rolling history of memory samples.
#[derive(Debug, Clone, Default)]
pub struct MemoryHistory {
    samples: VecDeque<MemorySample>,
}

impl MemoryHistory {
    /// Add a sample if at least `MEMORY_SAMPLE_S` passed since the last one (or none yet);
    /// returns whether it was added.
    pub fn offer(&mut self, s: MemorySample) -> bool {
        if self
            .samples
            .back()
            .is_some_and(|l| s.t_s - l.t_s < MEMORY_SAMPLE_S)
        {
            return false;
        }
        if self.samples.len() == MEMORY_HISTORY {
            self.samples.pop_front();
        }
        self.samples.push_back(s);
        true
    }

    /// Whether a sample taken at `t_s` would be kept (so the OS is asked for RSS only then).
    pub fn due(&self, t_s: f64) -> bool {
        self.samples
            .back()
            .is_none_or(|l| t_s - l.t_s >= MEMORY_SAMPLE_S)
    }

    /// The newest sample.
    pub fn latest(&self) -> Option<&MemorySample> {
        self.samples.back()
    }

    /// All samples, oldest first.
    pub fn samples(&self) -> impl ExactSizeIterator<Item = &MemorySample> + '_ {
        self.samples.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_stats_count_jank_and_keep_a_window() {
        let mut s = FrameStats::new(16.7);
        s.push(0, None, 3.0);
        for i in 0..1000 {
            let interval = if i % 100 == 0 { 40.0 } else { 16.7 };
            s.push(i + 1, Some(interval), if i % 10 == 0 { 20.0 } else { 5.0 });
        }
        assert_eq!(s.frames, 1001);
        assert_eq!(s.janky, 10);
        assert_eq!(s.over_budget, 100);
        assert_eq!(s.intervals().len(), FRAME_HISTORY);
        let sum = s.summary();
        assert_eq!(sum.interval.p50, 16.7);
        assert_eq!(sum.interval.max, 40.0);
        assert_eq!(sum.work.p50, 5.0);
        assert_eq!(sum.work.p95, 20.0);
    }

    #[test]
    fn memory_history_samples_at_a_fixed_rate() {
        let mut h = MemoryHistory::default();
        let at = |t_s| MemorySample {
            t_s,
            ..MemorySample::default()
        };
        assert!(h.due(0.0) && h.offer(at(0.0)));
        assert!(!h.due(0.1));
        assert!(!h.offer(at(0.1)));
        assert!(h.offer(at(0.3)));
        for k in 0..1000 {
            h.offer(at(1.0 + f64::from(k)));
        }
        assert_eq!(h.samples().len(), MEMORY_HISTORY);
        assert_eq!(h.latest().map(|s| s.t_s), Some(1000.0));
    }
}
