//! The window and what draws into it: window, surface (format, usages, present mode), device,
//! replay and egui, made when the event loop resumes (all but the window again after a lost
//! device); resizing reconfigures the surface.

use std::sync::Arc;

use glam::Vec2;
use winit::event_loop::ActiveEventLoop;
use winit::window::Window;

use super::app::{App, Gfx};
use super::display::no_display_hint;
use crate::governor::GovernorConfig;
use crate::gpu::{Gpu, GpuContext, GpuError, GpuMemory};
use crate::replay::Replay;
use crate::Error;

impl App {
    /// Open the window and set up surface, device, replay and egui; then show the pending drawing.
    pub(super) fn init(&mut self, el: &ActiveEventLoop) -> Result<(), Error> {
        let (w, h) = self.opts.size;
        let attrs = Window::default_attributes()
            .with_title("inkplay")
            .with_inner_size(winit::dpi::LogicalSize::new(w, h));
        let window = Arc::new(el.create_window(attrs).map_err(|e| {
            Error::NoDisplay(no_display_hint(&format!(
                "no window could be created ({e})"
            )))
        })?);
        self.gfx = Some(self.attach(window)?);
        if let Some((incoming, name)) = self.pending.take() {
            self.show_drawing(incoming, name, false);
        }
        Ok(())
    }

    /// Everything that draws into `window`: a device that can present to it, its surface, the
    /// replay and egui (also made again when the device is lost, see `recover`).
    pub(super) fn attach(&mut self, window: Arc<Window>) -> Result<Gfx, Error> {
        let (ctx, surface) = GpuContext::with_window(Arc::clone(&window))?;
        let caps = surface.get_capabilities(&ctx.adapter);
        let gpu = ctx.gpu;
        // Unorm (not *Srgb): colours stay sRGB-encoded end to end (see the gpu module docs).
        let format = [
            wgpu::TextureFormat::Bgra8Unorm,
            wgpu::TextureFormat::Rgba8Unorm,
        ]
        .into_iter()
        .find(|f| caps.formats.contains(f))
        .ok_or_else(|| {
            GpuError::Device(format!(
                "the window surface offers no Bgra8Unorm/Rgba8Unorm format (offers {:?})",
                caps.formats
            ))
        })?;
        if !caps.usages.contains(wgpu::TextureUsages::COPY_DST) {
            return Err(GpuError::Device(format!(
                "the window surface cannot be copied into (usages {:?})",
                caps.usages
            ))
            .into());
        }
        let can_read_back = caps.usages.contains(wgpu::TextureUsages::COPY_SRC);
        let present_mode = choose_present_mode(self.opts.vsync, &caps.present_modes);
        let size = window.inner_size();
        let config = wgpu::SurfaceConfiguration {
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT
                | wgpu::TextureUsages::COPY_DST
                | if can_read_back {
                    wgpu::TextureUsages::COPY_SRC
                } else {
                    wgpu::TextureUsages::empty()
                },
            format,
            width: size.width.max(1),
            height: size.height.max(1),
            present_mode,
            desired_maximum_frame_latency: 2,
            alpha_mode: caps
                .alpha_modes
                .first()
                .copied()
                .unwrap_or(wgpu::CompositeAlphaMode::Auto),
            view_formats: vec![],
        };
        if size.width > 0 && size.height > 0 {
            surface.configure(&gpu.device, &config);
        }
        let gpu_mem = GpuMemory::new();
        let mut replay = Replay::new(&gpu, &gpu_mem, format, self.opts.settings, None);
        replay.set_stream_batch(self.opts.stream_batch);
        replay.set_loader(self.opts.loader);
        if let Some(mb) = self.opts.memory_budget_mb {
            replay.set_memory_budget((mb * 1e6) as u64);
        }
        let egui_ctx = egui::Context::default();
        let max_side = gpu.device.limits().max_texture_dimension_2d as usize;
        let egui_state = egui_winit::State::new(
            egui_ctx.clone(),
            egui::ViewportId::ROOT,
            &window,
            Some(window.scale_factor() as f32),
            window.theme(),
            Some(max_side),
        );
        let egui_renderer = egui_wgpu::Renderer::new(
            &gpu.device,
            format,
            egui_wgpu::RendererOptions {
                msaa_samples: 1,
                depth_stencil_format: None,
                dithering: true,
                predictable_texture_filtering: false,
            },
        );
        if self.opts.target_fps.is_none() {
            if let Some(mhz) = window
                .current_monitor()
                .and_then(|m| m.refresh_rate_millihertz())
                .filter(|&m| m >= 10_000)
            {
                self.frame_stats.budget_ms = 1e6 / f64::from(mhz);
            }
        }
        replay.set_governor(self.opts.governor.map(|p| GovernorConfig {
            budget_ms: self.frame_stats.budget_ms,
            ..GovernorConfig::preset(p, 1000.0 / self.frame_stats.budget_ms)
        }));
        self.report.adapter = Some(gpu.summary.clone());
        self.report.present_mode = format!("{present_mode:?}");
        Ok(Gfx {
            window,
            surface,
            config,
            can_read_back,
            gpu,
            gpu_mem,
            replay,
            egui_ctx,
            egui_state,
            egui_renderer,
        })
    }

    /// Reconfigure the surface for a new window size (a minimised window keeps the old one).
    pub(super) fn resize(&mut self, size: winit::dpi::PhysicalSize<u32>) {
        let Some(g) = self.gfx.as_mut() else {
            return;
        };
        if size.width == 0 || size.height == 0 {
            return; // minimised: nothing to draw, keep the old configuration
        }
        let old = Vec2::new(g.config.width as f32, g.config.height as f32);
        g.config.width = size.width;
        g.config.height = size.height;
        g.surface.configure(&g.gpu.device, &g.config);
        g.replay.renderer_mut().invalidate_target();
        if self.fitted {
            self.refit();
        } else {
            let new = Vec2::new(size.width as f32, size.height as f32);
            self.view.offset += (new - old) * 0.5;
        }
    }
}

/// The swapchain image a frame draws into. wgpu panics presenting or discarding an image whose
/// device is lost, so such an image is left alone (its surface goes with the lost device).
pub(super) struct Acquired {
    frame: Option<wgpu::SurfaceTexture>,
    texture: wgpu::Texture,
    gpu: Gpu,
}

impl Acquired {
    /// The image `gpu` acquired.
    pub(super) fn new(frame: wgpu::SurfaceTexture, gpu: &Gpu) -> Self {
        Self {
            texture: frame.texture.clone(),
            frame: Some(frame),
            gpu: gpu.clone(),
        }
    }

    /// Its texture.
    pub(super) fn texture(&self) -> &wgpu::Texture {
        &self.texture
    }

    /// Show it (unless the device is lost).
    pub(super) fn present(mut self) {
        if let Some(f) = self.frame.take() {
            if self.gpu.lost().is_none() {
                f.present();
            } else {
                std::mem::forget(f);
            }
        }
    }
}

impl Drop for Acquired {
    fn drop(&mut self) {
        if let Some(f) = self.frame.take() {
            if self.gpu.lost().is_some() {
                std::mem::forget(f);
            }
        }
    }
}

/// The present mode: Fifo with vsync, else the first of Immediate, Mailbox, FifoRelaxed the
/// surface offers (Fifo when none).
fn choose_present_mode(vsync: bool, modes: &[wgpu::PresentMode]) -> wgpu::PresentMode {
    use wgpu::PresentMode as P;
    let prefs: &[P] = if vsync {
        &[P::Fifo]
    } else {
        &[P::Immediate, P::Mailbox, P::FifoRelaxed]
    };
    prefs
        .iter()
        .copied()
        .find(|m| modes.contains(m))
        .unwrap_or(P::Fifo)
}
