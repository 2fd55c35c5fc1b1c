//! Applying an [`Action`] (a key, the overlay, a script step) to the clock, the view, the
//! panels or the event loop.

use glam::Vec2;
use winit::event_loop::ActiveEventLoop;

use super::actions::Action;
use super::app::App;
use crate::playback::{LoopMode, Pacing, PacingOptions};

impl App {
    /// Do what `a` asks (nothing before the window exists).
    pub(super) fn apply(&mut self, a: Action, el: &ActiveEventLoop) {
        let Some(g) = self.gfx.as_ref() else {
            return;
        };
        let timeline = g.replay.renderer().timeline();
        let c = &mut self.clock;
        match a {
            Action::TogglePlay => c.toggle(),
            Action::Play => c.play(),
            Action::Pause => c.pause(),
            Action::StepFrames(n) => c.step_frames(n),
            Action::StepStroke(fwd) => c.step_stroke(timeline, fwd),
            Action::ToStart => c.to_start(),
            Action::ToEnd => c.to_end(),
            Action::Seek(t) => c.seek_drawing(t.resolve(timeline.duration_ms())),
            Action::SeekFraction(f) => c.seek_presentation(f * c.duration_ms()),
            Action::ScrubBegin => {
                self.resume_after_scrub = c.is_playing();
                c.pause();
            }
            Action::ScrubEnd => {
                if std::mem::take(&mut self.resume_after_scrub) {
                    c.play();
                }
            }
            Action::Faster => c.faster(),
            Action::Slower => c.slower(),
            Action::Speed(s) => c.set_speed(s),
            Action::ToggleReverse => c.set_reverse(!c.is_reverse()),
            Action::CycleLoop => {
                let next = match (c.loop_mode(), self.loop_marks) {
                    (LoopMode::Off, _) => LoopMode::All,
                    (LoopMode::All, (Some(a), Some(b))) => LoopMode::Range {
                        start_ms: a.min(b),
                        end_ms: a.max(b),
                    },
                    _ => LoopMode::Off,
                };
                c.set_loop(next);
            }
            Action::Loop(m) => c.set_loop(m),
            Action::MarkLoopStart | Action::MarkLoopEnd => {
                let t = c.drawing_ms();
                if a == Action::MarkLoopStart {
                    self.loop_marks.0 = Some(t);
                } else {
                    self.loop_marks.1 = Some(t);
                }
                if let (Some(a), Some(b)) = self.loop_marks {
                    if a != b {
                        c.set_loop(LoopMode::Range {
                            start_ms: a.min(b),
                            end_ms: a.max(b),
                        });
                    }
                }
            }
            Action::Pacing(p) => {
                let opts = PacingOptions {
                    pacing: p,
                    ..c.pacing()
                };
                c.set_pacing(timeline, opts);
            }
            Action::TogglePacing => {
                let mut opts = c.pacing();
                opts.pacing = match opts.pacing {
                    Pacing::AsRecorded => Pacing::Uniform,
                    Pacing::Uniform => Pacing::AsRecorded,
                };
                c.set_pacing(timeline, opts);
            }
            Action::MaxPause(cap) => {
                let opts = PacingOptions {
                    max_gap_ms: cap,
                    ..c.pacing()
                };
                c.set_pacing(timeline, opts);
            }
            Action::Fit => self.refit(),
            Action::Zoom(f) => {
                let center = Vec2::new(g.config.width as f32, g.config.height as f32) * 0.5;
                self.zoom_at(center, f);
            }
            Action::Pan(dx, dy) => {
                self.view.offset += Vec2::new(dx, dy);
                self.fitted = false;
            }
            Action::Open(path) => self.open(&path),
            Action::TogglePanel(p) => self.ui.panels.toggle(p),
            Action::ToggleOverlay => self.ui.panels.overlay = !self.ui.panels.overlay,
            Action::Screenshot(p) => self.screenshots.push(p),
            Action::Export(p) => self.start_export(p),
            Action::Capture(p) => self.start_capture(p),
            Action::InspectFrame(n) => self.inspect_frame(n),
            Action::Quit => el.exit(),
        }
    }
}
