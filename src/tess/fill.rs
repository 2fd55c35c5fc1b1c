//! Filled shapes: lyon's fill tessellation of the inside, plus a zero-width outline that the
//! analytic antialiasing widens into a fringe.

use lyon::math::point;
use lyon::tessellation::{
    BuffersBuilder, FillOptions, FillTessellator, FillVertexConstructor, LineCap as LyonCap,
    LineJoin as LyonJoin, StrokeOptions, StrokeTessellator, TessellationError, VertexBuffers,
};

use super::options::TessOptions;
use super::stroke::Ctor;
use super::vertex::{StrokeVertex, FILL_FRINGE, FILL_INTERIOR};
use crate::model::{FillRule, SubPath};

/// A filled region: lyon's fill tessellation for the inside (coverage 1, no extrusion), plus
/// a zero-width line along the outline that the analytic AA mode widens into a half-pixel
/// coverage ramp (it has no area with MSAA). Into `scratch`.
pub(super) fn fill(
    lyon: Lyon<'_>,
    index: u32,
    positions: &[[f32; 2]],
    subpaths: &[SubPath],
    rule: FillRule,
    opts: &TessOptions,
) -> Result<(), TessellationError> {
    let mut path = lyon::path::Path::builder();
    for (range, _) in SubPath::ranges(subpaths, positions.len()) {
        let mut pts = positions[range].iter().map(|&[x, y]| point(x, y));
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
    lyon.fill.tessellate_path(
        &path,
        &options,
        &mut BuffersBuilder::new(lyon.out, FillCtor { stroke: index }),
    )?;
    let fringe = StrokeOptions::tolerance(tolerance)
        .with_line_join(LyonJoin::Bevel)
        .with_line_cap(LyonCap::Butt);
    lyon.stroke.tessellate_path(
        &path,
        &fringe,
        &mut BuffersBuilder::new(
            lyon.out,
            Ctor {
                stroke: index | FILL_FRINGE,
            },
        ),
    )
}

/// Makes [`StrokeVertex`]es of lyon's fill vertices: the position, no extrusion, marked
/// [`FILL_INTERIOR`].
/// lyon's two tessellators and the output they write to.
pub(super) struct Lyon<'a> {
    pub fill: &'a mut FillTessellator,
    pub stroke: &'a mut StrokeTessellator,
    pub out: &'a mut VertexBuffers<StrokeVertex, u32>,
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
