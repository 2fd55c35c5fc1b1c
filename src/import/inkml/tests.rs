//! Unit tests of the InkML importer.

use super::*;

#[test]
fn qualifiers_and_packed_numbers_decode() {
    // Explicit, then first differences, then second differences (the Office encoding).
    let points = |text: &str, channels: usize| {
        trace_values(text, channels)
            .unwrap()
            .iter()
            .map(<[f64]>::to_vec)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        points("10 20, '1'-2, \"1\"0, 5-3", 2),
        vec![
            vec![10.0, 20.0],
            vec![11.0, 18.0],
            vec![13.0, 16.0], // velocity 1+1=2, -2+0=-2
            vec![20.0, 11.0], // the qualifier persists: 2+5=7, -2-3=-5
        ]
    );
    assert_eq!(
        points("'-93'37 1.5e1,*\n2", 3),
        // The qualifier persists; the value the second point leaves out is 0.
        vec![vec![-93.0, 37.0, 15.0], vec![-93.0, 39.0, 0.0]],
    );
    assert_eq!(points("T F", 2), vec![vec![1.0, 0.0]]);
    let (point, msg) = trace_values("1 2, 3 4 5", 2).unwrap_err();
    assert_eq!(point, 2, "{msg}");
    assert!(trace_values("1 2, 3 x", 2).is_err());
}

const DOC: &str = r##"<?xml version="1.0"?>
<ink xmlns="http://www.w3.org/2003/InkML">
  <definitions>
    <context xml:id="c1">
      <inkSource><traceFormat>
        <channel name="X" type="decimal" units="cm"/><channel name="Y" type="decimal" units="cm"/>
        <channel name="F" type="integer" max="100"/><channel name="T" type="integer" units="ms"/>
      </traceFormat></inkSource>
    </context>
    <brush xml:id="b1"><brushProperty name="width" value="0.1" units="cm"/>
      <brushProperty name="color" value="#ff0000"/><brushProperty name="transparency" value="51"/></brush>
  </definitions>
  <traceGroup contextRef="#c1" brushRef="#b1">
    <trace>1 1 50 1000, 2 1
      60 1010</trace>
    <trace type="penUp">3 3 0 1100</trace>
    <trace>3 3 100 1200</trace>
  </traceGroup>
</ink>"##;

#[test]
fn contexts_brushes_and_pen_up_traces() {
    let p = parse(Path::new("t.inkml"), DOC, 0).unwrap();
    let s = &p.drawing.strokes;
    assert_eq!(s.len(), 2);
    assert_eq!(p.skipped.get("pen-up trace"), Some(&1));
    // cm -> mm, time from 0, pressure F/max.
    let q = s[0].points.at(1);
    assert_eq!((q.x, q.y, q.t_ms), (20.0, 10.0, 10.0));
    assert!((q.pressure - 0.6).abs() < 1e-3, "f16 pressure");
    assert_eq!(s[1].points.at(0).t_ms, 200.0);
    assert_eq!(s[0].style.width, 1.0);
    assert_eq!(s[0].style.color, Color::rgba(255, 0, 0, 204));
    assert!(p.drawing.meta.has_timing && p.drawing.meta.has_pressure);
}

#[test]
fn definitions_as_deep_as_the_schema_nests_them() {
    // A channel in intermittentChannels (2 deep in its trace format), a sample rate in the
    // context's inkSource (2) and resolutions in inkSource/channelProperties (3).
    let doc = r##"<ink xmlns="http://www.w3.org/2003/InkML"><context>
      <inkSource>
        <traceFormat><channel name="X"/><channel name="Y"/>
          <intermittentChannels><channel name="F"/></intermittentChannels></traceFormat>
        <sampleRate value="100"/>
        <channelProperties>
          <channelProperty channel="X" name="resolution" value="1000" units="1/cm"/>
          <channelProperty channel="Y" name="resolution" value="100" units="1/cm"/>
        </channelProperties>
      </inkSource></context>
      <trace>100 200 30, 200 200 60</trace></ink>"##;
    let p = parse(Path::new("t.inkml"), doc, 0).unwrap();
    let q = p.drawing.strokes[0].points.at(1);
    // X: 200 × 0.01 mm, Y: 200 × 0.1 mm, 10 ms apart, pressure 60 of the largest F, 60.
    assert!(
        (q.x - 2.0).abs() < 1e-4 && (q.y - 20.0).abs() < 1e-4,
        "{q:?}"
    );
    assert_eq!(q.t_ms, 10.0);
    assert!((q.pressure - 1.0).abs() < 1e-3, "{q:?}");
    assert!((p.drawing.strokes[0].points.at(0).pressure - 0.5).abs() < 1e-3);
}

#[test]
fn errors_name_the_trace_and_line() {
    let bad = DOC.replace("3 3 100 1200", "3 3 100 1200 7");
    let e = parse(Path::new("t.inkml"), &bad, 0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("trace 3, point 1") && e.contains("line 17"),
        "{e}"
    );
    let e = parse(Path::new("t.inkml"), "<ink><trace>1 2", 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1"), "{e}");
    let bad = DOC.replace("#c1", "#nope");
    let e = parse(Path::new("t.inkml"), &bad, 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("#nope"), "{e}");
}
