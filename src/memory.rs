//! Process memory: heap bytes from inkplay's counting allocator, where the application installs
//! it, and the resident set size from the OS.
//!
//! A library must not choose the global allocator of the program that uses it, so inkplay only
//! *offers* one. The `inkplay` binary opts in; an application that wants heap figures in its
//! memory panel and bench reports does the same, once, in its binary crate:
//!
//! ```no_run
//! #[global_allocator]
//! static ALLOC: inkplay::memory::CountingAllocator = inkplay::memory::CountingAllocator;
//! # fn main() {}
//! ```
//!
//! Without it, [`heap_live_bytes`] and [`heap_peak_bytes`] return `None` ("not measured") and
//! everything else works the same.

/// The counting allocator: the system allocator plus two atomic counters (live and peak bytes),
/// from the `peak_alloc` crate. Install it with `#[global_allocator]` (see the module docs).
pub use peak_alloc::PeakAlloc as CountingAllocator;

/// Whether the counting allocator is the global allocator: its peak only grows through it, and a
/// Rust program has allocated by the time it asks.
pub fn heap_counted() -> bool {
    CountingAllocator.peak_usage() > 0
}

/// Heap bytes currently allocated through Rust's allocator; `None` when the counting allocator is
/// not installed.
pub fn heap_live_bytes() -> Option<u64> {
    heap_counted().then(|| CountingAllocator.current_usage() as u64)
}

/// Highest heap usage since start (or since [`reset_heap_peak`]); `None` when the counting
/// allocator is not installed.
pub fn heap_peak_bytes() -> Option<u64> {
    heap_counted().then(|| CountingAllocator.peak_usage() as u64)
}

/// Start measuring the heap peak from now (no effect without the counting allocator).
pub fn reset_heap_peak() {
    if heap_counted() {
        CountingAllocator.reset_peak_usage();
    }
}

/// Major page faults of the process so far (pages that had to be read back from disk, such as
/// code the kernel evicted), where the OS tells (Linux: `/proc/self/stat`).
pub fn major_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces: state is
    // field 3 and majflt field 12 of the whole line.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(9)?.parse().ok()
}

/// Resident set size of the process (includes a software GPU's buffers), if the OS tells.
pub fn rss_bytes() -> Option<u64> {
    memory_stats::memory_stats().map(|m| m.physical_mem as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heap_is_not_measured_without_the_counting_allocator() {
        // The library's own test binary does not install it.
        let _v = vec![0u8; 1 << 20];
        assert!(!heap_counted());
        assert_eq!(heap_live_bytes(), None);
        assert_eq!(heap_peak_bytes(), None);
        assert!(rss_bytes().is_some_and(|r| r > 0));
        // Linux reports them (this project's machines are Linux); a count never goes down.
        let a = major_faults().expect("/proc/self/stat");
        assert!(major_faults().is_some_and(|b| b >= a));
    }
}
