//! A minimal winit + wgpu application that owns its window, device and surface, and plays a
//! drawing through inkplay's public API: the application hands inkplay its device
//! ([`inkplay::Gpu::from_host`]) and the surface texture of each frame.
//!
//! ```sh
//! cargo run --release --example embed_winit [-- FILE]
//! ```
//!
//! With `INKPLAY_FRAMES=N` it draws N frames, the playhead stepping so the last frame shows the
//! whole drawing, then exits; with `INKPLAY_SCREENSHOT=OUT.png` as well it saves the last frame
//! (the tests run it so under Xvfb).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::sync::Arc;
use std::time::Instant;

use inkplay::{FrameCost, FrameTarget, Gpu, GpuMemory, Incoming, RenderSettings, Replay};
use winit::application::ApplicationHandler;
use winit::event::WindowEvent;
use winit::event_loop::{ActiveEventLoop, EventLoop};
use winit::window::{Window, WindowId};

/// Everything that exists once the window does.
struct Shown {
    window: Arc<Window>,
    surface: wgpu::Surface<'static>,
    config: wgpu::SurfaceConfiguration,
    device: wgpu::Device,
    queue: wgpu::Queue,
    gpu: Gpu,
    gpu_mem: GpuMemory,
    replay: Replay,
}

struct App {
    drawing: Option<inkplay::Drawing>,
    shown: Option<Shown>,
    started: Instant,
    frames: Option<u32>,
    frame: u32,
    result: Result<(), String>,
}

impl App {
    fn open(&mut self, el: &ActiveEventLoop) -> Result<(), String> {
        let attrs = Window::default_attributes()
            .with_title("inkplay embedded")
            .with_inner_size(winit::dpi::PhysicalSize::new(640, 480));
        let window = Arc::new(el.create_window(attrs).map_err(|e| e.to_string())?);
        // The application's own wgpu set-up: instance, surface, adapter, device.
        let instance = wgpu::Instance::new(&wgpu::InstanceDescriptor::from_env_or_default());
        let surface = instance
            .create_surface(Arc::clone(&window))
            .map_err(|e| e.to_string())?;
        let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions {
            compatible_surface: Some(&surface),
            ..Default::default()
        }))
        .map_err(|e| e.to_string())?;
        let (device, queue) = pollster::block_on(adapter.request_device(&Default::default()))
            .map_err(|e| e.to_string())?;
        let caps = surface.get_capabilities(&adapter);
        // inkplay draws into a non-sRGB 8-bit target it can copy into.
        let format = [
            wgpu::TextureFormat::Bgra8Unorm,
            wgpu::TextureFormat::Rgba8Unorm,
        ]
        .into_iter()
        .find(|f| caps.formats.contains(f))
        .ok_or("the surface offers no Bgra8Unorm/Rgba8Unorm format")?;
        let size = window.inner_size();
        let config = wgpu::SurfaceConfiguration {
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT
                | wgpu::TextureUsages::COPY_DST
                | (caps.usages & wgpu::TextureUsages::COPY_SRC),
            format,
            width: size.width.max(1),
            height: size.height.max(1),
            present_mode: wgpu::PresentMode::AutoVsync,
            desired_maximum_frame_latency: 2,
            alpha_mode: caps.alpha_modes[0],
            view_formats: vec![],
        };
        surface.configure(&device, &config);

        // inkplay: the host's device, a replay for the surface's format, the drawing opened.
        let gpu = Gpu::from_host(&device, &queue, &adapter.get_info());
        let gpu_mem = GpuMemory::new();
        let mut replay = Replay::new(&gpu, &gpu_mem, format, RenderSettings::default(), None);
        let drawing = self.drawing.take().unwrap_or_else(inkplay::import::sample);
        let view = inkplay::fit_view(&drawing, config.width, config.height);
        replay.open(&gpu, Incoming::from(drawing), view, view.scale);
        self.shown = Some(Shown {
            window,
            surface,
            config,
            device,
            queue,
            gpu,
            gpu_mem,
            replay,
        });
        Ok(())
    }

    fn draw(&mut self, el: &ActiveEventLoop) -> Result<(), String> {
        let Some(s) = self.shown.as_mut() else {
            return Ok(());
        };
        let duration = s.replay.drawing().map_or(0.0, |d| d.duration_ms());
        let playhead = match self.frames {
            Some(n) => duration * f64::from(self.frame + 1) / f64::from(n.max(1)),
            None => (self.started.elapsed().as_secs_f64() * 1e3) % (duration + 1000.0),
        };
        s.replay
            .prepare(&s.gpu, playhead)
            .map_err(|e| e.to_string())?;
        let shown = playhead.min(s.replay.ready_until(playhead));
        let frame = match s.surface.get_current_texture() {
            Ok(f) => f,
            Err(wgpu::SurfaceError::Lost | wgpu::SurfaceError::Outdated) => {
                s.surface.configure(&s.device, &s.config);
                s.replay.renderer_mut().invalidate_target();
                return Ok(());
            }
            Err(e) => return Err(e.to_string()),
        };
        let view = frame.texture.create_view(&Default::default());
        let mut encoder = s.device.create_command_encoder(&Default::default());
        let work = Instant::now();
        let target = FrameTarget {
            texture: &frame.texture,
            view: &view,
        };
        let report = s.replay.encode(&s.gpu, &mut encoder, target, shown);
        s.queue.submit([encoder.finish()]);
        s.replay.finish(
            &report,
            FrameCost::Measured(work.elapsed().as_secs_f64() * 1e3),
        );
        self.frame += 1;
        if self.frames.is_some_and(|n| self.frame >= n) {
            if let Some(path) = std::env::var_os("INKPLAY_SCREENSHOT") {
                let mut px = inkplay::gpu::read_texture_rgba8(&s.gpu, &s.gpu_mem, &frame.texture)
                    .map_err(|e| e.to_string())?;
                px.chunks_exact_mut(4).for_each(|p| p[3] = 255);
                let (w, h) = (s.config.width, s.config.height);
                inkplay::output::write_png(std::path::Path::new(&path), &px, w, h)
                    .map_err(|e| e.to_string())?;
            }
            println!("drew {} frames, playhead {shown:.0} ms", self.frame);
            el.exit();
        }
        frame.present();
        s.window.request_redraw();
        Ok(())
    }
}

impl ApplicationHandler for App {
    fn resumed(&mut self, el: &ActiveEventLoop) {
        if self.shown.is_none() {
            if let Err(e) = self.open(el) {
                self.result = Err(e);
                el.exit();
            }
        }
    }

    fn window_event(&mut self, el: &ActiveEventLoop, _: WindowId, event: WindowEvent) {
        match event {
            WindowEvent::CloseRequested => el.exit(),
            WindowEvent::Resized(size) => {
                if let Some(s) = self.shown.as_mut().filter(|_| size.width * size.height > 0) {
                    (s.config.width, s.config.height) = (size.width, size.height);
                    s.surface.configure(&s.device, &s.config);
                    let view = s
                        .replay
                        .drawing()
                        .map(|d| inkplay::fit_view(d, size.width, size.height));
                    if let Some(v) = view {
                        s.replay.renderer_mut().set_view(v);
                    }
                }
            }
            WindowEvent::RedrawRequested => {
                if let Err(e) = self.draw(el) {
                    self.result = Err(e);
                    el.exit();
                }
            }
            _ => {}
        }
    }
}

fn main() {
    let drawing = std::env::args()
        .nth(1)
        .map(|f| inkplay::load_path(&f).map(|l| l.drawing));
    let drawing = match drawing.transpose() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("embed_winit: {e}");
            std::process::exit(2);
        }
    };
    let mut app = App {
        drawing,
        shown: None,
        started: Instant::now(),
        frames: std::env::var("INKPLAY_FRAMES")
            .ok()
            .and_then(|n| n.parse().ok()),
        frame: 0,
        result: Ok(()),
    };
    let run = EventLoop::new()
        .map_err(|e| e.to_string())
        .and_then(|el| el.run_app(&mut app).map_err(|e| e.to_string()));
    if let Err(e) = run.and(app.result) {
        eprintln!("embed_winit: {e}");
        std::process::exit(1);
    }
}
