//! The replay's memory budget as the checkpoints see it: the whole replay's bytes (heap and GPU
//! together), the heap the rest of the replay holds, and what that leaves for checkpoints.

use crate::governor::seek::checkpoint_slots;

/// The default memory budget of a replay, heap and GPU together (bytes): 100 MB.
pub const DEFAULT_MEMORY_BUDGET: u64 = 100_000_000;

/// The most checkpoints hold to keep seeks short when the memory budget leaves less (bytes,
/// unless the budget itself is larger): 256 MiB, 69 checkpoints at 1280×720. With the 100 MB
/// ceiling of a 100 MB budget, 27 checkpoints, a 100k-stroke drawing's scrub on lavapipe ran at
/// p99 15–17.5 ms; with 64–79, 14.2–14.5 ms.
pub const CEILING: u64 = 256 << 20;

/// The share of the memory budget checkpoints leave for what comes and goes (staging buffers,
/// readbacks, a batch of meshes being made, a layer allocated for a rebuild).
pub const HEADROOM: f64 = 0.1;

/// The replay's memory budget and the heap it holds, from which the checkpoints take what the
/// rest leaves (the GPU side is counted by [`GpuMemory`](crate::gpu::GpuMemory)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryBudget {
    /// The whole replay's budget, heap and GPU together (bytes).
    pub total_bytes: u64,
    /// Heap the replay holds: its drawing and its mesh cache (bytes).
    pub heap_bytes: u64,
}

impl Default for MemoryBudget {
    fn default() -> Self {
        Self {
            total_bytes: DEFAULT_MEMORY_BUDGET,
            heap_bytes: 0,
        }
    }
}

impl MemoryBudget {
    /// Checkpoints of `bytes_each` this budget affords when the rest of the replay holds
    /// `gpu_others` bytes on the GPU (everything but the checkpoints) and the builder, not
    /// allocated yet, will take `builder` more.
    pub(super) fn affordable(&self, gpu_others: u64, builder: u64, bytes_each: u64) -> usize {
        let usable = self.total_bytes - (self.total_bytes as f64 * HEADROOM) as u64;
        let others = self.heap_bytes + gpu_others + builder;
        checkpoint_slots(usable.saturating_sub(others), bytes_each)
    }
}
