//! Unit tests of the Excalidraw importer.

use super::*;
use crate::import::freehand;
use crate::import::timing::WHITEBOARD_TIMING;
use crate::model::{BBox, Stroke};

fn parse_str(text: &str, index: usize) -> Result<Parsed, ImportError> {
    parse(Path::new("t.excalidraw"), text, index)
}

#[test]
fn freedraw_points_are_relative_rotated_and_keep_pressure() {
    let text = r##"{"type":"excalidraw","version":2,"elements":[
          {"type":"freedraw","id":"a","x":100,"y":50,"width":10,"height":0,"angle":3.141592653589793,
           "strokeColor":"#ff0000","opacity":50,"strokeWidth":2,
           "points":[[0,0],[10,0]],"pressures":[0.2,0.8],"simulatePressure":false},
          {"type":"freedraw","id":"b","x":0,"y":0,"isDeleted":true,"points":[[0,0]]},
          {"type":"selection","id":"c","x":0,"y":0,"width":5,"height":5}
        ]}"##;
    let p = parse_str(text, 0).unwrap();
    let s = &p.drawing.strokes;
    assert_eq!(s.len(), 1);
    // Rotated by π about the centre (105, 50): the ends swap.
    assert!((s[0].points.at(0).x - 110.0).abs() < 1e-3);
    assert!((s[0].points.at(1).x - 100.0).abs() < 1e-3);
    assert!(
        (s[0].points.at(0).pressure - 0.2).abs() < 1e-3,
        "f16 pressure"
    );
    assert_eq!(s[0].style.color, Color::rgba(255, 0, 0, 128));
    assert_eq!(
        (s[0].style.width, s[0].style.thinning),
        freehand::width(2.0 * FREEDRAW_SIZE, FREEDRAW_THINNING)
    );
    assert!(p.drawing.meta.has_pressure);
    assert_eq!(p.skipped.get("deleted"), Some(&1));
    assert_eq!(p.skipped.get("selection"), Some(&1));
    // Synthesized time: 10 px at the pen speed.
    assert!(
        (s[0].points.at(1).t_ms - 10.0 / WHITEBOARD_TIMING.speed).abs() < 1e-4,
        "f32 offsets"
    );
}

#[test]
fn old_three_number_points_and_simulated_pressure() {
    let text = r#"{"type":"excalidraw","elements":[
          {"type":"freedraw","x":0,"y":0,"points":[[0,0,0.3],[1,1,0.9]],"pressures":[]},
          {"type":"freedraw","x":0,"y":0,"simulatePressure":true,
           "points":[[0,0],[1,0],[2,0],[60,0],[120,0],[180,0]],"pressures":[]}
        ]}"#;
    let p = parse_str(text, 0).unwrap();
    assert!((p.drawing.strokes[0].points.at(1).pressure - 0.9).abs() < 1e-3);
    let fast: Vec<f32> = p.drawing.strokes[1]
        .points
        .iter()
        .map(|q| q.pressure)
        .collect();
    assert!(
        fast[5] < fast[2],
        "fast movement thins the stroke: {fast:?}"
    );
}

#[test]
fn libraries_hold_one_drawing_per_item_and_shapes_are_outlined() {
    let text = r##"{"type":"excalidrawlib","version":2,"libraryItems":[
          {"name":"box","elements":[{"type":"rectangle","x":0,"y":0,"width":40,"height":20,
             "backgroundColor":"#fa5252","roundness":{"type":3}}]},
          {"elements":[{"type":"arrow","x":0,"y":0,"points":[[0,0],[100,0]],"endArrowhead":"arrow"},
                       {"type":"selection","x":0,"y":0}]}
        ]}"##;
    let a = parse_str(text, 0).unwrap();
    assert_eq!(a.drawings_in_file, 2);
    assert_eq!(a.drawing.meta.name, "t: box");
    // The outline, then the hachure fill (in the background colour, half the stroke width), then
    // the outline again, all at once when the fill is done, so that it lies on top.
    let [outline, fill, again] = a.drawing.strokes.as_slice() else {
        panic!("{} strokes", a.drawing.strokes.len())
    };
    assert_eq!(fill.style.color, Color::rgb(0xfa, 0x52, 0x52));
    assert_eq!((fill.style.width, outline.style.width), (0.5, 1.0));
    assert!(
        fill.shape.as_ref().unwrap().subpaths.len() > 8,
        "hachure lines"
    );
    let (o_end, f_start, f_end) = (
        outline.points.last().unwrap().t_ms,
        fill.points.first().unwrap().t_ms,
        fill.points.last().unwrap().t_ms,
    );
    assert!(
        o_end < f_start && f_start < f_end,
        "{o_end} {f_start} {f_end}"
    );
    assert_eq!(again.points.positions(), outline.points.positions());
    assert!(again.points.iter().all(|p| p.t_ms == f_end));
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    // The export frame: the box plus 10 units.
    let c = a.drawing.meta.canvas.unwrap();
    assert_eq!(
        (c.min_x, c.min_y, c.max_x, c.max_y),
        (-10.0, -10.0, 50.0, 30.0)
    );
    let b = parse_str(text, 1).unwrap();
    // The line, then the arrowhead's two rough lines.
    assert_eq!(b.drawing.strokes.len(), 3);
    assert_eq!(b.skipped.get("selection"), Some(&1));
    assert!(matches!(
        parse_str(text, 2),
        Err(ImportError::NoSuchDrawing { count: 2, .. })
    ));
    let v1 = r#"{"type":"excalidrawlib","version":1,"library":[[{"type":"ellipse","x":0,"y":0,"width":9,"height":9}]]}"#;
    assert_eq!(parse_str(v1, 0).unwrap().drawing.strokes.len(), 1);
}

#[test]
fn bad_elements_are_named() {
    let text = r#"{"type":"excalidraw","elements":[{"type":"freedraw","id":"zz","x":0,"y":0,"points":[[1]]}]}"#;
    let e = parse_str(text, 0).unwrap_err().to_string();
    assert!(
        e.contains("elements[0] (id zz)") && e.contains("points[0]"),
        "{e}"
    );
    let e = parse_str(r#"{"type":"excalidraw"}"#, 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("elements"), "{e}");
    let e = parse_str(r#"{"type":"excalidraw","elements":[{"x":"no"}]}"#, 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1"), "{e}");
}

/// An SVG path's `d` of ops as Excalidraw's SVG export writes it (rough.js's `opsToPath` with
/// two decimals).
fn ops_to_d(ops: &[crate::import::rough::Op]) -> String {
    use crate::import::rough::Op;
    let n = |v: f64| {
        let s = format!("{:.2}", v);
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        if s == "-0" {
            "0".to_string()
        } else {
            s
        }
    };
    let parts: Vec<String> = ops
        .iter()
        .map(|op| match *op {
            Op::Move([x, y]) => format!("M{} {}", n(x), n(y)),
            Op::LineTo([x, y]) => format!("L{} {}", n(x), n(y)),
            Op::BCurveTo([a, b, c, d, x, y]) => {
                format!("C{} {}, {} {}, {} {}", n(a), n(b), n(c), n(d), n(x), n(y))
            }
        })
        .collect();
    parts.join(" ")
}

#[test]
fn diamond_and_ellipse_match_excalidraws_own_export() {
    // Excalidraw's export snapshot test: a 100×100 diamond and ellipse, seed 1041657908,
    // hachure in #15aabf; fill first, then the outline, as its SVG export writes them.
    let snap: serde_json::Value = serde_json::from_str(include_str!(
        "../../../tests/data/rough/excalidraw-export-snapshot.json"
    ))
    .unwrap();
    for kind in ["diamond", "ellipse"] {
        let mut el = snap["element"].clone();
        el["type"] = kind.into();
        let el: Element = serde_json::from_value(el).unwrap();
        let d = draw::closed_shape(&el, 100.0, 100.0);
        let got: Vec<String> = d.sets.iter().map(|s| ops_to_d(&s.ops)).collect();
        assert_eq!(got.len(), 2, "{kind}: fill and outline");
        assert_eq!(got[0], snap[kind]["fill"].as_str().unwrap(), "{kind} fill");
        assert_eq!(
            got[1],
            snap[kind]["outline"].as_str().unwrap(),
            "{kind} outline"
        );
    }
}

fn glyph_boxes(p: &Parsed) -> Vec<BBox> {
    p.drawing
        .strokes
        .iter()
        .filter(|s| s.shape.as_ref().is_some_and(|s| s.glyph.is_some()))
        .map(|s| s.bbox().unwrap())
        .collect()
}

#[test]
fn text_lines_sit_on_excalidraws_baselines_and_are_typed() {
    // Excalifont 20 px, line height 1.25: baselines at y + 17.62 and y + 42.62.
    let text = r##"{"type":"excalidraw","elements":[
          {"type":"text","id":"t","x":10,"y":100,"width":60,"height":50,"text":"x\nx",
           "fontSize":20,"fontFamily":5,"lineHeight":1.25,"strokeColor":"#1e1e1e"}]}"##;
    let p = parse_str(text, 0).unwrap();
    let boxes = glyph_boxes(&p);
    assert_eq!(boxes.len(), 2);
    for (b, baseline) in boxes.iter().zip([117.62, 142.62]) {
        assert!((b.max_y - baseline).abs() < 1.5, "{b:?} on {baseline}");
        assert!(
            b.max_y - b.min_y > 7.0,
            "an x is about half the size tall: {b:?}"
        );
    }
    assert!(boxes[0].min_x >= 10.0 && boxes[0].min_x < 12.0);
    let t: Vec<f64> = p.drawing.strokes.iter().map(|s| s.start_ms()).collect();
    assert!(t[1] > t[0], "typed one after the other: {t:?}");
    assert!(p.skipped.is_empty(), "{:?}", p.skipped);
}

#[test]
fn aligned_text_is_anchored_at_the_box_centre_or_right_edge() {
    let scene = |align: &str| {
        format!(
            r#"{{"type":"excalidraw","elements":[{{"type":"text","x":0,"y":0,"width":200,
            "height":25,"text":"Wide text","fontSize":20,"fontFamily":9,"textAlign":"{align}"}}]}}"#
        )
    };
    let span = |align: &str| {
        let b = glyph_boxes(&parse_str(&scene(align), 0).unwrap());
        (b[0].min_x, b.last().unwrap().max_x)
    };
    let (l0, l1) = span("left");
    let (c0, c1) = span("center");
    let (r0, r1) = span("right");
    assert!(l0 < 3.0 && r1 > 197.0 && r1 <= 200.5, "{l0} {r1}");
    assert!(((c0 + c1) / 2.0 - 100.0).abs() < 2.0, "{c0} {c1}");
    assert!(((l1 - l0) - (r1 - r0)).abs() < 1e-3);
}

#[test]
fn bound_text_follows_its_container_and_an_arrow_label_sits_at_its_middle() {
    let text = r#"{"type":"excalidraw","elements":[
          {"type":"text","id":"label","x":-500,"y":-500,"width":20,"height":25,"text":"ab",
           "fontSize":20,"fontFamily":5,"containerId":"arrow"},
          {"type":"text","id":"lost","x":0,"y":0,"width":20,"height":25,"text":"zz",
           "fontSize":20,"fontFamily":5,"containerId":"box"},
          {"type":"rectangle","id":"box","x":0,"y":0,"width":50,"height":50,"seed":1,
           "boundElements":[]},
          {"type":"arrow","id":"arrow","x":100,"y":100,"width":200,"height":0,"seed":2,
           "points":[[0,0],[200,0]],"endArrowhead":null,
           "boundElements":[{"type":"text","id":"label"}]}
        ]}"#;
    let p = parse_str(text, 0).unwrap();
    let boxes = glyph_boxes(&p);
    // The label's two glyphs (the unlisted text is not drawn, as in Excalidraw), around the
    // arrow's middle (200, 100) rather than its stored corner.
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    let all = boxes[0].union(&boxes[1]);
    assert!(all.min_x > 188.0 && all.max_x < 212.0, "{all:?}");
    assert!(all.min_y > 85.0 && all.max_y < 115.0, "{all:?}");
    let last = p.drawing.strokes.last().unwrap();
    assert!(
        last.shape.as_ref().unwrap().glyph.is_some(),
        "drawn after the arrow"
    );
}

#[test]
fn characters_without_a_bundled_font_are_counted() {
    let text = r#"{"type":"excalidraw","elements":[{"type":"text","x":0,"y":0,"width":20,
          "height":25,"text":"a\u0378\u0379","fontSize":20,"fontFamily":5}]}"#;
    let p = parse_str(text, 0).unwrap();
    assert_eq!(glyph_boxes(&p).len(), 1);
    assert_eq!(p.skipped.get("text character no font has"), Some(&2));
}

#[test]
fn elbow_arrows_round_their_corners_by_sixteen_units() {
    let text = r#"{"type":"excalidraw","elements":[{"type":"arrow","id":"e","x":0,"y":0,
          "width":100,"height":80,"seed":7,"roughness":0,"elbowed":true,"endArrowhead":null,
          "points":[[0,0],[100,0],[100,80]]}]}"#;
    let p = parse_str(text, 0).unwrap();
    let pts: Vec<(f32, f32)> = p
        .drawing
        .strokes
        .iter()
        .flat_map(|s| s.points.iter().map(|q| (q.x, q.y)))
        .collect();
    let near = |x: f32, y: f32, r: f32| pts.iter().any(|&(a, b)| (a - x).hypot(b - y) < r);
    assert!(!near(100.0, 0.0, 3.0), "the corner is rounded");
    assert!(near(96.0, 4.0, 1.0), "through the quadratic's middle");
    assert!(
        near(0.0, 0.0, 0.5) && near(100.0, 80.0, 0.5),
        "its ends are kept"
    );
    // Past ±1e6 Excalidraw draws nothing of it.
    let far = text.replace("[100,80]]", "[100,2000000]]");
    assert!(parse_str(&far, 0).unwrap().drawing.strokes.is_empty());
}

#[test]
fn frames_draw_their_name_and_outline_and_clip_their_children() {
    let text = r##"{"type":"excalidraw","elements":[
          {"type":"frame","id":"f","x":0,"y":0,"width":100,"height":100,"name":"Plan",
           "opacity":50},
          {"type":"rectangle","id":"cross","x":60,"y":10,"width":80,"height":20,"seed":3,
           "roughness":0,"frameId":"f","strokeColor":"#ff0000"},
          {"type":"rectangle","id":"out","x":300,"y":300,"width":20,"height":20,"seed":4,
           "roughness":0,"frameId":"f"},
          {"type":"rectangle","id":"gone","x":300,"y":0,"width":20,"height":20,"seed":5,
           "roughness":0,"frameId":"f","groupIds":["g"]}
        ]}"##;
    let p = parse_str(text, 0).unwrap();
    let s = &p.drawing.strokes;
    let glyphs = glyph_boxes(&p);
    assert_eq!(glyphs.len(), 4, "P, l, a, n");
    let name = glyphs.iter().fold(glyphs[0], |a, b| a.union(b));
    assert!(
        name.max_y <= -3.0 + 4.0 && name.min_y > -21.0,
        "above the frame: {name:?}"
    );
    let outline = s.iter().find(|s| s.style.color.r == 0xbb).unwrap();
    assert_eq!(outline.style.width, 2.0);
    let red: Vec<&Stroke> = s.iter().filter(|s| s.style.color.r == 255).collect();
    assert!(!red.is_empty());
    for r in &red {
        assert_eq!(r.style.color.a, 128, "the frame's opacity");
        assert!(r.bbox().unwrap().max_x <= 100.0, "clipped to the frame");
    }
    // The ungrouped child outside is drawn in full; the grouped one is clipped away.
    assert!(s
        .iter()
        .any(|s| s.bbox().unwrap().min_x >= 299.0 && s.bbox().unwrap().min_y >= 299.0));
    assert!(!s
        .iter()
        .any(|s| s.bbox().unwrap().min_x >= 299.0 && s.bbox().unwrap().max_y < 30.0));
    // The export frame: the frame and its name, not its children.
    let canvas = p.drawing.meta.canvas.unwrap();
    assert!(
        (canvas.min_y - (-20.5 - 10.0)).abs() < 1e-3 && canvas.max_x < 111.0,
        "{canvas:?}"
    );
}

/// A `w`×`h` PNG as a data URL, red with a blue top-left pixel.
fn png_data_url(w: u32, h: u32) -> String {
    use base64::Engine as _;
    let mut img = ::image::RgbaImage::from_pixel(w, h, ::image::Rgba([255, 0, 0, 255]));
    img.put_pixel(0, 0, ::image::Rgba([0, 0, 255, 255]));
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        ::image::ImageFormat::Png,
    )
    .unwrap();
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[test]
fn images_show_their_file_over_their_box_and_broken_ones_are_counted() {
    let text = format!(
        r#"{{"type":"excalidraw","elements":[
          {{"type":"image","id":"a","x":10,"y":20,"width":40,"height":20,"fileId":"f",
            "scale":[-1,1],"crop":{{"x":0,"y":0,"width":2,"height":1}}}},
          {{"type":"image","id":"b","x":0,"y":0,"width":10,"height":10,"fileId":"gone"}},
          {{"type":"image","id":"c","x":0,"y":0,"width":10,"height":10,"fileId":"bad"}}],
          "files":{{"f":{{"mimeType":"image/png","dataURL":"{}"}},
                    "bad":{{"mimeType":"image/png","dataURL":"data:image/png;base64,AAAA"}}}}}}"#,
        png_data_url(4, 2)
    );
    let p = parse_str(&text, 0).unwrap();
    let s = &p.drawing.strokes;
    assert_eq!(s.len(), 5, "two placeholders too, each a box and its icon");
    let fill = s[0].shape.as_ref().unwrap().image.as_ref().unwrap();
    assert_eq!((fill.image.width, fill.image.height), (4, 2));
    // Flipped: the box's top-right corner shows the crop's top-left (image 0, 0); the crop is
    // the left half of the image.
    let uv = fill.uv([50.0, 20.0]);
    assert!(uv[0].abs() < 1e-5 && uv[1].abs() < 1e-5, "{uv:?}");
    let uv = fill.uv([10.0, 40.0]);
    assert!(
        (uv[0] - 0.5).abs() < 1e-5 && (uv[1] - 0.5).abs() < 1e-5,
        "{uv:?}"
    );
    assert_eq!(fill.crop, [0.0, 0.0, 0.5, 0.5]);
    assert!(s[1].shape.as_ref().unwrap().image.is_none());
    assert_eq!(s[1].style.color, Color::rgba(0xe7, 0xe7, 0xe7, 255));
    let icon = s[2].shape.as_ref().unwrap().image.as_ref().unwrap();
    assert_eq!(icon.uv([5.0, 5.0]), [0.5, 0.5], "centred on the box");
    assert_eq!(p.skipped.get("image (its file is missing)"), Some(&1));
    let undecodable = p
        .skipped
        .keys()
        .filter(|k| k.starts_with("image (") && k.contains("image:"))
        .count();
    assert_eq!(undecodable, 1, "{:?}", p.skipped);
}

#[test]
fn cjk_characters_come_from_a_system_font() {
    let text = r#"{"type":"excalidraw","elements":[{"type":"text","x":0,"y":0,"width":40,
          "height":25,"text":"中文","fontSize":20,"fontFamily":5}]}"#;
    let p = parse_str(text, 0).unwrap();
    let drawn = glyph_boxes(&p).len();
    // CI installs a CJK font (scripts/setup.sh); elsewhere one may be missing.
    if std::env::var_os("CI").is_some() || drawn > 0 {
        assert_eq!(drawn, 2, "{:?}", p.skipped);
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
    } else {
        assert_eq!(p.skipped.get("text character no font has"), Some(&2));
    }
}

#[test]
fn a_closed_line_far_larger_than_its_stored_box_is_filled_with_a_few_thousand_lines() {
    // A fuzzed file: a closed, filled line whose points reach 5 million units, its box 0 wide.
    let text = r##"{"type":"excalidraw","elements":[{"type":"line","x":0,"y":0,"width":0,
          "height":27,"seed":5,"roughness":0,"backgroundColor":"#98768f",
          "points":[[0,0],[13.7,4.1],[231.6,5131317],[0,0]]}]}"##;
    let p = parse_str(text, 0).unwrap();
    let points: usize = p.drawing.strokes.iter().map(|s| s.points.len()).sum();
    assert!(points < 100_000, "{points} points");
}

#[test]
fn drawing_stops_at_the_point_limit_naming_the_element() {
    // A long text (the fuzzer's 217 KB one drew 4.5 million points) is refused as it is drawn.
    let text = format!(
        r#"{{"type":"excalidraw","elements":[{{"type":"text","x":0,"y":0,"width":10,
             "height":10,"fontSize":20,"text":"{}"}}]}}"#,
        "word ".repeat(200)
    );
    let Err(e) = parse_within(Path::new("t.excalidraw"), &text, 0, 1000) else {
        panic!("too large");
    };
    let msg = e.to_string();
    assert!(
        msg.contains("t.excalidraw") && msg.contains("elements[0]") && msg.contains("1000"),
        "{msg}"
    );
    assert!(parse_within(Path::new("t.excalidraw"), &text, 0, 1_000_000).is_ok());
    // A container past the limit with a label that draws nothing is refused too.
    let boxed = r#"{"type":"excalidraw","elements":[
        {"type":"rectangle","id":"r","x":0,"y":0,"width":100,"height":50,
         "boundElements":[{"type":"text","id":"t"}]},
        {"type":"text","id":"t","containerId":"r","x":10,"y":10,"width":10,"height":10,
         "fontSize":20,"text":" "}]}"#;
    let points = parse_within(Path::new("t.excalidraw"), boxed, 0, 1_000_000)
        .unwrap()
        .drawing
        .point_count();
    assert!(parse_within(Path::new("t.excalidraw"), boxed, 0, points - 1).is_err());
    assert!(parse_within(Path::new("t.excalidraw"), boxed, 0, points).is_ok());
}
