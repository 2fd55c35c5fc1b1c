//! Render passes, bind groups and copies the renderer begins and records: plain helpers with no
//! state of their own.

use super::layer::RetainedLayer;
use super::memory::CountedTexture;
use super::pipelines::Pipelines;
use crate::model::Color;

/// A colour premultiplied by its alpha, sRGB-encoded (targets are Unorm).
pub(crate) fn clear_color_f32(c: Color) -> [f32; 4] {
    let [r, g, b, a] = c.to_f32();
    [r * a, g * a, b * a, a]
}

/// [`clear_color_f32`] as a load-op colour.
pub(crate) fn clear_color(c: Color) -> wgpu::Color {
    let [r, g, b, a] = clear_color_f32(c);
    wgpu::Color {
        r: f64::from(r),
        g: f64::from(g),
        b: f64::from(b),
        a: f64::from(a),
    }
}

/// Begin the pass that writes the frame: the target (through the MSAA texture when multisampling),
/// cleared to `bg`, with a fresh depth buffer.
pub(crate) fn begin_frame_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    label: &str,
    msaa: Option<&CountedTexture>,
    depth: &CountedTexture,
    target: &wgpu::TextureView,
    bg: wgpu::Color,
) -> wgpu::RenderPass<'e> {
    let (view, resolve) = match msaa {
        Some(m) => (&m.view, Some(target)),
        None => (target, None),
    };
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view,
            depth_slice: None,
            resolve_target: resolve,
            ops: wgpu::Operations {
                load: wgpu::LoadOp::Clear(bg),
                // The multisampled colour is only needed until it is resolved.
                store: if msaa.is_some() {
                    wgpu::StoreOp::Discard
                } else {
                    wgpu::StoreOp::Store
                },
            },
        })],
        depth_stencil_attachment: Some(scratch_depth(depth)),
        timestamp_writes: None,
        occlusion_query_set: None,
    })
}

/// Begin a pass that draws over what `target` holds (no resolve), with a fresh depth buffer.
pub(crate) fn begin_overlay_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    label: &str,
    target: &wgpu::TextureView,
    depth: &CountedTexture,
) -> wgpu::RenderPass<'e> {
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: target,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations {
                load: wgpu::LoadOp::Load,
                store: wgpu::StoreOp::Store,
            },
        })],
        depth_stencil_attachment: Some(scratch_depth(depth)),
        timestamp_writes: None,
        occlusion_query_set: None,
    })
}

/// Begin the pass that draws strokes into a retained layer: cleared first when `clear` (to `bg`),
/// otherwise adding to what it holds. Depth starts fresh every pass: it only keeps a stroke from
/// blending over itself, and a later stroke is always nearer than every earlier one, so nothing
/// drawn in an earlier pass needs it.
pub(crate) fn begin_layer_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    layer: &RetainedLayer,
    clear: Option<wgpu::Color>,
) -> wgpu::RenderPass<'e> {
    let color_load = match clear {
        Some(bg) => wgpu::LoadOp::Clear(bg),
        None => wgpu::LoadOp::Load,
    };
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some("layer update"),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: &layer.color().view,
            depth_slice: None,
            resolve_target: layer.resolved().map(|r| &r.view),
            ops: wgpu::Operations {
                load: color_load,
                store: wgpu::StoreOp::Store,
            },
        })],
        depth_stencil_attachment: Some(scratch_depth(layer.depth())),
        timestamp_writes: None,
        occlusion_query_set: None,
    })
}

/// A bind group for the stand-in pipeline sampling `layer`'s single-sample colour with `uniform`
/// (the stand-in, a downscaled layer being composed, the warm-up).
pub(crate) fn sampling_group(
    device: &wgpu::Device,
    pipelines: &Pipelines,
    uniform: &wgpu::Buffer,
    layer: &RetainedLayer,
    label: &str,
) -> wgpu::BindGroup {
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some(label),
        layout: &pipelines.standin_layout,
        entries: &[
            wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::TextureView(&layer.single().view),
            },
            wgpu::BindGroupEntry {
                binding: 1,
                resource: wgpu::BindingResource::Sampler(&pipelines.standin_sampler),
            },
            wgpu::BindGroupEntry {
                binding: 2,
                resource: uniform.as_entire_binding(),
            },
        ],
    })
}

/// A depth attachment used only within one pass: cleared, never stored.
fn scratch_depth(depth: &CountedTexture) -> wgpu::RenderPassDepthStencilAttachment<'_> {
    wgpu::RenderPassDepthStencilAttachment {
        view: &depth.view,
        depth_ops: Some(wgpu::Operations {
            load: wgpu::LoadOp::Clear(1.0),
            store: wgpu::StoreOp::Discard,
        }),
        stencil_ops: None,
    }
}
