// inkplay composite shader: copies the retained layer (premultiplied, same size as the target, one
// texel per pixel) into the frame before the in-progress strokes are drawn over it.

@group(0) @binding(0) var layer_tex: texture_2d<f32>;

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
fn fs_blit(in: BlitOut) -> @location(0) vec4<f32> {
    return textureLoad(layer_tex, vec2<i32>(in.position.xy), 0);
}
