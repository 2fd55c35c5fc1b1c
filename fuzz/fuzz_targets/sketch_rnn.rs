#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    inkplay_fuzz::run_bytes("fuzz.npz", data);
});
