//! One measured frame's row ([`FrameRow`]) and the per-frame CSV (`bench --csv`).

use crate::headless::Headless;

/// One measured frame, for `--csv`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameRow {
    /// Frame number.
    pub frame: usize,
    /// Playhead, ms.
    pub playhead_ms: f64,
    /// The playhead the frame showed (earlier than `playhead_ms` while the layer catches up
    /// after a seek), ms.
    pub shown_ms: f64,
    /// Wall time, ms.
    pub frame_ms: f64,
    /// CPU time, ms.
    pub cpu_ms: f64,
    /// GPU time, ms.
    pub gpu_ms: Option<f64>,
    /// Strokes added to the layer.
    pub layer_strokes_added: u32,
    /// Indices the checkpoint builder drew this frame.
    pub checkpoint_indices: u64,
    /// Checkpoint copies this frame: the whole layer into a checkpoint it passed, and a band of
    /// the checkpoint builder's copy (in no index count; at most one of each).
    pub checkpoint_copies: u32,
    /// Major page faults of the process since the previous frame (pages read back from disk);
    /// `None` where the OS does not tell.
    pub major_faults: Option<u64>,
    /// Whether the layer was rebuilt.
    pub layer_rebuilt: bool,
    /// Strokes drawn live.
    pub live_strokes: u32,
    /// Strokes on the GPU so far (grows during `load`).
    pub uploaded_strokes: u32,
    /// Finished strokes not yet in the layer (catching up within the layer budget).
    pub layer_pending: u32,
    /// The previous layer stood in for one being rebuilt.
    pub standin: bool,
    /// The playhead waited for ink still streaming in.
    pub buffering: bool,
    /// The frame was drawn direct (every started stroke, no layer).
    pub direct: bool,
}

/// A measured frame's row, from what the frame reported (its wall time, the streaming step's
/// CPU time and the page faults are the caller's).
pub(super) fn frame_row(
    k: usize,
    t: f64,
    ft: &crate::headless::FrameTiming,
    h: &Headless,
    buffering: bool,
) -> FrameRow {
    FrameRow {
        frame: k,
        playhead_ms: t,
        shown_ms: ft.report.shown_ms,
        frame_ms: 0.0,
        cpu_ms: ft.cpu_ms,
        gpu_ms: ft.gpu_ms,
        layer_strokes_added: ft.report.layer_strokes_added,
        checkpoint_indices: ft.report.checkpoint_indices,
        checkpoint_copies: ft.report.checkpoint_copies,
        major_faults: None,
        layer_rebuilt: ft.report.layer_rebuilt,
        live_strokes: ft.report.live_strokes,
        uploaded_strokes: h.renderer().geometry().map_or(0, |g| g.uploaded),
        layer_pending: ft.report.layer_pending,
        standin: ft.report.standin,
        buffering,
        direct: ft.report.direct,
    }
}

/// Per-frame CSV with a header line.
pub fn csv(rows: &[FrameRow]) -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "frame,playhead_ms,shown_ms,frame_ms,cpu_ms,gpu_ms,layer_strokes_added,checkpoint_indices,checkpoint_copies,layer_rebuilt,live_strokes,uploaded_strokes,layer_pending,standin,buffering,major_faults,direct\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{},{:.3},{:.3},{:.4},{:.4},{},{},{},{},{},{},{},{},{},{},{},{}",
            r.frame,
            r.playhead_ms,
            r.shown_ms,
            r.frame_ms,
            r.cpu_ms,
            r.gpu_ms.map_or(String::new(), |g| format!("{g:.4}")),
            r.layer_strokes_added,
            r.checkpoint_indices,
            r.checkpoint_copies,
            u8::from(r.layer_rebuilt),
            r.live_strokes,
            r.uploaded_strokes,
            r.layer_pending,
            u8::from(r.standin),
            u8::from(r.buffering),
            r.major_faults.map_or(String::new(), |m| m.to_string()),
            u8::from(r.direct)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_row_per_frame() {
        let rows = [
            FrameRow::default(),
            FrameRow {
                frame: 1,
                gpu_ms: Some(1.5),
                ..FrameRow::default()
            },
        ];
        let c = csv(&rows);
        assert_eq!(c.lines().count(), 3);
        assert!(c.lines().nth(2).is_some_and(|l| l.contains(",1.5000,")));
    }
}
