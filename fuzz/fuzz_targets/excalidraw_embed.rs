#![no_main]

use libfuzzer_sys::fuzz_target;

// Excalidraw's exports with the scene embedded: a PNG is recognised by its signature (its text
// chunks walked, the payload decoded and inflated), anything else as an `.excalidraw.svg`.
fuzz_target!(|data: &[u8]| {
    inkplay_fuzz::run_bytes("fuzz.excalidraw.svg", data);
});
