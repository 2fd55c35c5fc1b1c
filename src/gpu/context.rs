//! The device inkplay draws with: a host application's ([`Gpu::from_host`]) or one inkplay opens
//! itself ([`GpuContext`]: instance, adapter and device chosen on purpose, validation errors
//! captured instead of panicking).

use std::sync::{Arc, Mutex};

use super::GpuError;

/// What the chosen adapter is (printed by `render -v` and recorded in bench reports and
/// baselines).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AdapterSummary {
    /// e.g. `llvmpipe (LLVM 15.0.6, 256 bits)`.
    pub name: String,
    /// `Vulkan`, `Gl`, …
    pub backend: String,
    /// `Cpu`, `DiscreteGpu`, …
    pub device_type: String,
    /// Driver name and version.
    pub driver: String,
}

impl AdapterSummary {
    /// Whether the adapter is a software rasterizer (lavapipe, WARP, SwiftShader): its "GPU" work
    /// runs on the same CPU cores as the frame's own work, so the two do not overlap.
    pub fn is_software(&self) -> bool {
        // `device_type` is `wgpu::DeviceType`'s Debug name (see `AdapterSummary::of`); asked every
        // player frame, so compared without formatting one.
        self.device_type == "Cpu"
    }

    /// The summary of an adapter's info.
    pub fn of(info: &wgpu::AdapterInfo) -> Self {
        Self {
            name: info.name.clone(),
            backend: format!("{:?}", info.backend),
            device_type: format!("{:?}", info.device_type),
            driver: format!("{} {}", info.driver, info.driver_info)
                .trim()
                .to_string(),
        }
    }
}

/// The device and queue inkplay draws with, and what adapter they came from.
///
/// Every GPU-facing API in inkplay takes a `&Gpu`. A host application that owns its device makes
/// one with [`Gpu::from_host`] (a cheap handle: wgpu's `Device` and `Queue` are reference
/// counted); [`GpuContext`] opens a device and makes one for programs that do not have their own.
#[derive(Debug, Clone)]
pub struct Gpu {
    /// The device.
    pub device: wgpu::Device,
    /// Its queue.
    pub queue: wgpu::Queue,
    /// Description of the adapter.
    pub summary: AdapterSummary,
    /// Validation errors recorded by the handler inkplay installed, on a device it opened itself
    /// (`None` on a host's device: its errors go to the host's handler).
    errors: Option<Arc<Mutex<Vec<String>>>>,
    /// Why the device was lost, once it was (`None`: not watched, on a host's device).
    loss: Option<super::lost::LossSlot>,
}

impl Gpu {
    /// Draw with a host application's device and queue. inkplay installs no error handler on a
    /// device it did not create: wgpu validation errors go wherever the host sends them (wgpu's
    /// default handler panics), and [`Gpu::check`] always succeeds.
    ///
    /// The device needs no optional features; with `TIMESTAMP_QUERY` and
    /// `TIMESTAMP_QUERY_INSIDE_ENCODERS` enabled, frames are also timed on the GPU.
    pub fn from_host(device: &wgpu::Device, queue: &wgpu::Queue, info: &wgpu::AdapterInfo) -> Self {
        Self {
            device: device.clone(),
            queue: queue.clone(),
            summary: AdapterSummary::of(info),
            errors: None,
            loss: None,
        }
    }

    /// Validation errors reported by wgpu since the last call (and clears them); always empty on
    /// a host's device. Callers turn a non-empty result into a [`GpuError::Validation`] rather
    /// than carrying on with a broken frame.
    pub fn take_errors(&self) -> Vec<String> {
        self.errors
            .as_ref()
            .and_then(|e| e.lock().ok().map(|mut v| std::mem::take(&mut *v)))
            .unwrap_or_default()
    }

    /// Fail with the first recorded wgpu error, if any, or with [`GpuError::DeviceLost`] once
    /// the device is lost (the errors every call on a lost device makes are dropped then).
    pub fn check(&self) -> Result<(), GpuError> {
        let errors = self.take_errors();
        if !errors.is_empty() && self.loss.is_some() && self.lost().is_none() {
            // A destroyed device reports its loss from the next poll: let it, so the errors its
            // loss caused are not mistaken for a bug.
            let _ = self.device.poll(wgpu::PollType::Poll);
        }
        if let Some(why) = self.lost() {
            return Err(GpuError::DeviceLost(why));
        }
        match errors.into_iter().next() {
            Some(e) => Err(GpuError::Validation(e)),
            None => Ok(()),
        }
    }

    /// Why the device was lost, once it was (always `None` on a host's device: its device-lost
    /// callback is the host's).
    pub fn lost(&self) -> Option<String> {
        self.loss
            .as_ref()
            .and_then(|l| l.lock().ok().and_then(|s| s.clone()))
    }

    /// What wgpu itself holds for this device, from its internal counters: the objects alive
    /// (buffers, textures, views, bind groups and their layouts, pipelines and their layouts,
    /// samplers, encoders, shader modules, query sets, fences) and its blocks of device memory.
    /// Below inkplay's own accounting ([`GpuMemory`](super::GpuMemory)): what a leak inside wgpu
    /// would grow.
    pub fn wgpu_objects(&self) -> WgpuObjects {
        let c = self.device.get_internal_counters().hal;
        let n = |v: isize| u64::try_from(v).unwrap_or(0);
        WgpuObjects {
            objects: [
                c.buffers.read(),
                c.textures.read(),
                c.texture_views.read(),
                c.bind_groups.read(),
                c.bind_group_layouts.read(),
                c.render_pipelines.read(),
                c.compute_pipelines.read(),
                c.pipeline_layouts.read(),
                c.samplers.read(),
                c.command_encoders.read(),
                c.shader_modules.read(),
                c.query_sets.read(),
                c.fences.read(),
            ]
            .into_iter()
            .map(n)
            .sum(),
            memory_blocks: n(c.memory_allocations.read()),
        }
    }

    /// Whether GPU timestamps can be written between commands of an encoder.
    pub fn has_timestamps(&self) -> bool {
        self.device.features().contains(
            wgpu::Features::TIMESTAMP_QUERY | wgpu::Features::TIMESTAMP_QUERY_INSIDE_ENCODERS,
        )
    }

    /// Block until the GPU has finished all submitted work.
    pub fn wait_idle(&self) -> Result<(), GpuError> {
        let polled = self.device.poll(wgpu::PollType::wait_indefinitely());
        if let Some(why) = self.lost() {
            return Err(GpuError::DeviceLost(why));
        }
        polled
            .map(|_| ())
            .map_err(|e| GpuError::Device(e.to_string()))
    }
}

/// What wgpu holds for a device ([`Gpu::wgpu_objects`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WgpuObjects {
    /// wgpu objects alive.
    pub objects: u64,
    /// Blocks of device memory wgpu's allocator holds.
    pub memory_blocks: u64,
}

/// A device inkplay opened itself, with the instance and adapter it came from (for window
/// surfaces). What the binary, the tests and [`Headless::new`](crate::headless::Headless::new)
/// use; a host application with its own device uses [`Gpu::from_host`] instead.
#[derive(Debug)]
pub struct GpuContext {
    /// The instance (kept for surfaces).
    pub instance: wgpu::Instance,
    /// The adapter.
    pub adapter: wgpu::Adapter,
    /// The device, its queue, and the error log of the handler installed on it.
    pub gpu: Gpu,
}

/// Instances to try in order: `WGPU_BACKEND`'s backends when set; otherwise the primary backends
/// (Vulkan, Metal, DX12) first and GL only if none has an adapter (initialising EGL probes Wayland
/// and prints noise on headless machines).
fn instances() -> impl Iterator<Item = wgpu::Instance> {
    let tries = match wgpu::Backends::from_env() {
        Some(b) => vec![b],
        None => vec![wgpu::Backends::PRIMARY, wgpu::Backends::GL],
    };
    tries.into_iter().map(|backends| {
        let mut desc = wgpu::InstanceDescriptor::from_env_or_default();
        desc.backends = backends;
        wgpu::Instance::new(&desc)
    })
}

impl GpuContext {
    /// A device for offscreen rendering.
    ///
    /// Backends come from `WGPU_BACKEND` (e.g. `vulkan`, `gl`) when set, otherwise all; the adapter
    /// from `WGPU_ADAPTER_NAME` (substring, case-insensitive) when set, otherwise wgpu's default
    /// choice (`WGPU_POWER_PREF` respected).
    pub fn new_headless() -> Result<Self, GpuError> {
        let mut last_err = None;
        for instance in instances() {
            match pollster::block_on(Self::pick_adapter(&instance, None)) {
                Ok(adapter) => return Self::with_adapter(instance, adapter),
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| GpuError::NoAdapter("no backend enabled".into())))
    }

    /// A device that can present to `window`, and the window's surface. Backends and adapter are
    /// chosen as in [`GpuContext::new_headless`] (primary backends first, then GL), among those
    /// that support the surface.
    pub fn with_window<W>(window: Arc<W>) -> Result<(Self, wgpu::Surface<'static>), GpuError>
    where
        W: wgpu::WindowHandle + 'static,
    {
        let mut last_err = None;
        for instance in instances() {
            let surface = match instance.create_surface(Arc::clone(&window)) {
                Ok(s) => s,
                Err(e) => {
                    last_err = Some(GpuError::Device(format!("window surface: {e}")));
                    continue;
                }
            };
            match pollster::block_on(Self::pick_adapter(&instance, Some(&surface))) {
                Ok(adapter) => {
                    let ctx = Self::with_adapter(instance, adapter)?;
                    return Ok((ctx, surface));
                }
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| GpuError::NoAdapter("no backend enabled".into())))
    }

    /// Choose an adapter (see [`GpuContext::new_headless`]).
    pub async fn pick_adapter(
        instance: &wgpu::Instance,
        surface: Option<&wgpu::Surface<'_>>,
    ) -> Result<wgpu::Adapter, GpuError> {
        if let Ok(name) = std::env::var("WGPU_ADAPTER_NAME") {
            let want = name.to_lowercase();
            let adapters = instance.enumerate_adapters(wgpu::Backends::all());
            let names: Vec<String> = adapters.iter().map(|a| a.get_info().name).collect();
            return adapters
                .into_iter()
                .find(|a| {
                    a.get_info().name.to_lowercase().contains(&want)
                        && surface.is_none_or(|s| a.is_surface_supported(s))
                })
                .ok_or_else(|| {
                    GpuError::NoAdapter(format!(
                        "WGPU_ADAPTER_NAME={name:?} matches none of: {}",
                        names.join(", ")
                    ))
                });
        }
        instance
            .request_adapter(&wgpu::RequestAdapterOptions {
                power_preference: wgpu::PowerPreference::from_env().unwrap_or_default(),
                force_fallback_adapter: false,
                compatible_surface: surface,
            })
            .await
            .map_err(|e| {
                GpuError::NoAdapter(format!(
                    "{e}. On Debian install Mesa's software Vulkan driver: scripts/setup.sh \
                     (or apt-get install mesa-vulkan-drivers libvulkan1)"
                ))
            })
    }

    /// Open a device on an adapter, with the adapter's own buffer limits (wgpu's defaults cap
    /// buffers at 256 MiB) and an error handler that records validation errors instead of panicking.
    pub fn with_adapter(
        instance: wgpu::Instance,
        adapter: wgpu::Adapter,
    ) -> Result<Self, GpuError> {
        let info = adapter.get_info();
        let alimits = adapter.limits();
        let mut limits = wgpu::Limits::default().using_resolution(alimits.clone());
        limits.max_buffer_size = alimits.max_buffer_size;
        limits.max_storage_buffer_binding_size = alimits.max_storage_buffer_binding_size;
        limits.max_texture_dimension_2d = alimits.max_texture_dimension_2d;
        // GPU timings (bench reports, profiler) where the adapter has them. The GL backend's
        // timestamps are not trustworthy (measured on llvmpipe), so they are not used there.
        let wanted =
            wgpu::Features::TIMESTAMP_QUERY | wgpu::Features::TIMESTAMP_QUERY_INSIDE_ENCODERS;
        let features = if adapter.features().contains(wanted) && info.backend != wgpu::Backend::Gl {
            wanted
        } else {
            wgpu::Features::empty()
        };
        let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
            label: Some("inkplay"),
            required_features: features,
            required_limits: limits,
            experimental_features: wgpu::ExperimentalFeatures::disabled(),
            memory_hints: wgpu::MemoryHints::Performance,
            trace: wgpu::Trace::Off,
        }))
        .map_err(|e| GpuError::Device(e.to_string()))?;
        let errors: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = Arc::clone(&errors);
        let loss = super::lost::watch(&device);
        let lost = Arc::clone(&loss);
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            if lost.lock().is_ok_and(|l| l.is_some()) {
                // Every call on a lost device fails; the loss itself is what is reported.
                log::debug!("wgpu, device lost: {e}");
                return;
            }
            log::error!("wgpu: {e}");
            if let Ok(mut v) = sink.lock() {
                v.push(e.to_string());
            }
        }));
        let summary = AdapterSummary::of(&info);
        log::info!(
            "adapter: {} ({}, {}, {})",
            summary.name,
            summary.backend,
            summary.device_type,
            summary.driver
        );
        Ok(Self {
            instance,
            adapter,
            gpu: Gpu {
                device,
                queue,
                summary,
                errors: Some(errors),
                loss: Some(loss),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn software_adapters_are_told_by_the_debug_name_of_their_device_type() {
        // `AdapterSummary::is_software` compares with this name instead of formatting it.
        assert_eq!(format!("{:?}", wgpu::DeviceType::Cpu), "Cpu");
        let summary = super::AdapterSummary {
            name: String::new(),
            backend: String::new(),
            device_type: format!("{:?}", wgpu::DeviceType::Cpu),
            driver: String::new(),
        };
        assert!(summary.is_software());
    }
}
