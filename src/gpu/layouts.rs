//! The bind group layouts the pipelines use: the strokes' (globals, the per-stroke tables, the
//! image atlas and its table), the composite's (the layer) and the stand-in's (the layer,
//! sampled, and its transform).

use super::uniforms::StandinUniform;

/// A 2-D float texture read by the fragment shader.
fn texture(binding: u32, filterable: bool) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Texture {
            sample_type: wgpu::TextureSampleType::Float { filterable },
            view_dimension: wgpu::TextureViewDimension::D2,
            multisampled: false,
        },
        count: None,
    }
}

/// A filtering sampler for the fragment shader.
fn sampler(binding: u32) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
        count: None,
    }
}

/// A buffer of `ty` at least `min` bytes, read by the `visibility` stages.
fn buffer(
    binding: u32,
    visibility: wgpu::ShaderStages,
    ty: wgpu::BufferBindingType,
    min: u64,
) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility,
        ty: wgpu::BindingType::Buffer {
            ty,
            has_dynamic_offset: false,
            min_binding_size: wgpu::BufferSize::new(min),
        },
        count: None,
    }
}

const STORAGE: wgpu::BufferBindingType = wgpu::BufferBindingType::Storage { read_only: true };

/// Group 0 of the stroke pipelines: the globals, the stroke table and each stroke's frame
/// (where its packed centres lie), then the image atlas, its sampler and the image strokes'
/// table (`images.rs`).
pub(super) fn stroke(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("stroke group"),
        entries: &[
            buffer(
                0,
                wgpu::ShaderStages::VERTEX_FRAGMENT,
                wgpu::BufferBindingType::Uniform,
                48,
            ),
            buffer(1, wgpu::ShaderStages::VERTEX, STORAGE, 16),
            buffer(2, wgpu::ShaderStages::VERTEX, STORAGE, 16),
            texture(3, true),
            sampler(4),
            buffer(5, wgpu::ShaderStages::FRAGMENT, STORAGE, 48),
        ],
    })
}

/// Group 0 of the composite: the layer, read texel by texel.
pub(super) fn composite(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("composite group"),
        entries: &[texture(0, false)],
    })
}

/// Group 0 of the stand-in: the layer, its sampler and the re-projection.
pub(super) fn standin(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("standin group"),
        entries: &[
            texture(0, true),
            sampler(1),
            buffer(
                2,
                wgpu::ShaderStages::FRAGMENT,
                wgpu::BufferBindingType::Uniform,
                std::mem::size_of::<StandinUniform>() as u64,
            ),
        ],
    })
}
