//! Unit tests of tessellation (lines, dots, fills, joins, degenerate input) and of chunk layout.

use super::*;
use crate::model::{FillRule, LineCap, LineJoin, Point, Shape, Stroke, StrokeStyle, SubPath};

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
        assert!((c.vertices.len() * PACKED_SIZE) as u64 <= limits.max_vertex_bytes);
        assert_eq!(c.frames.len() as u32, c.layout.stroke_count());
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
            for (r, base, first) in c.layout.draws(s..s + 1) {
                for i in r {
                    let v = (base + c.indices.get(i as usize).expect("index in range")) as usize;
                    assert_eq!(first + c.vertices[v].block_stroke(), s);
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
        draws.iter().map(|(r, _, _)| r.len()).sum::<usize>(),
        c.indices.len()
    );
    for (r, base, first) in &draws {
        assert_eq!(
            *first,
            base / 40_000,
            "the block's first stroke is its instance"
        );
        for i in r.clone() {
            let v = (base + c.indices.get(i as usize).expect("index in range")) as usize;
            assert_eq!(first + c.vertices[v].block_stroke(), base / 40_000);
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
    assert_eq!(small.byte_size(), 8 * PACKED_SIZE + 12 * 2 + 16);
}

#[test]
fn a_block_holds_at_most_block_strokes_strokes() {
    let mut b = ChunkBuilder::new(ChunkLimits::default());
    let n = BLOCK_STROKES + 10;
    for id in 0..n {
        b.push(&mesh_of(id, 4));
    }
    let chunks = b.finish();
    assert_eq!(chunks.len(), 1);
    let c = &chunks[0];
    assert_eq!(
        c.layout
            .blocks
            .iter()
            .map(|b| (b.stroke, b.base_vertex))
            .collect::<Vec<_>>(),
        [(0, 0), (BLOCK_STROKES, 4 * BLOCK_STROKES)]
    );
    for (r, base, first) in c.layout.draws(0..n) {
        for i in r {
            let v = (base + c.indices.get(i as usize).expect("index")) as usize;
            assert_eq!(first + c.vertices[v].block_stroke(), v as u32 / 4);
        }
    }
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
        glyph: None,
        image: None,
    }));
    s
}

/// A fill's interior triangles only (its fringe left out).
fn interior(m: &CpuMesh) -> CpuMesh {
    CpuMesh {
        vertices: m.vertices.clone(),
        indices: m
            .indices
            .chunks(3)
            .filter(|t| m.vertices[t[0] as usize].stroke & FILL_INTERIOR != 0)
            .flatten()
            .copied()
            .collect(),
    }
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
    let interior = interior(&m);
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
    let m =
        Tessellator::new().tessellate(0, &shaped(&sq, &[(0, true)], None), &TessOptions::default());
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

/// A unit L-shaped outline placed by `place`, as an importer makes a glyph stroke.
fn placed_glyph(place: crate::model::GlyphRef) -> Stroke {
    let unit = [
        (0.0, 0.0),
        (1.0, 0.0),
        (1.0, 0.3),
        (0.3, 0.3),
        (0.3, 1.0),
        (0.0, 1.0),
    ];
    let pts: Vec<(f32, f32)> = unit
        .iter()
        .map(|&(x, y)| {
            let [px, py] = place.apply([x, y]);
            (px, py)
        })
        .collect();
    let mut s = shaped(&pts, &[(0, true)], Some(FillRule::NonZero));
    if let Some(shape) = s.shape.as_mut() {
        shape.glyph = Some(place);
    }
    s
}

#[test]
fn a_glyph_is_tessellated_once_and_placed_by_its_transform() {
    use crate::model::GlyphRef;
    let key = 0xfeed_0000_0001;
    let a = GlyphRef {
        key,
        scale: 20.0,
        rotation: [1.0, 0.0],
        offset: [100.0, 50.0],
    };
    let (s, c) = (0.5f32.sin(), 0.5f32.cos());
    let b = GlyphRef {
        scale: 40.0,
        rotation: [c, s],
        offset: [-30.0, 7.0],
        ..a
    };
    let before = GlyphCounts::now();
    let mut t = Tessellator::new();
    let ma = t.tessellate(1, &placed_glyph(a), &TessOptions::default());
    let mb = t.tessellate(2, &placed_glyph(b), &TessOptions::default());
    let counts = GlyphCounts::now().since(before);
    assert!(counts.placed >= 2);
    assert_eq!(ma.indices, mb.indices, "one mesh, placed twice");
    assert_eq!(ma.vertices.len(), mb.vertices.len());
    for (va, vb) in ma.vertices.iter().zip(&mb.vertices) {
        let unit = a.invert(va.center);
        let want = b.apply(unit);
        assert!((vb.center[0] - want[0]).abs() < 1e-3 && (vb.center[1] - want[1]).abs() < 1e-3);
        assert_eq!(
            va.stroke & !STROKE_INDEX_MASK,
            vb.stroke & !STROKE_INDEX_MASK
        );
        assert_eq!(
            (va.stroke & STROKE_INDEX_MASK, vb.stroke & STROKE_INDEX_MASK),
            (1, 2)
        );
        let n = (
            vb.normal[0].hypot(vb.normal[1]),
            va.normal[0].hypot(va.normal[1]),
        );
        assert!((n.0 - n.1).abs() < 1e-5, "normals rotate, unscaled");
    }
    // The same area as the stroke's own fill: 20² × 0.51 for the L at scale 20.
    let own = Tessellator::new().tessellate(
        1,
        &Stroke {
            shape: placed_glyph(a).shape.map(|mut s| {
                s.glyph = None;
                s
            }),
            ..placed_glyph(a)
        },
        &TessOptions::default(),
    );
    assert!((area(&interior(&ma)) - area(&interior(&own))).abs() < 1e-2);
    assert!((area(&interior(&ma)) - 400.0 * 0.51).abs() < 0.1);
}
