//! What a frame is drawn with, into, and what it did: [`RenderSettings`], [`FrameTarget`],
//! [`FrameReport`].

use super::AntiAlias;
use crate::model::Color;

/// How frames look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderSettings {
    /// Antialiasing.
    pub aa: AntiAlias,
    /// Background (straight alpha; transparent backgrounds are supported).
    pub background: Color,
}

impl Default for RenderSettings {
    fn default() -> Self {
        Self {
            aa: AntiAlias::default(),
            background: Color::WHITE,
        }
    }
}

/// Where a frame is drawn: a texture (window surface or offscreen) and a view of it. The texture
/// needs `RENDER_ATTACHMENT | COPY_DST` usage and the renderer's format.
#[derive(Debug, Clone, Copy)]
pub struct FrameTarget<'a> {
    /// The texture (copied into when the layer is composed without multisampling).
    pub texture: &'a wgpu::Texture,
    /// A view of it (rendered into).
    pub view: &'a wgpu::TextureView,
}

impl FrameTarget<'_> {
    /// Size in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.texture.width(), self.texture.height())
    }
}

/// What a frame did (for stats, tests and the governor).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameReport {
    /// Strokes drawn into the retained layer this frame.
    pub layer_strokes_added: u32,
    /// Whether the layer was cleared and rebuilt.
    pub layer_rebuilt: bool,
    /// Strokes drawn live (in progress) or, for direct frames, all strokes drawn.
    pub live_strokes: u32,
    /// Indexed draw calls issued.
    pub draw_calls: u32,
    /// Pixels copied from the layer (or the stand-in redrawn) into the target (damage only, when
    /// the target is reused).
    pub copied_pixels: u64,
    /// Indices drawn into the layer this frame (the layer work the governor budgets).
    pub layer_indices: u64,
    /// Strokes finished at the playhead asked for that are not in the layer yet (catching up
    /// within the layer budget; the frame showed an earlier moment, `shown_ms`, meanwhile).
    pub layer_pending: u32,
    /// The previous layer was shown in place of the one being rebuilt.
    pub standin: bool,
    /// The layer started over from a checkpoint rather than from nothing.
    pub checkpoint_restored: bool,
    /// Indices drawn into the checkpoint builder (layer work too, see
    /// [`Renderer::set_checkpoint_work`](super::Renderer::set_checkpoint_work)).
    pub checkpoint_indices: u64,
    /// Copies into or out of checkpoints: the whole layer into a checkpoint it just passed, and
    /// a band of rows of the checkpoint builder's copy (a restore into it, or a checkpoint filled
    /// from it); at most one of each a frame, in no index count. The governor learns nothing
    /// from a frame with a copy.
    pub checkpoint_copies: u32,
    /// The retained layer started fresh: drawn into for the first time since it was allocated or
    /// while empty and waiting for a clear with nothing standing in, or composed for the first
    /// time after direct frames (a whole copy), or the stand-in pipeline was warmed up for new
    /// layers (costs paid once, which the governor learns nothing from).
    pub layer_fresh: bool,
    /// The frame was drawn direct: every started stroke into the target, no layer (see
    /// [`Renderer::set_direct`](super::Renderer::set_direct)).
    pub direct: bool,
    /// Indices a direct frame drew.
    pub direct_indices: u64,
    /// The playhead the frame showed (ms): the one asked for, or earlier when the layer could
    /// not get there within its budget (see [`Renderer::layer_ready_until`](super::Renderer::layer_ready_until)).
    pub shown_ms: f64,
}
