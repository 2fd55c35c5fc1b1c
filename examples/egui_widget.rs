//! An egui application (egui-winit + egui-wgpu) that shows an inkplay replay inside an egui panel,
//! scrubbed by its own egui slider. inkplay renders into a texture the application owns and has
//! registered with egui; egui draws it like any image.
//!
//! ```sh
//! cargo run --release --example egui_widget [-- FILE]
//! ```
//!
//! With `INKPLAY_FRAMES=N` the slider is moved from the start to the end over N frames, then the
//! application exits; with `INKPLAY_SCREENSHOT=OUT.png` as well it saves the last frame (the
//! tests run it so under Xvfb).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::sync::Arc;

use inkplay::{FrameCost, FrameTarget, Gpu, GpuMemory, Incoming, RenderSettings, Replay};
use winit::application::ApplicationHandler;
use winit::event::WindowEvent;
use winit::event_loop::{ActiveEventLoop, EventLoop};
use winit::window::{Window, WindowId};

/// The replay's texture size.
const SIZE: (u32, u32) = (480, 360);

struct Gfx {
    window: Arc<Window>,
    surface: wgpu::Surface<'static>,
    config: wgpu::SurfaceConfiguration,
    device: wgpu::Device,
    queue: wgpu::Queue,
    egui_ctx: egui::Context,
    egui_state: egui_winit::State,
    egui_renderer: egui_wgpu::Renderer,
    /// The texture inkplay draws into, and its id in egui.
    canvas: wgpu::Texture,
    canvas_id: egui::TextureId,
    gpu: Gpu,
    gpu_mem: GpuMemory,
    replay: Replay,
}

struct App {
    drawing: Option<inkplay::Drawing>,
    gfx: Option<Gfx>,
    /// The slider's value: the playhead, ms.
    playhead: f64,
    frames: Option<u32>,
    frame: u32,
    result: Result<(), String>,
}

fn open(el: &ActiveEventLoop, drawing: inkplay::Drawing) -> Result<Gfx, String> {
    let window = Arc::new(
        el.create_window(Window::default_attributes().with_title("inkplay in egui"))
            .map_err(|e| e.to_string())?,
    );
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
    let size = window.inner_size();
    let config = wgpu::SurfaceConfiguration {
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT
            | (caps.usages & wgpu::TextureUsages::COPY_SRC),
        format: caps.formats[0],
        width: size.width.max(1),
        height: size.height.max(1),
        present_mode: wgpu::PresentMode::AutoVsync,
        desired_maximum_frame_latency: 2,
        alpha_mode: caps.alpha_modes[0],
        view_formats: vec![],
    };
    surface.configure(&device, &config);
    let egui_ctx = egui::Context::default();
    let egui_state = egui_winit::State::new(
        egui_ctx.clone(),
        egui::ViewportId::ROOT,
        &window,
        Some(window.scale_factor() as f32),
        window.theme(),
        None,
    );
    let mut egui_renderer = egui_wgpu::Renderer::new(
        &device,
        config.format,
        egui_wgpu::RendererOptions::default(),
    );

    // The canvas: inkplay draws sRGB-encoded colours into an Rgba8Unorm texture; egui samples it
    // through an sRGB view, so it gets linear colours like its own textures.
    let canvas = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("inkplay canvas"),
        size: wgpu::Extent3d {
            width: SIZE.0,
            height: SIZE.1,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::Rgba8Unorm,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT
            | wgpu::TextureUsages::COPY_DST
            | wgpu::TextureUsages::TEXTURE_BINDING,
        view_formats: &[wgpu::TextureFormat::Rgba8UnormSrgb],
    });
    let srgb_view = canvas.create_view(&wgpu::TextureViewDescriptor {
        format: Some(wgpu::TextureFormat::Rgba8UnormSrgb),
        ..Default::default()
    });
    let canvas_id =
        egui_renderer.register_native_texture(&device, &srgb_view, wgpu::FilterMode::Linear);

    let gpu = Gpu::from_host(&device, &queue, &adapter.get_info());
    let gpu_mem = GpuMemory::new();
    let mut replay = Replay::new(
        &gpu,
        &gpu_mem,
        canvas.format(),
        RenderSettings::default(),
        None,
    );
    let view = inkplay::fit_view(&drawing, SIZE.0, SIZE.1);
    replay.open(&gpu, Incoming::from(drawing), view, view.scale);
    Ok(Gfx {
        window,
        surface,
        config,
        device,
        queue,
        egui_ctx,
        egui_state,
        egui_renderer,
        canvas,
        canvas_id,
        gpu,
        gpu_mem,
        replay,
    })
}

impl App {
    fn draw(&mut self, el: &ActiveEventLoop) -> Result<(), String> {
        let Some(g) = self.gfx.as_mut() else {
            return Ok(());
        };
        let duration = g.replay.drawing().map_or(0.0, |d| d.duration_ms());
        if let Some(n) = self.frames {
            // Automated: drag the slider from the start to the end.
            self.playhead = duration * f64::from(self.frame + 1) / f64::from(n.max(1));
        }
        // The egui frame: the replay's image and the slider that scrubs it.
        let raw = g.egui_state.take_egui_input(&g.window);
        let playhead = &mut self.playhead;
        let canvas = (g.canvas_id, egui::vec2(SIZE.0 as f32, SIZE.1 as f32));
        let out = g.egui_ctx.run(raw, |ctx| {
            egui::CentralPanel::default().show(ctx, |ui| {
                ui.heading("inkplay replay");
                ui.add(egui::Slider::new(playhead, 0.0..=duration).text("ms"));
                ui.image(canvas);
            });
        });
        g.egui_state
            .handle_platform_output(&g.window, out.platform_output);

        // inkplay draws the playhead the slider shows into the canvas.
        let mut encoder = g.device.create_command_encoder(&Default::default());
        g.replay
            .prepare(&g.gpu, self.playhead)
            .map_err(|e| e.to_string())?;
        let shown = self.playhead.min(g.replay.ready_until(self.playhead));
        let canvas_view = g.canvas.create_view(&Default::default());
        let target = FrameTarget {
            texture: &g.canvas,
            view: &canvas_view,
        };
        let report = g.replay.encode(&g.gpu, &mut encoder, target, shown);

        // egui draws the window, the canvas included.
        let frame = match g.surface.get_current_texture() {
            Ok(f) => f,
            Err(wgpu::SurfaceError::Lost | wgpu::SurfaceError::Outdated) => {
                g.surface.configure(&g.device, &g.config);
                return Ok(());
            }
            Err(e) => return Err(e.to_string()),
        };
        let view = frame.texture.create_view(&Default::default());
        let jobs = g.egui_ctx.tessellate(out.shapes, out.pixels_per_point);
        for (id, delta) in &out.textures_delta.set {
            g.egui_renderer
                .update_texture(&g.device, &g.queue, *id, delta);
        }
        let screen = egui_wgpu::ScreenDescriptor {
            size_in_pixels: [g.config.width, g.config.height],
            pixels_per_point: out.pixels_per_point,
        };
        let mut buffers =
            g.egui_renderer
                .update_buffers(&g.device, &g.queue, &mut encoder, &jobs, &screen);
        {
            let mut pass = encoder
                .begin_render_pass(&wgpu::RenderPassDescriptor {
                    label: Some("egui"),
                    color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                        view: &view,
                        depth_slice: None,
                        resolve_target: None,
                        ops: wgpu::Operations {
                            load: wgpu::LoadOp::Clear(wgpu::Color::BLACK),
                            store: wgpu::StoreOp::Store,
                        },
                    })],
                    depth_stencil_attachment: None,
                    timestamp_writes: None,
                    occlusion_query_set: None,
                })
                .forget_lifetime();
            g.egui_renderer.render(&mut pass, &jobs, &screen);
        }
        for id in &out.textures_delta.free {
            g.egui_renderer.free_texture(id);
        }
        buffers.push(encoder.finish());
        g.queue.submit(buffers);
        g.replay.finish(&report, FrameCost::Measured(0.0));
        self.frame += 1;
        if self.frames.is_some_and(|n| self.frame >= n) {
            if let Some(path) = std::env::var_os("INKPLAY_SCREENSHOT") {
                let mut px = inkplay::gpu::read_texture_rgba8(&g.gpu, &g.gpu_mem, &frame.texture)
                    .map_err(|e| e.to_string())?;
                px.chunks_exact_mut(4).for_each(|p| p[3] = 255);
                let (w, h) = (g.config.width, g.config.height);
                inkplay::output::write_png(std::path::Path::new(&path), &px, w, h)
                    .map_err(|e| e.to_string())?;
            }
            println!("drew {} frames, playhead {shown:.0} ms", self.frame);
            el.exit();
        }
        frame.present();
        g.window.request_redraw();
        Ok(())
    }
}

impl ApplicationHandler for App {
    fn resumed(&mut self, el: &ActiveEventLoop) {
        if self.gfx.is_none() {
            let drawing = self.drawing.take().unwrap_or_else(inkplay::import::sample);
            match open(el, drawing) {
                Ok(g) => self.gfx = Some(g),
                Err(e) => {
                    self.result = Err(e);
                    el.exit();
                }
            }
        }
    }

    fn window_event(&mut self, el: &ActiveEventLoop, _: WindowId, event: WindowEvent) {
        if let Some(g) = self.gfx.as_mut() {
            let _ = g.egui_state.on_window_event(&g.window, &event);
        }
        match event {
            WindowEvent::CloseRequested => el.exit(),
            WindowEvent::Resized(size) => {
                if let Some(g) = self.gfx.as_mut().filter(|_| size.width * size.height > 0) {
                    (g.config.width, g.config.height) = (size.width, size.height);
                    g.surface.configure(&g.device, &g.config);
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
            eprintln!("egui_widget: {e}");
            std::process::exit(2);
        }
    };
    let mut app = App {
        drawing,
        gfx: None,
        playhead: 0.0,
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
        eprintln!("egui_widget: {e}");
        std::process::exit(1);
    }
}
