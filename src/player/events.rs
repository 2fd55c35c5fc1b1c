//! winit's callbacks: window events become actions, view changes and redraws; a redraw draws a
//! frame; a lost device is replaced (`recover`); any other fatal error ends the loop.

use std::time::Instant;

use glam::Vec2;
use winit::application::ApplicationHandler;
use winit::event::{ElementState, MouseButton, MouseScrollDelta, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow};
use winit::window::WindowId;

use super::actions::{action_for_key, Action};
use super::app::App;
use crate::gpu::GpuError;
use crate::Error;

impl App {
    /// Keep the first fatal error (returned by `run`) and end the event loop.
    fn fail(&mut self, el: &ActiveEventLoop, e: Error) {
        log::error!("{e}");
        if self.fatal.is_none() {
            self.fatal = Some(e);
        }
        el.exit();
    }
}

impl ApplicationHandler for App {
    fn resumed(&mut self, el: &ActiveEventLoop) {
        if self.gfx.is_none() {
            if let Err(e) = self.init(el) {
                self.fail(el, e);
                return;
            }
        }
        if let Some(g) = &self.gfx {
            g.window.request_redraw();
        }
    }

    fn window_event(&mut self, el: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let Some(g) = self.gfx.as_mut() else {
            return;
        };
        let response = g.egui_state.on_window_event(&g.window, &event);
        if response.repaint {
            g.window.request_redraw();
        }
        let egui_wants_pointer = g.egui_ctx.is_pointer_over_area() || g.egui_ctx.is_using_pointer();
        let egui_wants_keys = g.egui_ctx.wants_keyboard_input();
        match event {
            WindowEvent::CloseRequested => el.exit(),
            WindowEvent::Resized(size) => {
                self.resize(size);
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
            }
            WindowEvent::ModifiersChanged(m) => self.modifiers = m.state(),
            WindowEvent::KeyboardInput { event, .. }
                if event.state == ElementState::Pressed && !egui_wants_keys =>
            {
                if let Some(a) = action_for_key(&event.logical_key, self.modifiers) {
                    self.actions.push(a);
                    g.window.request_redraw();
                }
            }
            WindowEvent::MouseInput {
                button: MouseButton::Left,
                state,
                ..
            } => {
                self.dragging = state == ElementState::Pressed && !egui_wants_pointer;
            }
            WindowEvent::CursorMoved { position, .. } => {
                let p = Vec2::new(position.x as f32, position.y as f32);
                if let (true, Some(prev)) = (self.dragging, self.cursor) {
                    self.view.offset += p - prev;
                    self.fitted = false;
                    g.window.request_redraw();
                }
                self.cursor = Some(p);
            }
            WindowEvent::CursorLeft { .. } => self.cursor = None,
            WindowEvent::MouseWheel { delta, .. } if !egui_wants_pointer => {
                let lines = match delta {
                    MouseScrollDelta::LineDelta(_, y) => y,
                    MouseScrollDelta::PixelDelta(p) => p.y as f32 / 40.0,
                };
                let anchor = self.cursor.unwrap_or_else(|| {
                    Vec2::new(g.config.width as f32, g.config.height as f32) * 0.5
                });
                self.zoom_at(anchor, 1.1f32.powf(lines));
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
            }
            WindowEvent::PinchGesture { delta, .. } if !egui_wants_pointer => {
                let anchor = self.cursor.unwrap_or_else(|| {
                    Vec2::new(g.config.width as f32, g.config.height as f32) * 0.5
                });
                self.zoom_at(anchor, (1.0 + delta as f32).max(0.01));
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
            }
            WindowEvent::DroppedFile(path) => {
                self.actions.push(Action::Open(path));
                g.window.request_redraw();
            }
            WindowEvent::RedrawRequested => match self.frame(el) {
                Ok(again) => {
                    if again {
                        if let Some(g) = &self.gfx {
                            g.window.request_redraw();
                        }
                    }
                }
                Err(Error::Gpu(GpuError::DeviceLost(why))) => {
                    if let Err(e) = self.recover_device(&why) {
                        self.fail(el, e);
                    }
                }
                Err(e) => self.fail(el, e),
            },
            _ => {}
        }
    }

    fn about_to_wait(&mut self, el: &ActiveEventLoop) {
        match self.redraw_at {
            Some(t) if t <= Instant::now() => {
                self.redraw_at = None;
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
                el.set_control_flow(ControlFlow::Wait);
            }
            Some(t) => el.set_control_flow(ControlFlow::WaitUntil(t)),
            None => el.set_control_flow(ControlFlow::Wait),
        }
    }
}
