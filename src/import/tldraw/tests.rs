//! Unit tests of the tldraw importer.

use super::*;

fn parse_str(text: &str, index: usize) -> Result<Parsed, ImportError> {
    parse(Path::new("t.tldr"), text, index)
}

const V1: &str = r#"{"document":{"id":"doc","version":15.3,"pageStates":{},"pages":{
      "p2":{"id":"p2","name":"Second","childIndex":2,"shapes":{}},
      "p1":{"id":"p1","name":"First","childIndex":1,"shapes":{
        "g":{"id":"g","type":"group","parentId":"p1","childIndex":2,"point":[0,0]},
        "b":{"id":"b","type":"draw","parentId":"g","childIndex":1,"point":[100,100],
             "style":{"color":"red","size":"small"},"points":[[0,0,0.2],[10,0,0.9]]},
        "a":{"id":"a","type":"draw","parentId":"p1","childIndex":1,"point":[0,0],
             "style":{"color":"black","size":"medium"},"points":[[0,0,0.5],[5,5,0.5],[9,9,0.5]]},
        "r":{"id":"r","type":"rectangle","parentId":"p1","childIndex":3,"point":[0,0],"size":[10,20],
             "style":{"color":"blue","size":"large","isFilled":true}},
        "t":{"id":"t","type":"text","parentId":"p1","childIndex":4,"point":[0,0],"text":"hi"},
        "w":{"id":"w","type":"arrow","parentId":"p1","childIndex":5,"point":[0,0],"bend":0.5,
             "handles":{"start":{"point":[0,0]},"end":{"point":[100,0]}},"decorations":{"end":"arrow"}}
      }}}}}"#;

#[test]
fn v1_pages_are_drawings_and_shapes_follow_z_order() {
    let p = parse_str(V1, 0).unwrap();
    assert_eq!(p.drawings_in_file, 2);
    assert_eq!(p.drawing.meta.name, "First");
    let s = &p.drawing.strokes;
    assert_eq!(s.len(), 4, "draw a, group's draw b, rectangle, arrow");
    assert_eq!(s[0].points.len(), 3);
    assert_eq!(s[1].points.at(0).x, 100.0);
    assert!(
        (s[1].points.at(1).pressure - 0.9).abs() < 1e-3,
        "f16 pressure"
    );
    assert_eq!(s[1].style.color, "#ff2133".parse().unwrap());
    assert!(p.drawing.meta.has_pressure);
    assert_eq!(p.skipped.get("text"), Some(&1));
    assert_eq!(p.skipped.get("fill"), Some(&1));
    // The bent arrow leaves the straight line.
    assert!(s[3].points.iter().any(|q| q.y.abs() > 10.0));
    assert_eq!(parse_str(V1, 1).unwrap().drawing.strokes.len(), 0);
    assert!(matches!(
        parse_str(V1, 2),
        Err(ImportError::NoSuchDrawing { count: 2, .. })
    ));
}

#[test]
fn v2_draw_shapes_from_records() {
    let text = r#"{"tldrawFileFormatVersion":1,"schema":{},"records":[
          {"typeName":"page","id":"page:a","name":"Page 1","index":"a1"},
          {"typeName":"shape","id":"shape:1","type":"draw","parentId":"page:a","index":"a2",
           "x":10,"y":20,"rotation":0,"props":{"color":"blue","size":"m","isPen":true,
           "segments":[{"type":"free","points":[{"x":0,"y":0,"z":0.3},{"x":4,"y":0,"z":0.7}]}]}},
          {"typeName":"shape","id":"shape:2","type":"draw","parentId":"page:a","index":"a3",
           "x":0,"y":0,"rotation":0,"props":{"segments":[{"type":"free","path":"AAAA"}]}},
          {"typeName":"shape","id":"shape:3","type":"geo","parentId":"page:a","index":"a4",
           "x":0,"y":0,"rotation":0,"props":{"geo":"ellipse","w":10,"h":10,"fill":"solid"}}
        ]}"#;
    let p = parse_str(text, 0).unwrap();
    let s = &p.drawing.strokes;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].points.at(1).x, 14.0);
    assert!(
        (s[0].points.at(1).pressure - 0.7).abs() < 1e-3,
        "f16 pressure"
    );
    assert_eq!(
        p.skipped.get("draw shape with delta-encoded path"),
        Some(&1)
    );
    assert_eq!(p.skipped.get("fill"), Some(&1));
}

#[test]
fn v2_base64_float16_points() {
    use base64::Engine as _;
    // Two points (1, 2, 0.25) and (-3.5, 4, 0.75) as little-endian float16 triplets.
    let enc = |v: &[f32]| {
        let bytes: Vec<u8> = v
            .iter()
            .flat_map(|&x| half::f16::from_f32(x).to_le_bytes())
            .collect();
        base64::engine::general_purpose::STANDARD.encode(bytes)
    };
    let b64 = enc(&[1.0, 2.0, 0.25, -3.5, 4.0, 0.75]);
    let text = format!(
        r#"{{"tldrawFileFormatVersion":1,"schema":{{}},"records":[
              {{"typeName":"page","id":"page:a","name":"Page 1","index":"a1"}},
              {{"typeName":"shape","id":"shape:1","type":"draw","parentId":"page:a","index":"a2",
               "x":10,"y":20,"rotation":0,"props":{{"isPen":true,
               "segments":[{{"type":"free","points":"{b64}"}}]}}}}]}}"#
    );
    let p = parse_str(&text, 0).unwrap();
    let pts = &p.drawing.strokes[0].points;
    assert_eq!(
        pts.iter()
            .map(|q| (q.x, q.y, q.pressure))
            .collect::<Vec<_>>(),
        [(11.0, 22.0, 0.25), (6.5, 24.0, 0.75)]
    );
    // A wrong length and an infinity are errors naming the shape and the point.
    let e = parse_str(&text.replace(&b64, &b64[..4]), 0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("shape:1") && e.contains("float16 triplets"),
        "{e}"
    );
    let e = parse_str(&text.replace(&b64, &enc(&[f32::INFINITY, 0.0, 0.5])), 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("points[0] x"), "{e}");
}

#[test]
fn bad_shapes_are_named() {
    let text = r#"{"document":{"pages":{"p":{"shapes":{"x1":{"type":"draw","parentId":"p","point":[0,0],"points":[[0,"a"]]}}}}}}"#;
    let e = parse_str(text, 0).unwrap_err().to_string();
    assert!(e.contains("shapes.x1") && e.contains("points[0]"), "{e}");
    // A parent cycle neither hangs nor recurses forever.
    let text = r#"{"document":{"pages":{"p":{"shapes":{"a":{"type":"group","parentId":"b"},"b":{"type":"group","parentId":"a"}}}}}}"#;
    assert_eq!(parse_str(text, 0).unwrap().drawing.strokes.len(), 0);
}
