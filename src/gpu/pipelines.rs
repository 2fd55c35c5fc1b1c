//! The immutable pipelines; `draw_*` only bind and draw.

use super::geometry::GpuGeometry;
use super::layouts;
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
        let standin_module = wgsl("standin.wgsl", Self::STANDIN_WGSL);
        let stroke_layout = layouts::stroke(device);
        let composite_layout = layouts::composite(device);
        let standin_layout = layouts::standin(device);
        let standin_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("standin sampler"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let pipeline_layout = |label, group: &wgpu::BindGroupLayout| {
            device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: Some(label),
                bind_group_layouts: &[group],
                push_constant_ranges: &[],
            })
        };
        let stroke_pl = pipeline_layout("stroke", &stroke_layout);
        let composite_pl = pipeline_layout("composite", &composite_layout);
        let standin_pl = pipeline_layout("standin", &standin_layout);
        let target = Target { device, format };
        let composite = Shader {
            layout: &composite_pl,
            module: &composite_module,
            fs: "fs_blit",
        };
        let standin = Shader {
            layout: &standin_pl,
            module: &standin_module,
            fs: "fs_standin",
        };
        Self {
            format,
            stroke_layout,
            composite_layout,
            stroke_pipelines: [1, 4].map(|n| target.stroke(&stroke_pl, &stroke_module, n)),
            composite_pipelines: [1, 4].map(|n| target.blit(&composite, n)),
            standin_pipelines: [1, 4].map(|n| target.blit(&standin, n)),
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

/// Blending of premultiplied colour over what the target holds.
const PREMULTIPLIED: wgpu::BlendState = wgpu::BlendState {
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

/// A full-screen pass's shader: its pipeline layout, module and fragment entry point.
struct Shader<'a> {
    layout: &'a wgpu::PipelineLayout,
    module: &'a wgpu::ShaderModule,
    fs: &'a str,
}

/// What every pipeline is made for: the device and the colour format.
struct Target<'a> {
    device: &'a wgpu::Device,
    format: wgpu::TextureFormat,
}

impl Target<'_> {
    /// The stroke pipeline at `samples`: premultiplied blending, a LESS depth test that orders
    /// strokes (see `stroke.wgsl`).
    fn stroke(
        &self,
        layout: &wgpu::PipelineLayout,
        module: &wgpu::ShaderModule,
        samples: u32,
    ) -> wgpu::RenderPipeline {
        self.device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some("stroke pipeline"),
                layout: Some(layout),
                vertex: wgpu::VertexState {
                    module,
                    entry_point: Some("vs_stroke"),
                    compilation_options: Default::default(),
                    buffers: &[PackedVertex::layout()],
                },
                primitive: wgpu::PrimitiveState {
                    topology: wgpu::PrimitiveTopology::TriangleList,
                    cull_mode: None,
                    ..Default::default()
                },
                depth_stencil: Some(depth(true, wgpu::CompareFunction::Less)),
                multisample: wgpu::MultisampleState {
                    count: samples,
                    ..Default::default()
                },
                fragment: Some(wgpu::FragmentState {
                    module,
                    entry_point: Some("fs_stroke"),
                    compilation_options: Default::default(),
                    targets: &[Some(wgpu::ColorTargetState {
                        format: self.format,
                        blend: Some(PREMULTIPLIED),
                        write_mask: wgpu::ColorWrites::ALL,
                    })],
                }),
                multiview: None,
                cache: None,
            })
    }

    /// A full-screen pass at `samples` (no blending, depth untouched).
    fn blit(&self, shader: &Shader<'_>, samples: u32) -> wgpu::RenderPipeline {
        self.device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some(shader.fs),
                layout: Some(shader.layout),
                vertex: wgpu::VertexState {
                    module: shader.module,
                    entry_point: Some("vs_blit"),
                    compilation_options: Default::default(),
                    buffers: &[],
                },
                primitive: wgpu::PrimitiveState::default(),
                depth_stencil: Some(depth(false, wgpu::CompareFunction::Always)),
                multisample: wgpu::MultisampleState {
                    count: samples,
                    ..Default::default()
                },
                fragment: Some(wgpu::FragmentState {
                    module: shader.module,
                    entry_point: Some(shader.fs),
                    compilation_options: Default::default(),
                    targets: &[Some(wgpu::ColorTargetState {
                        format: self.format,
                        blend: None,
                        write_mask: wgpu::ColorWrites::ALL,
                    })],
                }),
                multiview: None,
                cache: None,
            })
    }
}

fn depth(write: bool, compare: wgpu::CompareFunction) -> wgpu::DepthStencilState {
    wgpu::DepthStencilState {
        format: DEPTH_FORMAT,
        depth_write_enabled: write,
        depth_compare: compare,
        stencil: wgpu::StencilState::default(),
        bias: wgpu::DepthBiasState::default(),
    }
}
