//! The per-thread tessellator: lyon's stroke and fill tessellators and scratch buffers, reused
//! for every stroke; one stroke in, one [`CpuMesh`] out (lines in `stroke`, fills in `fill`).

use lyon::tessellation::{FillTessellator, StrokeTessellator, VertexBuffers};

use super::fill::{fill, Lyon};
use super::glyph::placed;
use super::mesh::CpuMesh;
use super::options::TessOptions;
use super::path_point::PathPoint;
use super::stroke::lines;
use super::vertex::{StrokeVertex, STROKE_INDEX_MASK};
use crate::model::{Shape, Stroke};

/// A reusable stroke tessellator (lyon's tessellator plus scratch buffers).
pub struct Tessellator {
    lyon: StrokeTessellator,
    fill_lyon: FillTessellator,
    scratch: VertexBuffers<StrokeVertex, u32>,
    points: Vec<PathPoint>,
}

impl Default for Tessellator {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Tessellator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tessellator").finish_non_exhaustive()
    }
}

impl Tessellator {
    /// A new tessellator.
    pub fn new() -> Self {
        Self {
            lyon: StrokeTessellator::new(),
            fill_lyon: FillTessellator::new(),
            scratch: VertexBuffers::new(),
            points: Vec::new(),
        }
    }

    /// Tessellate one stroke. Never fails: degenerate or failing input gives an empty mesh (logged).
    pub fn tessellate(&mut self, index: u32, stroke: &Stroke, opts: &TessOptions) -> CpuMesh {
        self.scratch.vertices.clear();
        self.scratch.indices.clear();
        if stroke.points.is_empty() {
            return CpuMesh::default();
        }
        let index = index & STROKE_INDEX_MASK;
        let result = match stroke.shape.as_deref() {
            Some(Shape {
                subpaths,
                fill: Some(rule),
                glyph,
                ..
            }) => {
                let lyon = Lyon {
                    fill: &mut self.fill_lyon,
                    stroke: &mut self.lyon,
                    out: &mut self.scratch,
                };
                let positions = stroke.points.positions();
                match glyph {
                    Some(g) => placed(lyon, index, positions, subpaths, *rule, g, opts),
                    None => fill(lyon, index, positions, subpaths, *rule, opts),
                }
            }
            _ => lines(
                &mut self.lyon,
                &mut self.points,
                &mut self.scratch,
                index,
                stroke,
                opts,
            ),
        };
        if let Err(e) = result {
            log::warn!("stroke {index}: tessellation failed ({e:?}); the stroke is skipped");
            return CpuMesh::default();
        }
        let finite = |v: &StrokeVertex| {
            v.center.iter().chain(&v.normal).all(|c| c.is_finite()) && v.half_width.is_finite()
        };
        if !self.scratch.vertices.iter().all(finite) {
            log::warn!(
                "stroke {index}: degenerate geometry (non-finite vertices); the stroke is skipped"
            );
            return CpuMesh::default();
        }
        CpuMesh {
            vertices: self.scratch.vertices.clone(),
            indices: self.scratch.indices.clone(),
        }
    }
}
