//! The WGSL shaders parse and validate with naga (the same front end wgpu uses).

fn validate(name: &str, src: &str) {
    let module = naga::front::wgsl::parse_str(src)
        .unwrap_or_else(|e| panic!("{name}: {}", e.emit_to_string(src)));
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&module)
    .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert!(!module.entry_points.is_empty(), "{name} has entry points");
}

#[test]
fn stroke_shader_validates() {
    validate("stroke.wgsl", inkplay::gpu::Pipelines::STROKE_WGSL);
}

#[test]
fn composite_shader_validates() {
    validate("composite.wgsl", inkplay::gpu::Pipelines::COMPOSITE_WGSL);
}

#[test]
fn packed_vertex_layout_matches_the_shader_inputs() {
    let module =
        naga::front::wgsl::parse_str(inkplay::gpu::Pipelines::STROKE_WGSL).expect("parses");
    let vs = module
        .entry_points
        .iter()
        .find(|e| e.name == "vs_stroke")
        .expect("vs_stroke");
    // One argument (the VertexIn struct): locations 0..=3 in the packed vertex's formats, and the
    // instance index (the block's first stroke).
    let arg = &vs.function.arguments[0];
    let naga::TypeInner::Struct { members, .. } = &module.types[arg.ty].inner else {
        panic!("VertexIn is a struct");
    };
    let shader: Vec<(u32, String)> = members
        .iter()
        .filter_map(|m| match m.binding {
            Some(naga::Binding::Location { location, .. }) => {
                let ty = match &module.types[m.ty].inner {
                    naga::TypeInner::Scalar(s) => format!("{:?}", s.kind),
                    naga::TypeInner::Vector { size, scalar } => {
                        format!("{:?}x{}", scalar.kind, *size as u8)
                    }
                    other => format!("{other:?}"),
                };
                Some((location, ty))
            }
            _ => None,
        })
        .collect();
    // What each wgpu vertex format reads as in the shader.
    let reads_as = |f: wgpu::VertexFormat| match f {
        wgpu::VertexFormat::Float32 => "Float",
        wgpu::VertexFormat::Uint32 => "Uint",
        other => panic!("unexpected format {other:?}"),
    };
    let rust: Vec<(u32, String)> = inkplay::tess::PackedVertex::ATTRIBUTES
        .iter()
        .map(|a| (a.shader_location, reads_as(a.format).to_string()))
        .collect();
    assert_eq!(shader, rust);
    assert!(
        members
            .iter()
            .any(|m| m.binding == Some(naga::Binding::BuiltIn(naga::BuiltIn::InstanceIndex))),
        "the block's first stroke comes in as the instance index"
    );
    // The attributes tile the 16 bytes in order.
    let mut offset = 0;
    for a in inkplay::tess::PackedVertex::ATTRIBUTES {
        assert_eq!(a.offset, offset);
        offset += a.format.size();
    }
    assert_eq!(offset as usize, inkplay::tess::PACKED_SIZE);
    assert_eq!(
        std::mem::size_of::<inkplay::tess::PackedVertex>(),
        inkplay::tess::PACKED_SIZE
    );
    // The stroke frame as the shader lays it out is the Rust struct.
    let frame = module
        .types
        .iter()
        .find(|(_, t)| t.name.as_deref() == Some("StrokeFrame"))
        .expect("StrokeFrame");
    let mut layouter = naga::proc::Layouter::default();
    layouter.update(module.to_ctx()).expect("layout");
    assert_eq!(
        layouter[frame.0].size as usize,
        std::mem::size_of::<inkplay::tess::StrokeFrame>()
    );
}

#[test]
fn standin_shader_validates() {
    validate("standin.wgsl", inkplay::gpu::Pipelines::STANDIN_WGSL);
}
