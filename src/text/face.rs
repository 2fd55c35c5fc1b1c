//! A decoded font: what shaping and outlines read.

/// A decoded font, ready to shape with and to read outlines from.
pub(crate) struct Face {
    /// rustybuzz's face over the decoded bytes (it dereferences to ttf-parser's).
    pub(crate) shaper: rustybuzz::Face<'static>,
    /// Font units per em.
    pub(crate) units_per_em: f32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("units_per_em", &self.units_per_em)
            .finish_non_exhaustive()
    }
}
