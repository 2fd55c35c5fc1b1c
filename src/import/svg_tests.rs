//! Unit tests of the SVG importer.

use super::*;
use std::path::PathBuf;

fn parse_svg(body: &str) -> Result<Parsed, ImportError> {
    let text = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="200" height="100">{body}</svg>"#
    );
    parse(&PathBuf::from("t.svg"), &text, 0, &ImportLimits::default())
}

#[test]
fn fill_then_stroke_in_paint_order_with_viewbox_scale() {
    let p = parse_svg(
            r##"<rect x="10" y="10" width="20" height="10" fill="#ff0000" stroke="#0000ff" stroke-width="2"/>"##,
        )
        .unwrap();
    let d = &p.drawing;
    assert_eq!(d.strokes.len(), 2);
    let (fill, line) = (&d.strokes[0], &d.strokes[1]);
    assert!(fill.is_fill() && !line.is_fill());
    assert_eq!(fill.style.color, Color::rgb(255, 0, 0));
    assert_eq!(line.style.color, Color::rgb(0, 0, 255));
    // viewBox 100 wide shown 200 wide: everything doubles, the width too.
    assert_eq!(line.style.width, 4.0);
    let b = fill.bbox().unwrap();
    assert_eq!(
        (b.min_x, b.min_y, b.max_x, b.max_y),
        (20.0, 20.0, 60.0, 40.0)
    );
    assert_eq!(d.meta.canvas.unwrap().max_x, 200.0);
    // A rectangle's outline is one closed sub-path: a join where it starts, not two caps.
    let shape = line.shape.as_deref().unwrap();
    assert_eq!(shape.subpaths.len(), 1);
    assert!(shape.subpaths[0].closed);
    // The fill appears at once; the outline is then drawn over time.
    assert!(fill.points.iter().all(|q| q.t_ms == fill.points.at(0).t_ms));
    assert!(line.end_ms() > line.start_ms());
    assert!(line.start_ms() >= fill.end_ms());

    let p = parse_svg(
            r##"<rect x="10" y="10" width="20" height="10" fill="red" stroke="blue" paint-order="stroke"/>"##,
        )
        .unwrap();
    assert!(!p.drawing.strokes[0].is_fill() && p.drawing.strokes[1].is_fill());
}

#[test]
fn dashes_cut_the_path_and_transforms_apply() {
    let p = parse_svg(
            r#"<g transform="translate(5 0)"><path d="M0 10 H 40" stroke="black" stroke-dasharray="5 5"/></g>"#,
        )
        .unwrap();
    let s = &p.drawing.strokes[0];
    let shape = s.shape.as_deref().unwrap();
    assert_eq!(shape.subpaths.len(), 4, "40 units of 5-on 5-off dashes");
    let b = s.bbox().unwrap();
    assert_eq!(
        (b.min_x, b.max_x),
        (10.0, 80.0),
        "translated by 5, scaled by 2"
    );
}

#[test]
fn group_opacity_gradients_text_and_images_are_counted() {
    let p = parse_svg(
            r##"<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient></defs>
            <g opacity="0.5"><circle cx="50" cy="25" r="10" fill="url(#g)"/></g>
            <text x="1" y="10">hi</text><text x="1" y="20">there</text>
            <image x="0" y="0" width="10" height="10" href="data:image/png;base64,iVBORw0KGgo="/>
            <path d="M0 0 L 10 10" stroke="black" visibility="hidden"/>"##,
        )
        .unwrap();
    let s = &p.drawing.strokes[0];
    assert_eq!(p.drawing.strokes.len(), 1);
    // Average of black and white, half transparent.
    assert_eq!(s.style.color, Color::rgba(128, 128, 128, 128));
    assert_eq!(p.skipped.get("text"), Some(&2));
    assert_eq!(p.skipped.get("hidden path"), Some(&1));
    assert_eq!(
        p.skipped.get("gradient (drawn in its average colour)"),
        Some(&1)
    );
}

#[test]
fn bad_documents_name_the_file_and_place() {
    let e = parse(
        &PathBuf::from("bad.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<path d=\"M0 0\"\n</svg>",
        0,
        &ImportLimits::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("bad.svg: line 3"), "{e}");
    let e = parse_svg(r#"<path d="M0 0 L 1e30 0" stroke="black"/>"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("t.svg") && e.contains("path"), "{e}");
    let tight = ImportLimits {
        max_points: 100,
        ..ImportLimits::default()
    };
    let e = parse(
            &PathBuf::from("big.svg"),
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="49" stroke="black" fill="none"/></svg>"#,
            0,
            &tight,
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("point count after flattening"), "{e}");
}

#[test]
fn long_replays_are_sped_up_to_the_cap() {
    let paths: String = (0..800)
        .map(|i| format!(r#"<path d="M0 {i} H 100" stroke="black"/>"#))
        .collect();
    let p = parse_svg(&paths).unwrap();
    let end = p.drawing.strokes.last().unwrap().end_ms();
    assert!((end - MAX_REPLAY_MS).abs() < 1e-3, "{end}");
}
