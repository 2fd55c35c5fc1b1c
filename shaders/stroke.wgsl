// inkplay stroke shader: strokes revealed by time, with optional analytic (feathered-edge) coverage.
//
// Keep in sync with:
//   - src/tess/packed.rs        (PackedVertex: locations 0..=3; StrokeFrame)
//   - src/gpu/uniforms.rs        (Globals layout)
//   - src/gpu/geometry.rs        (StrokeInfo layout)
//   - src/gpu/images.rs          (ImageInfo layout, IMAGE_FLAG)
//
// Colour space: colours are sRGB-encoded bytes and targets are *Unorm* (not *Srgb) formats, so
// blending happens in sRGB-encoded space exactly as browsers, resvg and tiny-skia do. Output is
// premultiplied alpha.

struct Globals {
    // drawing units -> target pixels: px = center * scale + offset
    scale: vec2<f32>,
    offset: vec2<f32>,
    // target size in pixels
    viewport: vec2<f32>,
    // extra half-width in pixels for the analytic AA ramp (0 = geometric edges, MSAA or none)
    feather_px: f32,
    // strokes thinner than this half-width (px) are drawn at it with proportionally less alpha
    min_half_width_px: f32,
    // playhead in ms since the drawing's start, split in two f32 (hi + lo) for precision
    playhead_hi: f32,
    playhead_lo: f32,
    _pad: vec2<f32>,
};

struct StrokeInfo {
    // sRGB colour, straight alpha, packed 0xAABBGGRR
    color: u32,
    // stroke start time (ms) as hi + lo
    start_hi: f32,
    start_lo: f32,
    // bit pattern of this stroke's depth (full coverage); 16 steps below it are used for partial coverage
    depth_bits: u32,
};

// Where a stroke's centres lie: centre = min + packed × size.
struct StrokeFrame {
    min: vec2<f32>,
    size: vec2<f32>,
};

@group(0) @binding(0) var<uniform> globals: Globals;
@group(0) @binding(1) var<storage, read> strokes: array<StrokeInfo>;
@group(0) @binding(2) var<storage, read> frames: array<StrokeFrame>;

// An image stroke's entry (src/gpu/images.rs): atlas u = row0.xyz . (x, y, 1), v = row1.xyz .
// (x, y, 1) for a drawing point, clamped to `clamp` (min.xy, max.xy); row0.w is the opacity.
struct ImageInfo {
    row0: vec4<f32>,
    row1: vec4<f32>,
    clamp: vec4<f32>,
};

// The atlas holds premultiplied sRGB-encoded texels.
@group(0) @binding(3) var atlas: texture_2d<f32>;
@group(0) @binding(4) var atlas_sampler: sampler;
@group(0) @binding(5) var<storage, read> images: array<ImageInfo>;

// An image stroke's StrokeInfo.depth_bits has this bit (never set in a depth below 1.0), and
// its colour is the index of its ImageInfo.
const IMAGE_FLAG: u32 = 0x80000000u;
const NO_IMAGE: u32 = 0xffffffffu;

// The packed vertex (16 bytes, src/tess/packed.rs).
struct VertexIn {
    // centre within the stroke's frame (unorm16 x 2, unpacked here)
    @location(0) center_q: u32,
    // recorded time since the stroke's start, ms
    @location(1) t_ms: f32,
    // lyon's normal (f16 x 2, unpacked here)
    @location(2) normal_h: u32,
    // half-width as f16 (low 16 bits); stroke within the block (14 bits) and fill bits (high 16)
    @location(3) width_stroke: u32,
    // the draw's instance: the block's first stroke
    @builtin(instance_index) block_stroke: u32,
};

struct VertexOut {
    @builtin(position) position: vec4<f32>,
    // offset from the centre line, in pixels (its length is the distance to the centre line)
    @location(0) edge_px: vec2<f32>,
    // half-width at which the edge is drawn (px), and the alpha scale for sub-pixel strokes
    @location(1) half_width_px: f32,
    @location(2) alpha_scale: f32,
    // recorded time of this point relative to the stroke start, and the playhead in the same frame
    @location(3) t_ms: f32,
    @location(4) @interpolate(flat) local_playhead: f32,
    @location(5) @interpolate(flat) color: u32,
    @location(6) @interpolate(flat) depth_bits: u32,
    // length of lyon's normal (1 on round parts, longer at miter tips and square-cap corners)
    @location(7) normal_len: f32,
    // the point in drawing units, and the ImageInfo of an image stroke (NO_IMAGE otherwise)
    @location(8) world: vec2<f32>,
    @location(9) @interpolate(flat) image: u32,
};

// The high 16 bits of VertexIn.width_stroke (src/tess/packed.rs).
const FILL_INTERIOR: u32 = 0x4000u;
const FILL_FRINGE: u32 = 0x8000u;
const BLOCK_STROKE_MASK: u32 = 0x3fffu;

@vertex
fn vs_stroke(v: VertexIn) -> VertexOut {
    let high = v.width_stroke >> 16u;
    let stroke = v.block_stroke + (high & BLOCK_STROKE_MASK);
    let info = strokes[stroke];
    let frame = frames[stroke];
    let center = frame.min + unpack2x16unorm(v.center_q) * frame.size;
    let normal = unpack2x16float(v.normal_h);
    let half_width = unpack2x16float(v.width_stroke).x;
    let hw_px = half_width * globals.scale.x;
    var draw_hw = max(hw_px, globals.min_half_width_px);
    var alpha_scale = select(hw_px / draw_hw, 0.0, draw_hw <= 0.0);
    if ((high & FILL_INTERIOR) != 0u) {
        // Inside a filled region: not extruded (its normal is zero), fully covered.
        draw_hw = 1.0;
        alpha_scale = 1.0;
    } else if ((high & FILL_FRINGE) != 0u) {
        // A filled region's outline: only the AA feather widens it, coverage ramps from 1/2 at the
        // edge to 0 half a pixel outside (and the inside is already covered by the fill).
        draw_hw = 0.0;
        alpha_scale = 1.0;
    }
    let ext = draw_hw + globals.feather_px;
    let center_px = center * globals.scale + globals.offset;
    let pos_px = center_px + normal * ext;
    let ndc = vec2<f32>(pos_px.x / globals.viewport.x * 2.0 - 1.0, 1.0 - pos_px.y / globals.viewport.y * 2.0);

    var out: VertexOut;
    out.position = vec4<f32>(ndc, 0.5, 1.0);
    out.edge_px = normal * ext;
    out.half_width_px = draw_hw;
    out.alpha_scale = alpha_scale;
    out.t_ms = v.t_ms;
    // Both differences are between nearby numbers when the stroke is in progress, so they are exact.
    out.local_playhead = (globals.playhead_hi - info.start_hi) + (globals.playhead_lo - info.start_lo);
    out.color = info.color;
    out.depth_bits = info.depth_bits & ~IMAGE_FLAG;
    out.image = select(NO_IMAGE, info.color, (info.depth_bits & IMAGE_FLAG) != 0u);
    out.world = (pos_px - globals.offset) / globals.scale;
    out.normal_len = max(length(normal), 1.0);
    return out;
}

struct FragmentOut {
    @location(0) color: vec4<f32>,
    @builtin(frag_depth) depth: f32,
};

@fragment
fn fs_stroke(in: VertexOut) -> FragmentOut {
    // Reveal by time: ink recorded after the playhead is not drawn.
    var reveal = 1.0;
    if (globals.feather_px > 0.0) {
        // Antialias the reveal front too: a one-pixel ramp across it.
        let w = max(fwidth(in.t_ms), 1e-6);
        // Fully visible up to the playhead, fading to nothing one pixel past it.
        reveal = clamp((in.local_playhead - in.t_ms) / w + 1.0, 0.0, 1.0);
    } else if (in.t_ms > in.local_playhead + max(abs(in.local_playhead), 1.0) * 4e-7) {
        // A few ulps of slack: the playhead and the point's time are each rounded to f32, and a
        // stroke shown at the very moment it ends must be drawn whole.
        reveal = 0.0;
    }
    if (reveal <= 0.0) {
        discard;
    }

    var coverage = 1.0;
    if (globals.feather_px > 0.0) {
        // Distance from the centre line; dividing by the interpolated normal length keeps miter tips
        // and square-cap corners (whose normals are longer than 1) on the outline.
        let d = length(in.edge_px) / in.normal_len;
        coverage = clamp(in.half_width_px - d + 0.5, 0.0, 1.0);
        if (coverage <= 0.0) {
            discard;
        }
    }
    coverage = coverage * reveal;

    var out: FragmentOut;
    if (in.image != NO_IMAGE) {
        let im = images[in.image];
        let p = vec3<f32>(in.world, 1.0);
        let uv = clamp(vec2<f32>(dot(im.row0.xyz, p), dot(im.row1.xyz, p)), im.clamp.xy, im.clamp.zw);
        out.color = textureSampleLevel(atlas, atlas_sampler, uv, 0.0) * (coverage * in.alpha_scale * im.row0.w);
    } else {
        let c = unpack4x8unorm(in.color);
        let a = c.a * coverage * in.alpha_scale;
        out.color = vec4<f32>(c.rgb * a, a);
    }
    // Higher coverage is nearer: with a LESS depth test a stroke never blends over its own full-coverage
    // ink (no darkening where it overlaps itself), yet a fuller fragment can replace a feathered one.
    let q = u32(round(clamp(coverage, 0.0, 1.0) * 15.0));
    out.depth = bitcast<f32>(in.depth_bits - q);
    return out;
}
