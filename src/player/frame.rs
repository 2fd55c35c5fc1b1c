//! One frame: input → clock → overlay → prepare → acquire → encode → overlay paint → submit →
//! screenshots → present, then the frame's cost to the governor (see the module docs of
//! `player`). The drawing goes through the replay: prepare → encode → finish.

use std::time::{Duration, Instant};

use winit::event_loop::ActiveEventLoop;

use super::app::{show_error, App};
use super::egui_pass::encode_overlay;
use super::screenshot::save_screenshots;
use super::surface::Acquired;
use crate::gpu::{FrameTarget, GpuError};
use crate::profile::{FrameCounters, FrameRecord};
use crate::replay::FrameCost;
use crate::Error;

impl App {
    /// Draw one frame. Returns whether another frame is wanted right away.
    pub(super) fn frame(&mut self, el: &ActiveEventLoop) -> Result<bool, Error> {
        let frame_start = Instant::now();
        let start_ns = puffin::now_ns();
        // Ends puffin's frame (the last frame's scopes go to its record).
        self.recorder.start_frame();
        puffin::profile_scope!("frame");
        self.poll_capture(false);
        let automated = self.opts.frames.is_some();
        let last_frame = self.opts.frames.is_some_and(|n| self.frame_index + 1 >= n);
        if last_frame {
            if let Some(p) = self.opts.screenshot.clone() {
                self.screenshots.push(p);
            }
        }

        // Input: key presses and drops queued since the last frame, then script steps.
        {
            puffin::profile_scope!("input");
            while self
                .script
                .front()
                .is_some_and(|s| s.frame <= self.frame_index)
            {
                if let Some(s) = self.script.pop_front() {
                    self.actions.push(s.action);
                }
            }
            for a in std::mem::take(&mut self.actions) {
                self.apply(a, el);
            }
        }

        // Clock.
        let dt_s = if automated {
            self.opts.step_ms / 1e3
        } else {
            self.last_frame
                .map_or(0.0, |t| frame_start.duration_since(t).as_secs_f64())
        };
        let interval_ms = self
            .last_frame
            .map(|t| frame_start.duration_since(t).as_secs_f64() * 1e3);
        self.last_frame = Some(frame_start);
        {
            puffin::profile_scope!("clock");
            // Playing forward stops at the ink that is ready (it resumes where it waits).
            self.clock.advance(dt_s);
        }

        let Some(g) = self.gfx.as_mut() else {
            return Ok(false);
        };
        if let Some(why) = g.gpu.lost() {
            return Err(GpuError::DeviceLost(why).into());
        }
        let size = g.window.inner_size();
        if size.width == 0 || size.height == 0 {
            // Minimised: draw nothing, but keep automation moving.
            self.frame_index += 1;
            return Ok(automated);
        }
        if (size.width, size.height) != (g.config.width, g.config.height) {
            self.resize(size);
        }

        // The overlay (reads state, emits actions applied before this frame is drawn).
        let mut ui_actions = Vec::new();
        let Some(egui_output) = self.run_overlay(&mut ui_actions) else {
            return Ok(false);
        };
        for a in ui_actions {
            self.apply(a, el);
        }
        if self.fitted {
            // The transport bar's height is known after its first frame (and changes with the
            // overlay): keep a fitted drawing above it.
            self.refit();
        }
        let wants_repaint = egui_output
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map(|v| v.repaint_delay);

        // Prepare: stream the next batch in, set the view.
        let Some(g) = self.gfx.as_mut() else {
            return Ok(false);
        };
        let was_loaded = g.replay.is_loaded();
        // The checkpoints' textures are made as they are filled (see `CheckpointStats`): not
        // the frame loop's allocations.
        let allocations_before =
            g.gpu_mem.allocations() - g.replay.renderer().checkpoint_allocations();
        let misses_before = g.replay.cache().stats().misses;
        let render_t;
        let quality_applied;
        let mut counters = FrameCounters::default();
        {
            puffin::profile_scope!("prepare");
            g.replay.renderer_mut().set_view(self.view);
            let playhead = self.clock.drawing_ms();
            let prepared = g.replay.prepare(&g.gpu, playhead)?;
            quality_applied = prepared.quality_applied;
            counters.playhead_ms = playhead;
            counters.uploaded_bytes = prepared.stream.bytes;
            counters.layer_grant = prepared.layer_budget;
            if prepared.timeline_changed {
                // More of the drawing arrived (or its import stopped where it was).
                self.clock
                    .set_pacing(g.replay.renderer().timeline(), self.clock.pacing());
            }
            if let Some(e) = prepared.import_error {
                // The drawing ends where its import stopped; what arrived stays.
                show_error(&mut self.report, &mut self.ui, e.to_string());
            }
            // Never show a frame whose ink is not on the GPU yet: the clock waits ("buffering")
            // and the frame shows the drawing up to the ink that is there.
            let ready = g.replay.ready_until(playhead);
            self.clock.set_hold(ready.is_finite().then_some(ready));
            self.buffering = playhead > ready || self.clock.is_held();
            if self.buffering {
                self.report.buffering_frames += 1;
            }
            render_t = playhead.min(ready);
        }
        super::export::step(&mut self.export, g, &mut self.ui, &mut self.report);

        let acquire_start = Instant::now();
        let frame = {
            puffin::profile_scope!("acquire");
            match g.surface.get_current_texture() {
                Ok(f) => Acquired::new(f, &g.gpu),
                Err(wgpu::SurfaceError::Lost | wgpu::SurfaceError::Outdated) => {
                    g.surface.configure(&g.gpu.device, &g.config);
                    g.replay.renderer_mut().invalidate_target();
                    return Ok(true);
                }
                Err(wgpu::SurfaceError::Timeout) => return Ok(true),
                Err(e @ wgpu::SurfaceError::OutOfMemory) => {
                    return Err(GpuError::Device(format!("window surface: {e}")).into())
                }
                Err(e) => {
                    log::warn!("window surface: {e}");
                    return Ok(true);
                }
            }
        };
        // Waiting for a free swapchain image is not the frame's work.
        let acquire_ms = acquire_start.elapsed().as_secs_f64() * 1e3;
        let view = frame
            .texture()
            .create_view(&wgpu::TextureViewDescriptor::default());
        let mut encoder = g
            .gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("window frame"),
            });
        let timer_slot = g
            .replay
            .renderer_mut()
            .gpu_timers_mut()
            .and_then(|t| t.begin(&mut encoder, self.frame_index));
        let report = {
            puffin::profile_scope!("encode");
            g.replay.encode(
                &g.gpu,
                &mut encoder,
                FrameTarget {
                    texture: frame.texture(),
                    view: &view,
                },
                render_t,
            )
        };
        if report.layer_rebuilt {
            self.report.layer_rebuilds += 1;
        }
        if report.standin {
            self.report.standin_frames += 1;
        }
        // egui-wgpu panics when it cannot write its buffers: a device lost while this frame was
        // being encoded ends the frame here.
        if let Some(why) = g.gpu.lost() {
            return Err(GpuError::DeviceLost(why).into());
        }
        let mut command_buffers = Vec::new();
        if self.ui.panels.overlay {
            if let Some(t) = g.replay.renderer_mut().gpu_timers_mut() {
                t.pass(&mut encoder, "egui");
            }
            command_buffers = encode_overlay(g, &mut encoder, &view, egui_output);
        }
        let timer_slot = match (timer_slot, g.replay.renderer_mut().gpu_timers_mut()) {
            (Some(_), Some(t)) => t.end(&mut encoder),
            _ => None,
        };
        {
            puffin::profile_scope!("submit");
            command_buffers.push(encoder.finish());
            g.gpu.queue.submit(command_buffers);
        }
        if let (Some(t), Some(slot)) = (g.replay.renderer_mut().gpu_timers_mut(), timer_slot) {
            t.submitted(slot, puffin::now_ns());
        }
        // On a software rasterizer the GPU's work runs on the same cores as the next frame's
        // would: letting them overlap only hides this frame's cost in the next one's, where the
        // governor cannot see it. The frame waits for its own work and is measured whole.
        let serial = g.gpu.summary.is_software();
        if serial {
            puffin::profile_scope!("wait for the rasterizer");
            g.gpu.wait_idle()?;
        }
        // The frame's CPU work, without waiting for the swapchain or for vertical blank.
        let cpu_ms = frame_start.elapsed().as_secs_f64() * 1e3 - acquire_ms;
        let shots = std::mem::take(&mut self.screenshots);
        save_screenshots(
            &shots,
            g,
            frame.texture(),
            automated,
            &mut self.report,
            &mut self.ui,
        )?;
        {
            puffin::profile_scope!("present");
            g.window.pre_present_notify();
            frame.present();
        }
        g.gpu.check()?;

        // Tell the governor what frames cost: on a software rasterizer the whole frame (its
        // rasterization and presenting included); otherwise the larger of CPU work and GPU
        // time, once the GPU time has been read back (a few frames later, without stalling).
        let cost = match timer_slot {
            _ if serial => {
                FrameCost::Measured(frame_start.elapsed().as_secs_f64() * 1e3 - acquire_ms)
            }
            Some(_) => FrameCost::AwaitingGpu {
                tag: self.frame_index,
                cpu_ms,
            },
            None => FrameCost::Measured(cpu_ms),
        };
        g.replay.finish(&report, cost);
        let timed = g
            .replay
            .renderer_mut()
            .gpu_timers_mut()
            .map(|t| t.poll(&g.gpu))
            .unwrap_or_default();
        if g.replay.governor().is_some() {
            let came_back = timed.len() as u64;
            let totals: Vec<(u64, f64)> = timed.iter().map(|t| (t.tag, t.total_ms)).collect();
            let matched = g.replay.gpu_timings(self.frame_index, totals);
            // A frame measured whole did not wait for its GPU time, but it still came back.
            self.report.gpu_timed_frames += if serial { came_back } else { matched };
        }
        self.pass_stats.push(&timed);
        counters.shown_ms = report.shown_ms;
        counters.layer_strokes = report.layer_strokes_added;
        counters.layer_indices = report.layer_indices + report.checkpoint_indices;
        counters.quality = g.replay.governor().map_or(0, |gov| gov.quality() as u8);

        // Applying a quality step may reallocate the layers (another sample count or
        // resolution): that frame is not steady.
        if was_loaded && shots.is_empty() && !quality_applied {
            self.report.steady_frames += 1;
            self.report.steady_gpu_allocations += g.gpu_mem.allocations()
                - g.replay.renderer().checkpoint_allocations()
                - allocations_before;
            self.report.steady_tessellations += g.replay.cache().stats().misses - misses_before;
        }
        let work_ms = frame_start.elapsed().as_secs_f64() * 1e3;
        self.frame_stats
            .push(self.frame_index, interval_ms, work_ms);
        self.recorder.end_frame(FrameRecord {
            index: self.frame_index,
            start_ns,
            cpu_ms: work_ms,
            counters,
            ..FrameRecord::default()
        });
        self.recorder.gpu_times(&timed);
        self.frame_index += 1;
        if last_frame {
            el.exit();
            return Ok(false);
        }
        let streaming = !g.replay.is_loaded();
        let p = &self.ui.panels;
        let live_panels = p.overlay && (p.memory || p.frames || p.profiler);
        self.redraw_at = match wants_repaint {
            Some(d) if d < Duration::from_secs(3600) => Some(Instant::now() + d),
            _ => None,
        };
        // An export beside playback moves only while frames are drawn.
        let exporting = self.export.is_some();
        Ok(automated
            || self.clock.is_playing()
            || streaming
            || exporting
            || live_panels
            || self.dragging)
    }
}
