//! The counting allocator, installed the way an application opts in to heap figures.

#[global_allocator]
static ALLOC: inkplay::memory::CountingAllocator = inkplay::memory::CountingAllocator;

use inkplay::memory::{heap_live_bytes, heap_peak_bytes, reset_heap_peak};

#[test]
fn counts_allocations_once_installed() {
    reset_heap_peak();
    let before = heap_live_bytes().expect("counted");
    let v = vec![1u8; 8 << 20];
    let during = heap_live_bytes().expect("counted");
    assert!(during >= before + (8 << 20) - 4096, "{before} -> {during}");
    assert!(heap_peak_bytes().expect("counted") >= 8 << 20);
    drop(v);
    assert!(heap_live_bytes().expect("counted") < during);
}
