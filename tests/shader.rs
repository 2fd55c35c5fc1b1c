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
fn vertex_layout_matches_the_shader_inputs() {
    let module =
        naga::front::wgsl::parse_str(inkplay::gpu::Pipelines::STROKE_WGSL).expect("parses");
    let vs = module
        .entry_points
        .iter()
        .find(|e| e.name == "vs_stroke")
        .expect("vs_stroke");
    // One argument (the VertexIn struct) whose members are locations 0..=4.
    let arg = &vs.function.arguments[0];
    let naga::TypeInner::Struct { members, .. } = &module.types[arg.ty].inner else {
        panic!("VertexIn is a struct");
    };
    let locations: Vec<u32> = members
        .iter()
        .filter_map(|m| match m.binding {
            Some(naga::Binding::Location { location, .. }) => Some(location),
            _ => None,
        })
        .collect();
    let rust: Vec<u32> = inkplay::tess::StrokeVertex::ATTRIBUTES
        .iter()
        .map(|a| a.shader_location)
        .collect();
    assert_eq!(locations, rust);
    assert_eq!(
        std::mem::size_of::<inkplay::tess::StrokeVertex>(),
        inkplay::tess::VERTEX_SIZE
    );
}

#[test]
fn standin_shader_validates() {
    validate("standin.wgsl", inkplay::gpu::Pipelines::STANDIN_WGSL);
}
