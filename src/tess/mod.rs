//! Tessellation, once: strokes to GPU-ready triangle meshes with lyon.
//!
//! # How it works
//! Each stroke becomes a [`CpuMesh`] of [`StrokeVertex`]es and `u32` indices. The stroke is fed to
//! lyon's stroke tessellator point by point with two custom attributes, a width factor (from
//! pressure, used as lyon's *variable line width*) and the point's time relative to the stroke's
//! start; lyon interpolates both onto every vertex it creates, so a vertex in the middle of a join
//! or cap carries the right width and time.
//!
//! A [`Tessellator`] owns lyon's tessellator and its scratch buffers and is reused for every stroke
//! a thread tessellates ([`tessellate_strokes`] runs one per rayon worker). Results go through the
//! [`MeshCache`], whose bytes are counted. [`ChunkBuilder`] then lays the meshes out *in stroke
//! order* (which the model guarantees is time order) into [`CpuChunk`]s no larger than the device's
//! buffer limits, recording where each stroke's indices start so that "the first N strokes" is one
//! index range per chunk.
//!
//! # Degenerate input
//! Consecutive coincident points (or points a few float steps apart far from the origin) are
//! merged (keeping the earlier time), a stroke's width may change only so fast along it (see
//! `PathPoint::limit_width_slope`), a stroke reduced to one point
//! becomes a dot (lyon's empty-cap path), zero-width strokes produce no geometry, widths are capped
//! relative to the tolerance so a hostile width cannot explode the vertex count, and a lyon failure
//! or a mesh too large for a chunk is logged and yields an empty mesh. Nothing here panics on input.

mod cache;
mod vertex;

pub use cache::{CacheStats, MeshCache, MeshKey};
pub use vertex::{StrokeVertex, FILL_FRINGE, FILL_INTERIOR, STROKE_INDEX_MASK, VERTEX_SIZE};

use std::sync::Arc;

use lyon::math::point;
use lyon::path::builder::Build;
use lyon::path::traits::PathBuilder;
use lyon::tessellation::{
    BuffersBuilder, FillOptions, FillTessellator, FillVertexConstructor, LineCap as LyonCap,
    LineJoin as LyonJoin, StrokeOptions, StrokeTessellator, StrokeVertexConstructor,
    TessellationError, VertexBuffers,
};
use rayon::prelude::*;

use crate::model::{Drawing, FillRule, LineCap, LineJoin, Shape, Stroke, SubPath};

/// Tessellation settings, in drawing units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TessOptions {
    /// Maximum distance between the true curve (round joins and caps) and its flattening, in
    /// drawing units. Default 0.1. Use [`TessOptions::for_scale`] to derive it from a pixel tolerance.
    pub tolerance: f32,
}

impl Default for TessOptions {
    fn default() -> Self {
        Self { tolerance: 0.1 }
    }
}

impl TessOptions {
    /// Options whose tolerance is `tolerance_px` pixels at `px_per_unit` pixels per drawing unit.
    pub fn for_scale(tolerance_px: f32, px_per_unit: f32) -> Self {
        let t = tolerance_px / px_per_unit.max(1e-6);
        Self {
            tolerance: if t.is_finite() {
                t.clamp(1e-4, 1e6)
            } else {
                0.1
            },
        }
    }

    /// The widest line (in drawing units) tessellated at this tolerance; wider strokes are capped.
    pub fn max_line_width(&self) -> f32 {
        self.tolerance * 2.0e5
    }
}

/// The smallest width factor given to lyon: its joins divide by the width (a zero width makes NaN
/// vertices), and a thousandth of the width is as invisible.
const MIN_WIDTH_FACTOR: f32 = 1e-3;
/// Consecutive points closer than this fraction of their coordinates' magnitude are merged (see
/// `PathPoint::coincides`).
const MERGE_RELATIVE: f32 = 8e-6;
/// The fastest a stroke's half-width may change along it, per unit of length (see
/// `PathPoint::limit_width_slope`).
const MAX_WIDTH_SLOPE: f32 = 0.5;

/// The sub-paths of a pen stroke (no [`Shape`]): one open path through every point.
const PEN_STROKE: &[SubPath] = &[SubPath {
    start: 0,
    closed: false,
}];

/// One stroke's triangles, indices starting at 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CpuMesh {
    /// Vertices.
    pub vertices: Vec<StrokeVertex>,
    /// Triangle list indices into `vertices`.
    pub indices: Vec<u32>,
}

impl CpuMesh {
    /// Bytes of vertex and index data.
    pub fn byte_size(&self) -> usize {
        self.vertices.len() * VERTEX_SIZE + self.indices.len() * 4
    }
}

struct Ctor {
    stroke: u32,
}

impl StrokeVertexConstructor<StrokeVertex> for Ctor {
    fn new_vertex(&mut self, mut v: lyon::tessellation::StrokeVertex) -> StrokeVertex {
        let c = v.position_on_path();
        let n = v.normal();
        let hw = if self.stroke & FILL_FRINGE != 0 {
            0.0
        } else {
            v.line_width() * 0.5
        };
        let t = v.interpolated_attributes().get(1).copied().unwrap_or(0.0);
        StrokeVertex {
            center: [c.x, c.y],
            normal: [n.x, n.y],
            half_width: hw,
            t_ms: t,
            stroke: self.stroke,
        }
    }
}

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
            }) => self.fill(index, stroke, subpaths, *rule, opts),
            _ => self.lines(index, stroke, opts),
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

    /// A line along the stroke's points (or each of its sub-paths), pressure as width.
    fn lines(
        &mut self,
        index: u32,
        stroke: &Stroke,
        opts: &TessOptions,
    ) -> Result<(), TessellationError> {
        let style = &stroke.style;
        let max_w = opts.max_line_width();
        let mut width = style.width;
        if width <= 0.0 {
            return Ok(());
        }
        if width * style.width_factor(1.0) > max_w {
            log::warn!("stroke {index}: width {width} capped to {max_w} drawing units");
            width = max_w / style.width_factor(1.0).max(1e-3);
        }
        let options = StrokeOptions::default()
            .with_tolerance(opts.tolerance.max(1e-4))
            .with_line_width(width)
            .with_variable_line_width(0)
            .with_line_cap(match style.cap {
                LineCap::Butt => LyonCap::Butt,
                LineCap::Round => LyonCap::Round,
                LineCap::Square => LyonCap::Square,
            })
            .with_line_join(match style.join {
                LineJoin::Miter => LyonJoin::Miter,
                LineJoin::MiterClip => LyonJoin::MiterClip,
                LineJoin::Round => LyonJoin::Round,
                LineJoin::Bevel => LyonJoin::Bevel,
            })
            // SVG's miter limit bounds the normal's length (miter length / width); lyon compares
            // it with half of that, so it gets half the limit (at least its minimum, 1).
            .with_miter_limit((style.miter_limit * 0.5).max(1.0));
        let t0 = stroke.start_ms();
        // A join's vertices carry lyon's miter/inner-join normals, which are not perpendicular to
        // the segments; interpolated along a long segment they would skew the analytic AA
        // distance (thin lines came out grey). Extra points one width from each end of a long
        // segment keep that confined to the join itself.
        let straight = width * style.width_factor(1.0);
        let mut out = BuffersBuilder::new(&mut self.scratch, Ctor { stroke: index });
        let mut b = self.lyon.builder_with_attributes(2, &options, &mut out);
        let subpaths = stroke
            .shape
            .as_deref()
            .map_or(PEN_STROKE, |s| s.subpaths.as_slice());
        let pts = &mut self.points;
        for (range, closed) in SubPath::ranges(subpaths, stroke.points.len()) {
            pts.clear();
            for p in &stroke.points[range] {
                let q = PathPoint {
                    x: p.x,
                    y: p.y,
                    attrs: [
                        style.width_factor(p.pressure).max(MIN_WIDTH_FACTOR),
                        (p.t_ms - t0) as f32,
                    ],
                };
                if pts.last().is_none_or(|l| !l.coincides(&q)) {
                    pts.push(q);
                }
            }
            PathPoint::limit_width_slope(pts, width * 0.5);
            let Some(&first) = pts.first() else { continue };
            b.begin(point(first.x, first.y), &first.attrs);
            for k in 1..pts.len() {
                for q in PathPoint::straighten(pts[k - 1], pts[k], straight) {
                    b.line_to(point(q.x, q.y), &q.attrs);
                }
            }
            if closed && pts.len() > 2 {
                if let Some(&last) = pts.last() {
                    let (a, c) = PathPoint::near_ends(last, first, straight);
                    for q in a.into_iter().chain(c) {
                        b.line_to(point(q.x, q.y), &q.attrs);
                    }
                }
            }
            // lyon draws a lone point as a dot (its "empty cap") only for a closed sub-path.
            b.end(closed || pts.len() == 1);
        }
        b.build()
    }

    /// A filled region: lyon's fill tessellation for the inside (coverage 1, no extrusion), plus
    /// a zero-width line along the outline that the analytic AA mode widens into a half-pixel
    /// coverage ramp (it has no area with MSAA).
    fn fill(
        &mut self,
        index: u32,
        stroke: &Stroke,
        subpaths: &[SubPath],
        rule: FillRule,
        opts: &TessOptions,
    ) -> Result<(), TessellationError> {
        let mut path = lyon::path::Path::builder();
        for (range, _) in SubPath::ranges(subpaths, stroke.points.len()) {
            let mut pts = stroke.points[range].iter().map(|p| point(p.x, p.y));
            let Some(first) = pts.next() else { continue };
            path.begin(first);
            for p in pts {
                path.line_to(p);
            }
            path.end(true);
        }
        let path = path.build();
        let tolerance = opts.tolerance.max(1e-4);
        let options = FillOptions::tolerance(tolerance).with_fill_rule(match rule {
            FillRule::NonZero => lyon::tessellation::FillRule::NonZero,
            FillRule::EvenOdd => lyon::tessellation::FillRule::EvenOdd,
        });
        self.fill_lyon.tessellate_path(
            &path,
            &options,
            &mut BuffersBuilder::new(&mut self.scratch, FillCtor { stroke: index }),
        )?;
        let fringe = StrokeOptions::tolerance(tolerance)
            .with_line_join(LyonJoin::Bevel)
            .with_line_cap(LyonCap::Butt);
        self.lyon.tessellate_path(
            &path,
            &fringe,
            &mut BuffersBuilder::new(
                &mut self.scratch,
                Ctor {
                    stroke: index | FILL_FRINGE,
                },
            ),
        )
    }
}

/// A path point with its lyon attributes (width factor, time).
#[derive(Debug, Clone, Copy)]
struct PathPoint {
    x: f32,
    y: f32,
    attrs: [f32; 2],
}

impl PathPoint {
    fn lerp(a: Self, b: Self, f: f32) -> Self {
        Self {
            x: a.x + (b.x - a.x) * f,
            y: a.y + (b.y - a.y) * f,
            attrs: [
                a.attrs[0] + (b.attrs[0] - a.attrs[0]) * f,
                a.attrs[1] + (b.attrs[1] - a.attrs[1]) * f,
            ],
        }
    }

    /// Whether `q` is too close to `self` for lyon to tell them apart: within [`MERGE_RELATIVE`]
    /// of the coordinates' magnitude (some 64 float steps). Far from the origin, samples a few
    /// steps apart made lyon's join directions zero-length and NaN (found by fuzzing).
    fn coincides(&self, q: &Self) -> bool {
        let scale = self.x.abs().max(self.y.abs()).max(1.0);
        (q.x - self.x).abs().max((q.y - self.y).abs()) <= scale * MERGE_RELATIVE
    }

    /// Narrow points so the half-width changes by at most [`MAX_WIDTH_SLOPE`] per unit of length
    /// (`half_width` is the half-width at factor 1). Where pressure changes faster than the
    /// segment is long, the sides of lyon's variable-width stroke have no tangent and its joins
    /// come out NaN (found by fuzzing); only ever narrows, so no point gets wider than recorded.
    fn limit_width_slope(pts: &mut [Self], half_width: f32) {
        if half_width <= 0.0 || pts.len() < 2 {
            return;
        }
        let step = |a: &Self, b: &Self| MAX_WIDTH_SLOPE * (b.x - a.x).hypot(b.y - a.y) / half_width;
        for k in 1..pts.len() {
            let cap = pts[k - 1].attrs[0] + step(&pts[k - 1], &pts[k]);
            pts[k].attrs[0] = pts[k].attrs[0].min(cap);
        }
        for k in (1..pts.len()).rev() {
            let cap = pts[k].attrs[0] + step(&pts[k - 1], &pts[k]);
            pts[k - 1].attrs[0] = pts[k - 1].attrs[0].min(cap);
        }
    }

    /// Points `d` from each end of the segment `a`–`b`, when it is longer than `4 d`.
    fn near_ends(a: Self, b: Self, d: f32) -> (Option<Self>, Option<Self>) {
        let len = (b.x - a.x).hypot(b.y - a.y);
        if !(len > 4.0 * d && d > 0.0) {
            return (None, None);
        }
        let f = d / len;
        (Some(Self::lerp(a, b, f)), Some(Self::lerp(a, b, 1.0 - f)))
    }

    /// The points to emit for the segment `a`–`b` after `a`: the near-end points, then `b`.
    fn straighten(a: Self, b: Self, d: f32) -> impl Iterator<Item = Self> {
        let (p, q) = Self::near_ends(a, b, d);
        p.into_iter().chain(q).chain(std::iter::once(b))
    }
}

struct FillCtor {
    stroke: u32,
}

impl FillVertexConstructor<StrokeVertex> for FillCtor {
    fn new_vertex(&mut self, v: lyon::tessellation::FillVertex) -> StrokeVertex {
        let p = v.position();
        StrokeVertex {
            center: [p.x, p.y],
            normal: [0.0, 0.0],
            half_width: 0.0,
            t_ms: 0.0,
            stroke: self.stroke | FILL_INTERIOR,
        }
    }
}

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
        cache.insert(key(i), Arc::clone(&mesh));
        out[i - range.start] = Some(mesh);
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// Most vertices one block of a chunk spans, so that its indices fit in 16 bits.
pub const BLOCK_VERTICES: usize = 1 << 16;

/// A chunk's indices: 16-bit, relative to their block's first vertex (see [`Block`]), or 32-bit
/// for a chunk that holds a single stroke of more than [`BLOCK_VERTICES`] vertices.
#[derive(Debug, Clone, PartialEq)]
pub enum Indices {
    /// Relative to the block's `base_vertex`.
    U16(Vec<u16>),
    /// Absolute (one block at vertex 0).
    U32(Vec<u32>),
}

impl Default for Indices {
    fn default() -> Self {
        Indices::U16(Vec::new())
    }
}

impl Indices {
    /// Number of indices.
    pub fn len(&self) -> usize {
        match self {
            Indices::U16(v) => v.len(),
            Indices::U32(v) => v.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes per index.
    pub fn stride(&self) -> usize {
        match self {
            Indices::U16(_) => 2,
            Indices::U32(_) => 4,
        }
    }

    /// The raw bytes, for upload.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Indices::U16(v) => bytemuck::cast_slice(v),
            Indices::U32(v) => bytemuck::cast_slice(v),
        }
    }

    /// Index `i` as a vertex number relative to its block.
    pub fn get(&self, i: usize) -> Option<u32> {
        match self {
            Indices::U16(v) => v.get(i).map(|&x| u32::from(x)),
            Indices::U32(v) => v.get(i).copied(),
        }
    }
}

/// A run of a chunk's strokes whose vertices lie within [`BLOCK_VERTICES`] of `base_vertex`: one
/// indexed draw per block touched, with that base vertex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Its first stroke, counted from the chunk's first stroke.
    pub stroke: u32,
    /// The vertex its indices count from.
    pub base_vertex: u32,
}

/// Where a chunk's strokes are in its index buffer: shared by [`CpuChunk`] and the uploaded chunk
/// (`gpu::GpuChunk`), so both answer "which indices draw strokes a..b" the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct ChunkLayout {
    /// Index of the chunk's first stroke in the drawing.
    pub first_stroke: u32,
    /// `index_offsets[k]` is where stroke `first_stroke + k` starts in the indices; one extra
    /// entry at the end equals the number of indices.
    pub index_offsets: Vec<u32>,
    /// The blocks, in stroke order; the first starts at stroke 0 and vertex 0.
    pub blocks: Vec<Block>,
}

impl ChunkLayout {
    /// An empty layout starting at `first_stroke`.
    pub fn starting_at(first_stroke: u32) -> Self {
        Self {
            first_stroke,
            index_offsets: vec![0],
            blocks: vec![Block {
                stroke: 0,
                base_vertex: 0,
            }],
        }
    }

    /// Number of strokes in the chunk.
    pub fn stroke_count(&self) -> u32 {
        (self.index_offsets.len() as u32).saturating_sub(1)
    }

    /// One past the chunk's last stroke.
    pub fn end_stroke(&self) -> u32 {
        self.first_stroke + self.stroke_count()
    }

    /// Drawing strokes `strokes`, clipped to the chunk, as local stroke numbers.
    fn local(&self, strokes: std::ops::Range<u32>) -> (u32, u32) {
        let (first, end) = (self.first_stroke, self.end_stroke());
        (
            strokes.start.clamp(first, end) - first,
            strokes.end.clamp(first, end) - first,
        )
    }

    /// Index range drawing strokes `strokes` (drawing indices, clipped to this chunk).
    pub fn index_range(&self, strokes: std::ops::Range<u32>) -> std::ops::Range<u32> {
        let (a, b) = self.local(strokes);
        if b <= a {
            return 0..0;
        }
        self.index_offsets[a as usize]..self.index_offsets[b as usize]
    }

    /// The indexed draws that show drawing strokes `strokes`: one `(index range, base vertex)`
    /// per block touched.
    pub fn draws(
        &self,
        strokes: std::ops::Range<u32>,
    ) -> impl Iterator<Item = (std::ops::Range<u32>, u32)> + '_ {
        let (a, b) = self.local(strokes);
        let (offsets, blocks, count) = (&self.index_offsets, &self.blocks, self.stroke_count());
        blocks.iter().enumerate().filter_map(move |(k, block)| {
            let end = blocks.get(k + 1).map_or(count, |n| n.stroke);
            let (from, to) = (a.max(block.stroke), b.min(end));
            let r = offsets[from as usize]..offsets[to as usize];
            (from < to && !r.is_empty()).then_some((r, block.base_vertex))
        })
    }
}

/// Strokes laid out contiguously, in stroke (time) order, within buffer limits.
#[derive(Debug, Clone, PartialEq)]
pub struct CpuChunk {
    /// Where each stroke's indices are.
    pub layout: ChunkLayout,
    /// Vertices of all strokes in the chunk.
    pub vertices: Vec<StrokeVertex>,
    /// Indices into `vertices`, relative to their block.
    pub indices: Indices,
}

impl Default for CpuChunk {
    fn default() -> Self {
        Self {
            layout: ChunkLayout::starting_at(0),
            vertices: Vec::new(),
            indices: Indices::default(),
        }
    }
}

impl CpuChunk {
    /// Bytes of vertex and index data (what uploading it costs).
    pub fn byte_size(&self) -> usize {
        self.vertices.len() * VERTEX_SIZE + self.indices.len() * self.indices.stride()
    }
}

/// Size limits of one chunk, from the device's buffer limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkLimits {
    /// Largest vertex buffer, bytes.
    pub max_vertex_bytes: u64,
    /// Largest index buffer, bytes.
    pub max_index_bytes: u64,
}

impl Default for ChunkLimits {
    fn default() -> Self {
        Self {
            max_vertex_bytes: 64 << 20,
            max_index_bytes: 64 << 20,
        }
    }
}

impl ChunkLimits {
    /// Limits for a device: at most 64 MiB per buffer, never more than the device allows.
    pub fn for_device(max_buffer_size: u64) -> Self {
        let m = max_buffer_size.min(64 << 20);
        Self {
            max_vertex_bytes: m,
            max_index_bytes: m,
        }
    }
}

/// Packs stroke meshes, in stroke order, into chunks.
#[derive(Debug)]
pub struct ChunkBuilder {
    limits: ChunkLimits,
    current: CpuChunk,
    next_stroke: u32,
    full: Vec<CpuChunk>,
}

impl ChunkBuilder {
    /// A builder starting at stroke 0.
    pub fn new(limits: ChunkLimits) -> Self {
        Self {
            limits,
            current: CpuChunk::default(),
            next_stroke: 0,
            full: Vec::new(),
        }
    }

    /// Append the next stroke's mesh. A mesh larger than a whole chunk is replaced by an empty one
    /// (logged) so stroke numbering stays intact.
    /// A mesh of more than [`BLOCK_VERTICES`] vertices gets a chunk of its own, with 32-bit
    /// indices.
    pub fn push(&mut self, mesh: &CpuMesh) {
        let vb = (mesh.vertices.len() * VERTEX_SIZE) as u64;
        let wide = mesh.vertices.len() > BLOCK_VERTICES;
        let ib = (mesh.indices.len() * if wide { 4 } else { 2 }) as u64;
        let fits_alone = vb <= self.limits.max_vertex_bytes && ib <= self.limits.max_index_bytes;
        let empty = CpuMesh::default();
        let mesh = if fits_alone {
            mesh
        } else {
            log::warn!(
                "stroke {}: mesh of {} bytes exceeds the chunk limit; skipped",
                self.next_stroke,
                vb + ib
            );
            &empty
        };
        if fits_alone && wide {
            self.flush();
            self.current.vertices.extend_from_slice(&mesh.vertices);
            self.current.indices = Indices::U32(mesh.indices.clone());
            self.current
                .layout
                .index_offsets
                .push(mesh.indices.len() as u32);
            self.next_stroke += 1;
            self.flush();
            return;
        }
        let cur_vb = (self.current.vertices.len() * VERTEX_SIZE) as u64;
        let cur_ib = (self.current.indices.len() * 2) as u64;
        if cur_vb + vb > self.limits.max_vertex_bytes || cur_ib + ib > self.limits.max_index_bytes {
            self.flush();
        }
        let c = &mut self.current;
        let at = c.vertices.len();
        let stroke = c.layout.stroke_count();
        let blocks = &mut c.layout.blocks;
        let block_base = blocks.last().map_or(0, |b| b.base_vertex as usize);
        if at - block_base + mesh.vertices.len() > BLOCK_VERTICES {
            blocks.push(Block {
                stroke,
                base_vertex: at as u32,
            });
        }
        let rel = at - c.layout.blocks.last().map_or(0, |b| b.base_vertex as usize);
        c.vertices.extend_from_slice(&mesh.vertices);
        if let Indices::U16(v) = &mut c.indices {
            // Within the block: `rel + i < BLOCK_VERTICES` (checked above).
            v.extend(mesh.indices.iter().map(|&i| (rel + i as usize) as u16));
        }
        c.layout.index_offsets.push(c.indices.len() as u32);
        self.next_stroke += 1;
    }

    /// Close the current chunk (if it holds any stroke) so it can be taken with
    /// [`ChunkBuilder::take_full`]; used when streaming so that new strokes become drawable.
    pub fn flush(&mut self) {
        if self.current.layout.stroke_count() == 0 {
            return;
        }
        let next = CpuChunk {
            layout: ChunkLayout::starting_at(self.next_stroke),
            ..CpuChunk::default()
        };
        self.full.push(std::mem::replace(&mut self.current, next));
    }

    /// Chunks completed so far (taken out of the builder), for streaming upload.
    pub fn take_full(&mut self) -> Vec<CpuChunk> {
        std::mem::take(&mut self.full)
    }

    /// Finish: all remaining chunks.
    pub fn finish(mut self) -> Vec<CpuChunk> {
        self.flush();
        self.full
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Point, StrokeStyle};

    fn stroke(pts: &[(f32, f32, f64, f32)], width: f32) -> Stroke {
        Stroke {
            points: pts
                .iter()
                .map(|&(x, y, t, p)| Point::new(x, y, t).with_pressure(p))
                .collect(),
            style: StrokeStyle {
                width,
                ..StrokeStyle::default()
            },
            shape: None,
        }
    }

    fn area(m: &CpuMesh) -> f32 {
        m.indices
            .chunks(3)
            .map(|t| {
                let [a, b, c] = [0, 1, 2].map(|k| m.vertices[t[k] as usize].outline());
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() * 0.5
            })
            .sum()
    }

    #[test]
    fn vertices_carry_interpolated_time_and_pressure_width() {
        let s = stroke(&[(0.0, 0.0, 100.0, 0.0), (100.0, 0.0, 200.0, 1.0)], 4.0);
        let m = Tessellator::new().tessellate(3, &s, &TessOptions::default());
        assert!(!m.indices.is_empty() && m.indices.len() % 3 == 0);
        for v in &m.vertices {
            assert_eq!(v.stroke, 3);
            // Times are relative to the stroke start and within it.
            assert!((0.0..=100.0).contains(&v.t_ms), "t {}", v.t_ms);
            // Width grows with pressure along the segment: factor 0.5 at p=0, 1.5 at p=1.
            let expected_hw = 2.0 * (0.5 + v.t_ms / 100.0);
            assert!((v.half_width - expected_hw).abs() < 0.05, "{v:?}");
            // Time follows the centre line position (linear timing here).
            assert!((v.center[0] - v.t_ms).abs() < 0.5, "{v:?}");
        }
        for &i in &m.indices {
            assert!((i as usize) < m.vertices.len());
        }
    }

    #[test]
    fn single_point_is_a_dot_with_the_right_area() {
        let s = stroke(&[(5.0, 5.0, 0.0, 0.5)], 10.0);
        let m = Tessellator::new().tessellate(0, &s, &TessOptions::default());
        let a = area(&m);
        let disc = std::f32::consts::PI * 25.0;
        assert!((a - disc).abs() / disc < 0.05, "dot area {a} vs {disc}");
    }

    #[test]
    fn degenerate_input_never_panics() {
        let mut t = Tessellator::new();
        let o = TessOptions::default();
        let cases = [
            stroke(&[(1.0, 1.0, 0.0, 0.5); 50], 3.0),
            stroke(
                &[
                    (0.0, 0.0, 0.0, 0.5),
                    (0.0, 0.0, 1.0, 0.5),
                    (1.0, 0.0, 2.0, 0.5),
                    (1.0, 0.0, 3.0, 0.5),
                ],
                3.0,
            ),
            stroke(
                &[
                    (0.0, 0.0, 0.0, 0.5),
                    (10.0, 0.0, 1.0, 0.5),
                    (0.0, 0.0, 2.0, 0.5),
                ],
                3.0,
            ),
            stroke(&[(0.0, 0.0, 0.0, 0.5), (1.0, 1.0, 1.0, 0.5)], 1e30),
            stroke(&[(0.0, 0.0, 0.0, 0.0), (1e-7, 0.0, 1.0, 0.0)], 1e-9),
            stroke(&[(-3e7, 3e7, 0.0, 0.5), (3e7, -3e7, 1.0, 1.0)], 2.0),
            stroke(&[(0.0, 0.0, 0.0, 0.5), (1.0, 0.0, 1.0, 0.5)], 0.0),
        ];
        for (k, s) in cases.iter().enumerate() {
            let m = t.tessellate(k as u32, s, &o);
            for &i in &m.indices {
                assert!((i as usize) < m.vertices.len(), "case {k}");
            }
            assert!(
                m.vertices.len() < 200_000,
                "case {k}: {} vertices",
                m.vertices.len()
            );
        }
        // Zero width draws nothing.
        assert!(t.tessellate(0, &cases[6], &o).indices.is_empty());
        // Coincident points still give a dot.
        assert!(area(&t.tessellate(0, &cases[0], &o)) > 5.0);
    }

    #[test]
    fn chunks_respect_limits_and_map_stroke_prefixes_to_index_ranges() {
        let d = crate::import::synthetic::generate(200, 2);
        let mut cache = MeshCache::default();
        let limits = ChunkLimits {
            max_vertex_bytes: 200_000,
            max_index_bytes: 200_000,
        };
        let chunks = tessellate_drawing(&d, 1, &TessOptions::default(), &mut cache, limits);
        assert!(chunks.len() > 2, "small limits force several chunks");
        let mut next = 0;
        let mut total_indices = 0;
        for c in &chunks {
            assert_eq!(
                c.layout.first_stroke, next,
                "chunks are contiguous in stroke order"
            );
            next += c.layout.stroke_count();
            assert!((c.vertices.len() * VERTEX_SIZE) as u64 <= limits.max_vertex_bytes);
            assert!((c.indices.len() * c.indices.stride()) as u64 <= limits.max_index_bytes);
            assert_eq!(c.indices.stride(), 2, "16-bit indices");
            assert_eq!(
                *c.layout.index_offsets.last().unwrap_or(&0) as usize,
                c.indices.len()
            );
            // Strokes appear in order inside the chunk, each index (relative to its block) names
            // one of the stroke's vertices.
            for k in 0..c.layout.stroke_count() {
                let s = c.layout.first_stroke + k;
                for (r, base) in c.layout.draws(s..s + 1) {
                    for i in r {
                        let v =
                            (base + c.indices.get(i as usize).expect("index in range")) as usize;
                        assert_eq!(c.vertices[v].stroke, s);
                    }
                }
            }
            total_indices += c.indices.len();
        }
        assert_eq!(next, 200);
        // A prefix range covers exactly the prefix's indices.
        let all: u32 = chunks
            .iter()
            .map(|c| c.layout.index_range(0..200).len() as u32)
            .sum();
        assert_eq!(all as usize, total_indices);
        // The cache now holds the meshes: a second pass is all hits.
        let before = cache.stats();
        let again = tessellate_drawing(&d, 1, &TessOptions::default(), &mut cache, limits);
        assert_eq!(again, chunks);
        assert_eq!(cache.stats().hits - before.hits, 200);
    }

    /// A mesh of `n` vertices for stroke `id` (two triangles per quad of four vertices).
    fn mesh_of(id: u32, n: usize) -> CpuMesh {
        let mut v: StrokeVertex = bytemuck::Zeroable::zeroed();
        v.stroke = id;
        let indices = (0..n as u32 / 4)
            .flat_map(|q| [0, 1, 2, 2, 1, 3].map(|k| 4 * q + k))
            .collect();
        CpuMesh {
            vertices: vec![v; n],
            indices,
        }
    }

    #[test]
    fn blocks_keep_indices_in_16_bits_and_a_huge_stroke_gets_32() {
        let mut b = ChunkBuilder::new(ChunkLimits::default());
        // 40k + 40k + 40k vertices: three blocks in one chunk (each within 65,536 vertices).
        for id in 0..3 {
            b.push(&mesh_of(id, 40_000));
        }
        // 100k vertices: a chunk of its own, 32-bit; then a small stroke in a new 16-bit chunk.
        b.push(&mesh_of(3, 100_000));
        b.push(&mesh_of(4, 8));
        let chunks = b.finish();
        assert_eq!(chunks.len(), 3);
        let (c, huge, small) = (&chunks[0], &chunks[1], &chunks[2]);
        assert_eq!(c.layout.stroke_count(), 3);
        assert_eq!(c.indices.stride(), 2);
        assert_eq!(
            c.layout
                .blocks
                .iter()
                .map(|b| (b.stroke, b.base_vertex))
                .collect::<Vec<_>>(),
            [(0, 0), (1, 40_000), (2, 80_000)]
        );
        // Strokes 0..3 draw as three calls, each with its block's base vertex, covering every
        // index once; the vertices they reach belong to the right strokes.
        let draws: Vec<_> = c.layout.draws(0..3).collect();
        assert_eq!(draws.len(), 3);
        assert_eq!(
            draws.iter().map(|(r, _)| r.len()).sum::<usize>(),
            c.indices.len()
        );
        for (r, base) in &draws {
            for i in r.clone() {
                let v = (base + c.indices.get(i as usize).expect("index in range")) as usize;
                assert_eq!(c.vertices[v].stroke, base / 40_000);
            }
        }
        assert_eq!(c.layout.draws(1..2).count(), 1, "one stroke, one block");
        assert_eq!(
            (huge.layout.first_stroke, huge.layout.stroke_count()),
            (3, 1)
        );
        assert_eq!(huge.indices.stride(), 4);
        assert_eq!(huge.layout.draws(3..4).collect::<Vec<_>>().len(), 1);
        assert_eq!((small.layout.first_stroke, small.indices.stride()), (4, 2));
        assert_eq!(small.byte_size(), 8 * VERTEX_SIZE + 12 * 2);
    }

    fn shaped(pts: &[(f32, f32)], subpaths: &[(u32, bool)], fill: Option<FillRule>) -> Stroke {
        let mut s = stroke(
            &pts.iter()
                .map(|&(x, y)| (x, y, 0.0, 0.5))
                .collect::<Vec<_>>(),
            2.0,
        );
        s.style.join = LineJoin::Miter;
        s.style.cap = LineCap::Butt;
        s.shape = Some(Box::new(Shape {
            subpaths: subpaths
                .iter()
                .map(|&(start, closed)| SubPath { start, closed })
                .collect(),
            fill,
        }));
        s
    }

    #[test]
    fn fills_cover_their_area_with_holes_and_carry_the_fill_bits() {
        // A 10x10 square with a 4x4 hole (even-odd), as two sub-paths.
        let pts = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (3.0, 3.0),
            (7.0, 3.0),
            (7.0, 7.0),
            (3.0, 7.0),
        ];
        let s = shaped(&pts, &[(0, true), (4, true)], Some(FillRule::EvenOdd));
        let m = Tessellator::new().tessellate(5, &s, &TessOptions::default());
        let interior = CpuMesh {
            vertices: m.vertices.clone(),
            indices: m
                .indices
                .chunks(3)
                .filter(|t| m.vertices[t[0] as usize].stroke & FILL_INTERIOR != 0)
                .flatten()
                .copied()
                .collect(),
        };
        assert!((area(&interior) - 84.0).abs() < 1e-3, "{}", area(&interior));
        assert!(m.vertices.iter().all(|v| v.stroke & STROKE_INDEX_MASK == 5));
        let fringe = m
            .vertices
            .iter()
            .filter(|v| v.stroke & FILL_FRINGE != 0)
            .collect::<Vec<_>>();
        assert!(!fringe.is_empty(), "the outline gets an AA fringe");
        assert!(fringe.iter().all(|v| v.half_width == 0.0));
        // Non-zero fills the hole (both sub-paths wind the same way).
        let s = shaped(&pts, &[(0, true), (4, true)], Some(FillRule::NonZero));
        let m = Tessellator::new().tessellate(5, &s, &TessOptions::default());
        let filled: f32 = m
            .indices
            .chunks(3)
            .filter(|t| m.vertices[t[0] as usize].stroke & FILL_INTERIOR != 0)
            .map(|t| {
                let [a, b, c] = [0, 1, 2].map(|k| m.vertices[t[k] as usize].center);
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() * 0.5
            })
            .sum();
        assert!((filled - 100.0).abs() < 1e-3, "{filled}");
    }

    #[test]
    fn closed_sub_paths_join_where_they_start_and_open_ones_are_separate() {
        // A closed 10x10 square outline, width 2, miter joins: its outline covers 12x12 - 8x8.
        let sq = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        let m = Tessellator::new().tessellate(
            0,
            &shaped(&sq, &[(0, true)], None),
            &TessOptions::default(),
        );
        assert!((area(&m) - 80.0).abs() < 0.5, "{}", area(&m));
        let corner = |m: &CpuMesh| {
            m.vertices
                .iter()
                .any(|v| v.outline()[0] < -0.5 && v.outline()[1] < -0.5)
        };
        assert!(corner(&m), "a miter at the start corner");
        // Open: butt ends where it starts, no corner there.
        let m = Tessellator::new().tessellate(
            0,
            &shaped(&sq, &[(0, false)], None),
            &TessOptions::default(),
        );
        assert!(!corner(&m));
        // Two open sub-paths are two separate lines, not joined across the gap.
        let two = [(0.0, 0.0), (10.0, 0.0), (0.0, 5.0), (10.0, 5.0)];
        let m = Tessellator::new().tessellate(
            0,
            &shaped(&two, &[(0, false), (2, false)], None),
            &TessOptions::default(),
        );
        assert!((area(&m) - 40.0).abs() < 0.5, "{}", area(&m));
    }

    #[test]
    fn miter_limit_follows_svg() {
        // A 30-degree spike: miter ratio 1/sin(15 deg) = 3.86. SVG limit 4 keeps the miter,
        // limit 3.5 bevels it.
        let a = 15f32.to_radians();
        let pts = [
            (0.0, 0.0),
            (100.0 * a.cos(), 100.0 * a.sin()),
            (0.0, 200.0 * a.sin()),
        ];
        let reach = |limit: f32| {
            let mut s = shaped(&pts, &[(0, false)], None);
            s.style.miter_limit = limit;
            let m = Tessellator::new().tessellate(0, &s, &TessOptions::default());
            m.vertices
                .iter()
                .map(|v| v.outline()[0])
                .fold(f32::MIN, f32::max)
        };
        assert!(reach(4.0) > 100.0 * a.cos() + 3.0, "miter kept");
        assert!(reach(3.5) < 100.0 * a.cos() + 1.0, "beveled");
    }

    #[test]
    fn pressure_jumps_stay_finite_and_never_widen() {
        // The half-width would drop from 6 to 3 over 3 units, then spike: lyon's miter joins
        // made NaN vertices of this (a fuzz find).
        let mut s = stroke(
            &[
                (0.0, 0.0, 0.0, 0.5),
                (20.0, 0.0, 1.0, 0.0),
                (2.0, 2.0, 2.0, 1.0),
                (5.0, 2.0, 3.0, 0.5),
                (5.0, 5.0, 4.0, 0.5),
            ],
            6.0,
        );
        s.style.thinning = 1.0;
        for join in [
            LineJoin::Miter,
            LineJoin::MiterClip,
            LineJoin::Round,
            LineJoin::Bevel,
        ] {
            s.style.join = join;
            let m = Tessellator::new().tessellate(0, &s, &TessOptions::default());
            assert!(!m.vertices.is_empty(), "{join:?}");
            assert!(
                m.vertices
                    .iter()
                    .all(|v| v.outline().iter().all(|c| c.is_finite())),
                "{join:?}"
            );
            let widest = m.vertices.iter().map(|v| v.half_width).fold(0.0, f32::max);
            assert!(widest <= 6.0 + 1e-4, "{join:?}: {widest}");
        }
    }
}
