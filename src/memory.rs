//! Process memory: heap bytes from a counting global allocator, resident set size from the OS.

use peak_alloc::PeakAlloc;

/// The counting allocator (the system allocator plus two atomic counters).
#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Heap bytes currently allocated through Rust's allocator.
pub fn heap_live_bytes() -> usize {
    ALLOC.current_usage()
}

/// Highest heap usage since start (or since [`reset_heap_peak`]).
pub fn heap_peak_bytes() -> usize {
    ALLOC.peak_usage()
}

/// Start measuring the heap peak from now.
pub fn reset_heap_peak() {
    ALLOC.reset_peak_usage();
}

/// Resident set size of the process (includes a software GPU's buffers), if the OS tells.
pub fn rss_bytes() -> Option<u64> {
    memory_stats::memory_stats().map(|m| m.physical_mem as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_allocations() {
        let before = heap_live_bytes();
        let v = vec![0u8; 8 << 20];
        assert!(heap_live_bytes() >= before + (8 << 20) - 4096 || heap_peak_bytes() >= 8 << 20);
        assert!(heap_peak_bytes() >= 8 << 20);
        drop(v);
        assert!(rss_bytes().is_some_and(|r| r > 0));
    }
}
