// inkplay stand-in shader: while the retained layer is rebuilt over several frames (after a view,
// size or settings change), the previous layer is shown in its place, mapped from the view it was
// drawn with to the current one (scaled and moved with a zoom or a pan), background outside it.

struct Standin {
    // Source pixel = target pixel * k + b.
    k: vec2<f32>,
    b: vec2<f32>,
    // Size of the source layer in pixels.
    src_size: vec2<f32>,
    _pad: vec2<f32>,
    // Background (premultiplied, sRGB-encoded like the targets).
    bg: vec4<f32>,
};

@group(0) @binding(0) var src_tex: texture_2d<f32>;
@group(0) @binding(1) var src_samp: sampler;
@group(0) @binding(2) var<uniform> u: Standin;

struct BlitOut {
    @builtin(position) position: vec4<f32>,
};

@vertex
fn vs_blit(@builtin(vertex_index) i: u32) -> BlitOut {
    // One triangle covering the whole target.
    let uv = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
    var out: BlitOut;
    out.position = vec4<f32>(uv * 2.0 - 1.0, 0.0, 1.0);
    return out;
}

@fragment
fn fs_standin(in: BlitOut) -> @location(0) vec4<f32> {
    let src = in.position.xy * u.k + u.b;
    if (any(src < vec2<f32>(0.0)) || any(src > u.src_size)) {
        return u.bg;
    }
    return textureSampleLevel(src_tex, src_samp, src / u.src_size, 0.0);
}
