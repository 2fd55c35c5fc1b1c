//! The immutable pipelines; `draw_*` only bind and draw.

use super::geometry::GpuGeometry;
use super::uniforms::StandinUniform;
use crate::tess::PackedVertex;

/// Depth format used for per-stroke ordering.
pub const DEPTH_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth32Float;

/// Pipelines for one colour format.
#[derive(Debug)]
pub struct Pipelines {
    format: wgpu::TextureFormat,
    /// Layout of group 0 for strokes (globals + stroke table).
    pub stroke_layout: wgpu::BindGroupLayout,
    /// Layout of group 0 for the composite (layer texture).
    pub composite_layout: wgpu::BindGroupLayout,
    /// Layout of group 0 for the stand-in (layer texture, sampler, transform uniform).
    pub standin_layout: wgpu::BindGroupLayout,
    /// Linear sampler for the stand-in.
    pub standin_sampler: wgpu::Sampler,
    stroke_pipelines: [wgpu::RenderPipeline; 2],
    composite_pipelines: [wgpu::RenderPipeline; 2],
    standin_pipelines: [wgpu::RenderPipeline; 2],
}

fn slot(sample_count: u32) -> usize {
    usize::from(sample_count > 1)
}

impl Pipelines {
    /// WGSL source of the stroke shader.
    pub const STROKE_WGSL: &'static str = include_str!("../../shaders/stroke.wgsl");
    /// WGSL source of the composite shader.
    pub const COMPOSITE_WGSL: &'static str = include_str!("../../shaders/composite.wgsl");
    /// WGSL source of the stand-in shader.
    pub const STANDIN_WGSL: &'static str = include_str!("../../shaders/standin.wgsl");

    /// Build the pipelines for targets of `format` (1 and 4 samples).
    pub fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let wgsl = |label: &str, source: &'static str| {
            device.create_shader_module(wgpu::ShaderModuleDescriptor {
                label: Some(label),
                source: wgpu::ShaderSource::Wgsl(source.into()),
            })
        };
        let stroke_module = wgsl("stroke.wgsl", Self::STROKE_WGSL);
        let composite_module = wgsl("composite.wgsl", Self::COMPOSITE_WGSL);
        // A per-stroke storage buffer of 16-byte entries, read by the vertex shader.
        let per_stroke = |binding| wgpu::BindGroupLayoutEntry {
            binding,
            visibility: wgpu::ShaderStages::VERTEX,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Storage { read_only: true },
                has_dynamic_offset: false,
                min_binding_size: wgpu::BufferSize::new(16),
            },
            count: None,
        };
        let stroke_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("stroke group"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Uniform,
                        has_dynamic_offset: false,
                        min_binding_size: wgpu::BufferSize::new(48),
                    },
                    count: None,
                },
                // The stroke table, and each stroke's frame (where its packed centres lie).
                per_stroke(1),
                per_stroke(2),
                // The image atlas, its sampler and the image strokes' table (`images.rs`).
                wgpu::BindGroupLayoutEntry {
                    binding: 3,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: true },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 4,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 5,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Storage { read_only: true },
                        has_dynamic_offset: false,
                        min_binding_size: wgpu::BufferSize::new(48),
                    },
                    count: None,
                },
            ],
        });
        let composite_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("composite group"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::FRAGMENT,
                ty: wgpu::BindingType::Texture {
                    sample_type: wgpu::TextureSampleType::Float { filterable: false },
                    view_dimension: wgpu::TextureViewDimension::D2,
                    multisampled: false,
                },
                count: None,
            }],
        });
        let standin_module = wgsl("standin.wgsl", Self::STANDIN_WGSL);
        let standin_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("standin group"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: true },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 2,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Uniform,
                        has_dynamic_offset: false,
                        min_binding_size: wgpu::BufferSize::new(
                            std::mem::size_of::<StandinUniform>() as u64,
                        ),
                    },
                    count: None,
                },
            ],
        });
        let standin_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("standin sampler"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let standin_pl = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("standin"),
            bind_group_layouts: &[&standin_layout],
            push_constant_ranges: &[],
        });
        let stroke_pl = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("stroke"),
            bind_group_layouts: &[&stroke_layout],
            push_constant_ranges: &[],
        });
        let composite_pl = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("composite"),
            bind_group_layouts: &[&composite_layout],
            push_constant_ranges: &[],
        });
        let premultiplied = wgpu::BlendState {
            color: wgpu::BlendComponent {
                src_factor: wgpu::BlendFactor::One,
                dst_factor: wgpu::BlendFactor::OneMinusSrcAlpha,
                operation: wgpu::BlendOperation::Add,
            },
            alpha: wgpu::BlendComponent {
                src_factor: wgpu::BlendFactor::One,
                dst_factor: wgpu::BlendFactor::OneMinusSrcAlpha,
                operation: wgpu::BlendOperation::Add,
            },
        };
        let make_stroke = |samples: u32| {
            device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some("stroke pipeline"),
                layout: Some(&stroke_pl),
                vertex: wgpu::VertexState {
                    module: &stroke_module,
                    entry_point: Some("vs_stroke"),
                    compilation_options: Default::default(),
                    buffers: &[PackedVertex::layout()],
                },
                primitive: wgpu::PrimitiveState {
                    topology: wgpu::PrimitiveTopology::TriangleList,
                    cull_mode: None,
                    ..Default::default()
                },
                depth_stencil: Some(wgpu::DepthStencilState {
                    format: DEPTH_FORMAT,
                    depth_write_enabled: true,
                    depth_compare: wgpu::CompareFunction::Less,
                    stencil: wgpu::StencilState::default(),
                    bias: wgpu::DepthBiasState::default(),
                }),
                multisample: wgpu::MultisampleState {
                    count: samples,
                    ..Default::default()
                },
                fragment: Some(wgpu::FragmentState {
                    module: &stroke_module,
                    entry_point: Some("fs_stroke"),
                    compilation_options: Default::default(),
                    targets: &[Some(wgpu::ColorTargetState {
                        format,
                        blend: Some(premultiplied),
                        write_mask: wgpu::ColorWrites::ALL,
                    })],
                }),
                multiview: None,
                cache: None,
            })
        };
        let make_blit =
            |samples: u32, layout: &wgpu::PipelineLayout, module: &wgpu::ShaderModule, fs: &str| {
                device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                    label: Some(fs),
                    layout: Some(layout),
                    vertex: wgpu::VertexState {
                        module,
                        entry_point: Some("vs_blit"),
                        compilation_options: Default::default(),
                        buffers: &[],
                    },
                    primitive: wgpu::PrimitiveState::default(),
                    depth_stencil: Some(wgpu::DepthStencilState {
                        format: DEPTH_FORMAT,
                        depth_write_enabled: false,
                        depth_compare: wgpu::CompareFunction::Always,
                        stencil: wgpu::StencilState::default(),
                        bias: wgpu::DepthBiasState::default(),
                    }),
                    multisample: wgpu::MultisampleState {
                        count: samples,
                        ..Default::default()
                    },
                    fragment: Some(wgpu::FragmentState {
                        module,
                        entry_point: Some(fs),
                        compilation_options: Default::default(),
                        targets: &[Some(wgpu::ColorTargetState {
                            format,
                            blend: None,
                            write_mask: wgpu::ColorWrites::ALL,
                        })],
                    }),
                    multiview: None,
                    cache: None,
                })
            };
        Self {
            format,
            stroke_layout,
            composite_layout,
            stroke_pipelines: [make_stroke(1), make_stroke(4)],
            composite_pipelines: [
                make_blit(1, &composite_pl, &composite_module, "fs_blit"),
                make_blit(4, &composite_pl, &composite_module, "fs_blit"),
            ],
            standin_pipelines: [
                make_blit(1, &standin_pl, &standin_module, "fs_standin"),
                make_blit(4, &standin_pl, &standin_module, "fs_standin"),
            ],
            standin_layout,
            standin_sampler,
        }
    }

    /// The colour format the pipelines target.
    pub fn format(&self) -> wgpu::TextureFormat {
        self.format
    }

    /// Draw strokes `range` (drawing indices) of `geometry`: one indexed draw per block of a chunk
    /// touched.
    pub fn draw_strokes(
        &self,
        pass: &mut wgpu::RenderPass<'_>,
        sample_count: u32,
        geometry: &GpuGeometry,
        bind_group: &wgpu::BindGroup,
        range: std::ops::Range<u32>,
    ) -> u32 {
        if range.is_empty() {
            return 0;
        }
        pass.set_pipeline(&self.stroke_pipelines[slot(sample_count)]);
        pass.set_bind_group(0, bind_group, &[]);
        let mut draws = 0;
        for chunk in geometry.chunks_for(range.clone()) {
            let mut bound = false;
            for (idx, base, first_stroke) in chunk.layout.draws(range.clone()) {
                if !bound {
                    pass.set_vertex_buffer(0, chunk.vertices.slice(..));
                    pass.set_index_buffer(chunk.indices.slice(..), chunk.index_format);
                    bound = true;
                }
                // Blocks start far below i32::MAX (buffers are at most 64 MiB of vertices).
                let Ok(base) = i32::try_from(base) else {
                    continue;
                };
                // The block's first stroke is the instance: the shader adds each vertex's stroke
                // within the block.
                pass.draw_indexed(idx, base, first_stroke..first_stroke + 1);
                draws += 1;
            }
        }
        draws
    }

    /// Draw a stand-in layer (bound in `group` with its transform) over the whole target.
    pub fn draw_standin(
        &self,
        pass: &mut wgpu::RenderPass<'_>,
        sample_count: u32,
        group: &wgpu::BindGroup,
    ) {
        full_screen(pass, &self.standin_pipelines[slot(sample_count)], group);
    }

    /// Copy the layer texture (bound in `layer_group`) over the whole target.
    pub fn draw_composite(
        &self,
        pass: &mut wgpu::RenderPass<'_>,
        sample_count: u32,
        layer_group: &wgpu::BindGroup,
    ) {
        full_screen(
            pass,
            &self.composite_pipelines[slot(sample_count)],
            layer_group,
        );
    }
}

/// One triangle over the whole target with `pipeline` and its group 0.
fn full_screen(
    pass: &mut wgpu::RenderPass<'_>,
    pipeline: &wgpu::RenderPipeline,
    group: &wgpu::BindGroup,
) {
    pass.set_pipeline(pipeline);
    pass.set_bind_group(0, group, &[]);
    pass.draw(0..3, 0..1);
}
