//! A lost device: how inkplay learns of it, and the hook that forces one in tests.
//!
//! A device is lost when the driver resets, the GPU is removed, or `Device::destroy` is called.
//! wgpu then calls the device-lost callback, which [`watch`] installs on every device inkplay opens
//! itself: it records the reason in a [`LossSlot`], and from then on [`Gpu::check`](super::Gpu)
//! fails with [`GpuError::DeviceLost`](super::GpuError::DeviceLost) instead of reporting the
//! validation errors every later call makes. The player answers by opening a new device and
//! reloading the drawing; headless commands end with that error (exit 1). On a host's device
//! ([`Gpu::from_host`](super::Gpu::from_host)) the callback stays the host's.
//!
//! Fault injection: with `INKPLAY_LOSE_DEVICE_AT_FRAME=N` set, the N-th frame a renderer encodes
//! in this process (counting from 0, every renderer together) first destroys its device, once per
//! process. It is how the tests lose a device on the software adapter, which never loses one on
//! its own.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Why a device was lost, once it was (shared with the device's callback).
pub(super) type LossSlot = Arc<Mutex<Option<String>>>;

/// The environment variable naming the frame at which the device is destroyed.
pub const LOSE_DEVICE_ENV: &str = "INKPLAY_LOSE_DEVICE_AT_FRAME";

/// Record `device`'s loss in the returned slot.
pub(super) fn watch(device: &wgpu::Device) -> LossSlot {
    let slot = LossSlot::default();
    let sink = Arc::clone(&slot);
    device.set_device_lost_callback(move |reason, message| {
        let why = match reason {
            wgpu::DeviceLostReason::Destroyed => "the device was destroyed".to_string(),
            wgpu::DeviceLostReason::Unknown if message.is_empty() => "the driver lost it".into(),
            wgpu::DeviceLostReason::Unknown => message,
        };
        log::error!("GPU device lost: {why}");
        if let Ok(mut s) = sink.lock() {
            s.get_or_insert(why);
        }
    });
    slot
}

/// The frame the fault-injection hook destroys the device at, if it is set.
fn lose_at() -> Option<u64> {
    static AT: OnceLock<Option<u64>> = OnceLock::new();
    *AT.get_or_init(|| {
        std::env::var(LOSE_DEVICE_ENV)
            .ok()
            .and_then(|v| v.trim().parse().ok())
    })
}

/// Count a frame about to be encoded on `device`; destroy the device if the fault-injection hook
/// asks for this frame (see the module docs).
pub(super) fn frame_hook(device: &wgpu::Device) {
    static FRAMES: AtomicU64 = AtomicU64::new(0);
    static FIRED: AtomicBool = AtomicBool::new(false);
    let Some(at) = lose_at() else {
        return;
    };
    let frame = FRAMES.fetch_add(1, Ordering::Relaxed);
    if frame >= at && !FIRED.swap(true, Ordering::Relaxed) {
        log::warn!("{LOSE_DEVICE_ENV}={at}: destroying the GPU device");
        device.destroy();
        // A destroyed device reports its loss once its queue is empty; wait for that here, so
        // the loss is known at once, as a driver reset's is.
        let _ = device.poll(wgpu::PollType::wait_indefinitely());
    }
}
