//! Many strokes at once: tessellation in parallel on rayon's pool through the mesh cache, and a
//! whole drawing into chunks.

use std::sync::Arc;

use rayon::prelude::*;

use super::cache::{MeshCache, MeshKey};
use super::chunk::{ChunkBuilder, ChunkLimits, CpuChunk};
use super::mesh::CpuMesh;
use super::options::TessOptions;
use super::tessellator::Tessellator;
use crate::model::{Drawing, Stroke};

/// Tessellate strokes `range` of a drawing in parallel, through the cache.
///
/// Returns one mesh per stroke, in order. Cached meshes are reused; missing ones are tessellated on
/// rayon's pool (one [`Tessellator`] per worker) and inserted.
pub fn tessellate_strokes(
    drawing: &Drawing,
    drawing_id: u64,
    range: std::ops::Range<usize>,
    opts: &TessOptions,
    cache: &mut MeshCache,
) -> Vec<Arc<CpuMesh>> {
    tessellate_strokes_kept(drawing, drawing_id, range, opts, cache, true)
}

/// [`tessellate_strokes`], inserting the new meshes into the cache only when `keep` (a drawing
/// whose meshes are many times the cache's budget would only churn it: its meshes are on the GPU,
/// and a CPU copy of the last few would never be asked for again).
pub fn tessellate_strokes_kept(
    drawing: &Drawing,
    drawing_id: u64,
    range: std::ops::Range<usize>,
    opts: &TessOptions,
    cache: &mut MeshCache,
    keep: bool,
) -> Vec<Arc<CpuMesh>> {
    puffin::profile_scope!("tessellate_strokes");
    let range = range.start.min(drawing.strokes.len())..range.end.min(drawing.strokes.len());
    let key = |i: usize| MeshKey {
        drawing: drawing_id,
        stroke: i as u32,
        tolerance_bits: opts.tolerance.to_bits(),
    };
    let mut out: Vec<Option<Arc<CpuMesh>>> = range.clone().map(|i| cache.get(&key(i))).collect();
    let missing: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_none())
        .map(|(k, _)| range.start + k)
        .collect();
    let fresh: Vec<(usize, Arc<CpuMesh>)> = missing
        .par_iter()
        .map_init(Tessellator::new, |t, &i| {
            puffin::profile_scope!("tessellate_stroke");
            (
                i,
                Arc::new(t.tessellate(i as u32, &drawing.strokes[i], opts)),
            )
        })
        .collect();
    for (i, mesh) in fresh {
        if keep {
            cache.insert(key(i), Arc::clone(&mesh));
        }
        out[i - range.start] = Some(mesh);
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// How many of `strokes` (from the first) a batch of at most `max_strokes` strokes and
/// `max_points` input points takes, and their points: at least one stroke when there is one.
pub fn strokes_within(strokes: &[Stroke], max_strokes: usize, max_points: u64) -> (usize, u64) {
    let (mut n, mut points) = (0usize, 0u64);
    for s in strokes.iter().take(max_strokes.max(1)) {
        let p = s.points.len() as u64;
        if n > 0 && points + p > max_points {
            break;
        }
        n += 1;
        points += p;
    }
    (n, points)
}

/// Tessellate `strokes` in parallel on rayon's pool, without a cache (`strokes[k]` is stroke
/// `first + k` of its drawing): what a loader thread does with strokes whose meshes go straight
/// to the GPU.
pub fn tessellate_slice(strokes: &[Stroke], first: usize, opts: &TessOptions) -> Vec<CpuMesh> {
    puffin::profile_scope!("tessellate_slice");
    strokes
        .par_iter()
        .enumerate()
        .map_init(Tessellator::new, |t, (k, s)| {
            t.tessellate((first + k) as u32, s, opts)
        })
        .collect()
}

/// Tessellate a whole drawing into chunks (convenience over [`tessellate_strokes`] and
/// [`ChunkBuilder`], in batches so memory stays bounded by the cache budget plus one chunk).
pub fn tessellate_drawing(
    drawing: &Drawing,
    drawing_id: u64,
    opts: &TessOptions,
    cache: &mut MeshCache,
    limits: ChunkLimits,
) -> Vec<CpuChunk> {
    puffin::profile_scope!("tessellate_drawing");
    const BATCH: usize = 4096;
    let mut builder = ChunkBuilder::new(limits);
    let n = drawing.strokes.len();
    let mut start = 0;
    while start < n {
        let end = (start + BATCH).min(n);
        for m in tessellate_strokes(drawing, drawing_id, start..end, opts, cache) {
            builder.push(&m);
        }
        start = end;
    }
    builder.finish()
}
