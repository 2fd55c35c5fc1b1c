//! Glyphs tessellated once: a filled stroke that is a placed shared outline
//! ([`GlyphRef`]) gets a copy of one mesh per outline key, moved into place, instead of a
//! tessellation of its own.
//!
//! The meshes are shared by every thread and drawing of the process (a glyph's outline depends
//! only on its key), up to [`MAX_GLYPH_MESHES`] and [`MAX_GLYPH_MESH_BYTES`]; past that, glyphs
//! are tessellated one by one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use lyon::tessellation::{TessellationError, VertexBuffers};

use super::fill::{fill, Lyon};
use super::mesh::CpuMesh;
use super::options::TessOptions;
use super::vertex::StrokeVertex;
use crate::model::{FillRule, GlyphRef, SubPath};

/// The most glyph meshes kept (a few fonts' worth of glyphs at a few flattening levels).
pub const MAX_GLYPH_MESHES: usize = 16_384;
/// The most bytes the kept meshes hold (64 MB): a system CJK font's glyphs at many sizes would
/// otherwise hold hundreds.
pub const MAX_GLYPH_MESH_BYTES: usize = 64 << 20;

#[derive(Default)]
struct Meshes {
    by_key: HashMap<u64, Arc<CpuMesh>>,
    bytes: usize,
}

static MESHES: OnceLock<RwLock<Meshes>> = OnceLock::new();
static TESSELLATED: AtomicU64 = AtomicU64::new(0);
static PLACED: AtomicU64 = AtomicU64::new(0);

/// How many glyph outlines were tessellated, and how many glyphs were placed from them, by
/// this process so far (a bench takes the difference over its run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GlyphCounts {
    /// Outlines tessellated (once per key while the shared store has room).
    pub tessellated: u64,
    /// Glyph strokes given a mesh (each placement, cached or not).
    pub placed: u64,
}

impl GlyphCounts {
    /// The counts so far.
    pub fn now() -> Self {
        Self {
            tessellated: TESSELLATED.load(Ordering::Relaxed),
            placed: PLACED.load(Ordering::Relaxed),
        }
    }

    /// What happened since `earlier`.
    pub fn since(self, earlier: Self) -> Self {
        Self {
            tessellated: self.tessellated.saturating_sub(earlier.tessellated),
            placed: self.placed.saturating_sub(earlier.placed),
        }
    }
}

/// Put stroke `index`'s mesh into `lyon.out`: the glyph's shared mesh (made from this stroke's
/// points, brought back to the outline's own units, when it is not made yet), placed by `glyph`.
pub(super) fn placed(
    lyon: Lyon<'_>,
    index: u32,
    positions: &[[f32; 2]],
    subpaths: &[SubPath],
    rule: FillRule,
    glyph: &GlyphRef,
    opts: &TessOptions,
) -> Result<(), TessellationError> {
    PLACED.fetch_add(1, Ordering::Relaxed);
    let store = MESHES.get_or_init(Default::default);
    let cached = store
        .read()
        .ok()
        .and_then(|m| m.by_key.get(&glyph.key).cloned());
    let mesh = match cached {
        Some(mesh) => mesh,
        None => {
            let shape = (positions, subpaths, rule);
            let mesh = Arc::new(unit_mesh(lyon.fill, lyon.stroke, shape, glyph, opts)?);
            TESSELLATED.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut m) = store.write() {
                let bytes = mesh.byte_size();
                if m.by_key.len() < MAX_GLYPH_MESHES && m.bytes + bytes <= MAX_GLYPH_MESH_BYTES {
                    m.bytes += bytes;
                    m.by_key.insert(glyph.key, mesh.clone());
                }
            }
            mesh
        }
    };
    lyon.out
        .vertices
        .extend(mesh.vertices.iter().map(|v| StrokeVertex {
            center: glyph.apply(v.center),
            normal: glyph.rotate(v.normal),
            stroke: v.stroke | index,
            ..*v
        }));
    lyon.out.indices.extend_from_slice(&mesh.indices);
    Ok(())
}

/// The outline's mesh in its own units (stroke number 0), from a placement's points.
fn unit_mesh(
    fill_lyon: &mut lyon::tessellation::FillTessellator,
    stroke_lyon: &mut lyon::tessellation::StrokeTessellator,
    (positions, subpaths, rule): (&[[f32; 2]], &[SubPath], FillRule),
    glyph: &GlyphRef,
    opts: &TessOptions,
) -> Result<CpuMesh, TessellationError> {
    let unit: Vec<[f32; 2]> = positions.iter().map(|&p| glyph.invert(p)).collect();
    let unit_opts = TessOptions {
        tolerance: opts.tolerance / glyph.scale.max(1e-6),
    };
    let mut out = VertexBuffers::new();
    let lyon = Lyon {
        fill: fill_lyon,
        stroke: stroke_lyon,
        out: &mut out,
    };
    fill(lyon, 0, &unit, subpaths, rule, &unit_opts)?;
    Ok(CpuMesh {
        vertices: out.vertices,
        indices: out.indices,
    })
}
