//! Everything the user can ask the player to do, whether from a key, the overlay or a script.
//!
//! Keys, overlay widgets and `--script` all produce [`Action`]s and the player applies them in one
//! place, so the automation exercises exactly what a person's input does.

use std::path::PathBuf;

use winit::keyboard::{Key, ModifiersState, NamedKey};

use crate::playback::{LoopMode, Pacing, TimeSpec};

/// A panel of the overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The puffin_egui profiler window.
    Profiler,
    /// Memory: RSS, heap, GPU bytes, mesh cache, history.
    Memory,
    /// Frame times against the budget.
    Frames,
    /// Keyboard shortcuts.
    Help,
}

impl std::str::FromStr for Panel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "profiler" | "profile" | "puffin" => Ok(Panel::Profiler),
            "memory" | "mem" => Ok(Panel::Memory),
            "frames" | "frame-times" | "frametimes" => Ok(Panel::Frames),
            "help" | "keys" => Ok(Panel::Help),
            other => Err(format!(
                "unknown panel {other:?} (expected profiler, memory, frames or help)"
            )),
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Play ↔ pause.
    TogglePlay,
    /// Play.
    Play,
    /// Pause.
    Pause,
    /// Step `n` frames (negative: back); pauses.
    StepFrames(i32),
    /// Step one stroke forward (`true`) or back; pauses.
    StepStroke(bool),
    /// Jump to the start.
    ToStart,
    /// Jump to the end.
    ToEnd,
    /// Seek to a point of the drawing (drawing time).
    Seek(TimeSpec),
    /// Seek to a fraction (0..=1) of the presentation timeline (the scrubber).
    SeekFraction(f64),
    /// Scrubbing begins (playback pauses until it ends).
    ScrubBegin,
    /// Scrubbing ends (playback resumes if it was playing).
    ScrubEnd,
    /// Next faster speed step.
    Faster,
    /// Next slower speed step.
    Slower,
    /// Set the speed (×).
    Speed(f64),
    /// Toggle reverse playback.
    ToggleReverse,
    /// Off → whole drawing → range (if marked) → off.
    CycleLoop,
    /// Set the loop mode.
    Loop(LoopMode),
    /// Mark the loop range's start at the playhead.
    MarkLoopStart,
    /// Mark the loop range's end at the playhead.
    MarkLoopEnd,
    /// Set the pacing.
    Pacing(Pacing),
    /// Toggle uniform ↔ as-recorded pacing.
    TogglePacing,
    /// Cap pen-up pauses (ms); `None` removes the cap.
    MaxPause(Option<f64>),
    /// Fit the view to the drawing.
    Fit,
    /// Zoom by a factor about the window centre.
    Zoom(f32),
    /// Pan by pixels.
    Pan(f32, f32),
    /// Open a file.
    Open(PathBuf),
    /// Show or hide a panel.
    TogglePanel(Panel),
    /// Show or hide the whole overlay.
    ToggleOverlay,
    /// Save what the window shows to a PNG.
    Screenshot(PathBuf),
    /// Export the loop range (or the whole drawing) at the current speed and pacing, to this
    /// file or next to the input, while playback goes on.
    Export(Option<PathBuf>),
    /// Write the last frames as a profile capture (a `.puffin` file and a Chrome trace beside
    /// it) to this file or next to the input.
    Capture(Option<PathBuf>),
    /// Seek to what frame `n` showed, and show that frame in the profiler (a click in the
    /// frame-time plot).
    InspectFrame(u64),
    /// Close the window.
    Quit,
}

/// The shortcut table: (keys, what they do). Shown in the help panel and the README.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "play / pause"),
    ("← / →", "step one frame back / forward"),
    ("Shift + ← / →", "step one stroke back / forward"),
    ("Home / End", "jump to start / end"),
    ("+ / −", "faster / slower (0.1× … 64×)"),
    ("R", "reverse playback"),
    ("L", "loop: off / whole drawing / marked range"),
    ("[ / ]", "mark loop range start / end at the playhead"),
    ("U", "pacing: as recorded ↔ uniform"),
    ("F", "fit drawing to window"),
    (
        "E",
        "export the loop range (or all) to NAME.mp4 (.gif without ffmpeg) beside the input",
    ),
    (
        "C",
        "capture the last frames' profile to NAME-capture.puffin (+ .trace.json) beside the input",
    ),
    ("Ctrl + = / −, wheel, pinch", "zoom (about the cursor)"),
    ("drag", "pan"),
    ("P", "puffin profiler"),
    ("M", "memory panel"),
    ("T", "frame-time panel"),
    ("H / F1", "this help"),
    ("O", "hide / show the whole overlay"),
    ("drop a file", "open it"),
    ("Q", "quit"),
];

/// The action for a key press, if it is a shortcut.
pub fn action_for_key(key: &Key, mods: ModifiersState) -> Option<Action> {
    let shift = mods.shift_key();
    let ctrl = mods.control_key() || mods.super_key();
    match key {
        Key::Named(NamedKey::Space) => Some(Action::TogglePlay),
        Key::Named(NamedKey::ArrowRight) if shift => Some(Action::StepStroke(true)),
        Key::Named(NamedKey::ArrowLeft) if shift => Some(Action::StepStroke(false)),
        Key::Named(NamedKey::ArrowRight) => Some(Action::StepFrames(1)),
        Key::Named(NamedKey::ArrowLeft) => Some(Action::StepFrames(-1)),
        Key::Named(NamedKey::Home) => Some(Action::ToStart),
        Key::Named(NamedKey::End) => Some(Action::ToEnd),
        Key::Named(NamedKey::F1) => Some(Action::TogglePanel(Panel::Help)),
        Key::Character(c) => {
            let c = c.as_str();
            match (c, ctrl) {
                ("+" | "=", true) => Some(Action::Zoom(1.25)),
                ("-", true) => Some(Action::Zoom(0.8)),
                ("+" | "=", false) => Some(Action::Faster),
                ("-", false) => Some(Action::Slower),
                (_, true) => None,
                _ => match c.to_ascii_lowercase().as_str() {
                    "r" => Some(Action::ToggleReverse),
                    "l" => Some(Action::CycleLoop),
                    "[" => Some(Action::MarkLoopStart),
                    "]" => Some(Action::MarkLoopEnd),
                    "u" => Some(Action::TogglePacing),
                    "f" => Some(Action::Fit),
                    "e" => Some(Action::Export(None)),
                    "c" => Some(Action::Capture(None)),
                    "p" => Some(Action::TogglePanel(Panel::Profiler)),
                    "m" => Some(Action::TogglePanel(Panel::Memory)),
                    "t" => Some(Action::TogglePanel(Panel::Frames)),
                    "h" => Some(Action::TogglePanel(Panel::Help)),
                    "o" => Some(Action::ToggleOverlay),
                    "q" => Some(Action::Quit),
                    _ => None,
                },
            }
        }
        _ => None,
    }
}

/// A scripted action: at frame `frame` (0-based, applied before that frame is drawn).
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptStep {
    /// The frame.
    pub frame: u64,
    /// What to do.
    pub action: Action,
}

fn parse_f64(what: &str, v: &str) -> Result<f64, String> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("{what}: {v:?} is not a number"))
}

/// Parse one `name[=value]` action of a script.
pub fn parse_action(s: &str) -> Result<Action, String> {
    let (name, value) = match s.split_once('=') {
        Some((n, v)) => (n.trim(), Some(v.trim())),
        None => (s.trim(), None),
    };
    let need = || value.ok_or_else(|| format!("{name} needs a value ({name}=…)"));
    Ok(match name {
        "play" => Action::Play,
        "pause" => Action::Pause,
        "toggle" => Action::TogglePlay,
        "start" => Action::ToStart,
        "end" => Action::ToEnd,
        "step-frame" => {
            Action::StepFrames(value.map_or(Ok(1.0), |v| parse_f64(name, v))? as i32)
        }
        "step-stroke" => Action::StepStroke(value.map_or(Ok(1.0), |v| parse_f64(name, v))? >= 0.0),
        "seek" => Action::Seek(need()?.parse()?),
        "scrub" => Action::SeekFraction(parse_f64(name, need()?)?.clamp(0.0, 1.0)),
        "speed" => Action::Speed(parse_f64(name, need()?)?),
        "faster" => Action::Faster,
        "slower" => Action::Slower,
        "reverse" => Action::ToggleReverse,
        "loop" => Action::Loop(need()?.parse()?),
        "pacing" => Action::Pacing(parse_pacing(need()?)?),
        "max-pause" => Action::MaxPause(match need()? {
            "none" | "off" => None,
            v => Some(parse_f64(name, v)?.max(0.0)),
        }),
        "fit" => Action::Fit,
        "zoom" => {
            let f = parse_f64(name, need()?)?;
            if f <= 0.0 {
                return Err(format!("zoom: factor must be positive, got {f}"));
            }
            Action::Zoom(f as f32)
        }
        "pan" => {
            let v = need()?;
            let (x, y) = v
                .split_once(',')
                .ok_or_else(|| format!("pan: expected DX,DY pixels, got {v:?}"))?;
            Action::Pan(parse_f64(name, x)? as f32, parse_f64(name, y)? as f32)
        }
        "open" => Action::Open(PathBuf::from(need()?)),
        "panel" => Action::TogglePanel(need()?.parse()?),
        "overlay" => Action::ToggleOverlay,
        "screenshot" => Action::Screenshot(PathBuf::from(need()?)),
        "export" => Action::Export(value.map(PathBuf::from)),
        "capture" => Action::Capture(value.map(PathBuf::from)),
        "inspect" => Action::InspectFrame(
            need()?
                .parse()
                .map_err(|_| format!("inspect: expected a frame number, got {value:?}"))?,
        ),
        "quit" => Action::Quit,
        other => {
            return Err(format!(
                "unknown action {other:?} (expected play, pause, toggle, start, end, step-frame, \
                 step-stroke, seek, scrub, speed, faster, slower, reverse, loop, pacing, max-pause, \
                 fit, zoom, pan, open, panel, overlay, screenshot, export, capture, inspect or quit)"
            ))
        }
    })
}

/// `recorded` or `uniform`.
pub fn parse_pacing(s: &str) -> Result<Pacing, String> {
    match s.trim() {
        "recorded" | "as-recorded" => Ok(Pacing::AsRecorded),
        "uniform" => Ok(Pacing::Uniform),
        other => Err(format!(
            "pacing: expected recorded or uniform, got {other:?}"
        )),
    }
}

/// Parse a script: whitespace- or `;`-separated `FRAME:ACTION[=VALUE]` items (e.g.
/// `"10:pause 20:seek=50% 30:zoom=2 40:screenshot=a.png"`). Lines starting with `#` are comments.
/// Errors name the item.
pub fn parse_script(text: &str) -> Result<Vec<ScriptStep>, String> {
    let mut steps = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        for item in line.split(|c: char| c.is_whitespace() || c == ';') {
            if item.is_empty() {
                continue;
            }
            let (frame, action) = item.split_once(':').ok_or_else(|| {
                format!(
                    "line {}: {item:?}: expected FRAME:ACTION (e.g. 30:pause)",
                    line_no + 1
                )
            })?;
            let frame: u64 = frame.parse().map_err(|_| {
                format!(
                    "line {}: {item:?}: {frame:?} is not a frame number",
                    line_no + 1
                )
            })?;
            let action =
                parse_action(action).map_err(|e| format!("line {}: {item:?}: {e}", line_no + 1))?;
            steps.push(ScriptStep { frame, action });
        }
    }
    steps.sort_by_key(|s| s.frame);
    Ok(steps)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key(c: &str) -> Key {
        Key::Character(c.into())
    }

    #[test]
    fn keys_map_to_the_documented_actions() {
        let none = ModifiersState::empty();
        let shift = ModifiersState::SHIFT;
        let ctrl = ModifiersState::CONTROL;
        assert_eq!(
            action_for_key(&Key::Named(NamedKey::Space), none),
            Some(Action::TogglePlay)
        );
        assert_eq!(
            action_for_key(&Key::Named(NamedKey::ArrowRight), none),
            Some(Action::StepFrames(1))
        );
        assert_eq!(
            action_for_key(&Key::Named(NamedKey::ArrowLeft), shift),
            Some(Action::StepStroke(false))
        );
        assert_eq!(action_for_key(&key("+"), none), Some(Action::Faster));
        assert_eq!(action_for_key(&key("="), ctrl), Some(Action::Zoom(1.25)));
        assert_eq!(action_for_key(&key("-"), none), Some(Action::Slower));
        assert_eq!(action_for_key(&key("F"), shift), Some(Action::Fit));
        assert_eq!(action_for_key(&key("e"), none), Some(Action::Export(None)));
        assert_eq!(action_for_key(&key("c"), none), Some(Action::Capture(None)));
        assert_eq!(
            action_for_key(&key("p"), none),
            Some(Action::TogglePanel(Panel::Profiler))
        );
        assert_eq!(
            action_for_key(&Key::Named(NamedKey::F1), none),
            Some(Action::TogglePanel(Panel::Help))
        );
        assert_eq!(action_for_key(&key("p"), ctrl), None);
        assert_eq!(action_for_key(&key("z"), none), None);
        // Every shortcut in the table that names a letter maps to something.
        for c in ["r", "l", "[", "]", "u", "f", "p", "m", "t", "h", "o", "q"] {
            assert!(action_for_key(&key(c), none).is_some(), "{c}");
        }
    }

    #[test]
    fn scripts_parse_and_name_bad_items() {
        let s = parse_script("# demo\n5:pause 1:play; 9:seek=50% 10:zoom=2\n12:pan=-10,4 20:loop=100..900 30:panel=memory 40:screenshot=a.png").unwrap();
        assert_eq!(
            s[0],
            ScriptStep {
                frame: 1,
                action: Action::Play
            }
        );
        assert_eq!(s[1].action, Action::Pause);
        assert_eq!(s[2].action, Action::Seek(TimeSpec::Percent(50.0)));
        assert_eq!(s[3].action, Action::Zoom(2.0));
        assert_eq!(s[4].action, Action::Pan(-10.0, 4.0));
        assert_eq!(
            s[5].action,
            Action::Loop(LoopMode::Range {
                start_ms: 100.0,
                end_ms: 900.0
            })
        );
        assert_eq!(s[6].action, Action::TogglePanel(Panel::Memory));
        assert_eq!(s[7].action, Action::Screenshot("a.png".into()));

        let e = parse_script("3:pause\n4:warp").unwrap_err();
        assert!(e.contains("line 2") && e.contains("warp"), "{e}");
        assert!(parse_script("x:pause")
            .unwrap_err()
            .contains("frame number"));
        assert!(parse_script("pause").unwrap_err().contains("FRAME:ACTION"));
        assert!(parse_script("1:zoom=0").is_err());
        assert!(parse_script("1:seek")
            .unwrap_err()
            .contains("needs a value"));
        assert!(parse_script("1:panel=nope").is_err());
    }
}
