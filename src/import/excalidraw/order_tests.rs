//! Unit tests of the order a replay draws an element's outline and fill in.

use super::*;
use crate::model::Stroke;

fn strokes(elements: &str) -> Vec<Stroke> {
    let text = format!(r#"{{"type":"excalidraw","version":2,"elements":[{elements}]}}"#);
    parse(Path::new("t.excalidraw"), &text, 0)
        .unwrap()
        .drawing
        .strokes
}

fn span(s: &Stroke) -> (f64, f64) {
    (
        s.points.first().unwrap().t_ms,
        s.points.last().unwrap().t_ms,
    )
}

/// Times agree within a microsecond (a stroke keeps its points' times as `f32` offsets).
fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

fn is_fill(s: &Stroke) -> bool {
    s.shape.as_ref().is_some_and(|s| s.fill.is_some())
}

#[test]
fn a_solid_fill_appears_when_its_outline_closes_and_ends_under_it() {
    let s = strokes(
        r##"{"type":"rectangle","x":0,"y":0,"width":80,"height":40,"seed":7,
             "strokeColor":"#1e1e1e","backgroundColor":"#a5d8ff","fillStyle":"solid"}"##,
    );
    let [outline, fill, again] = s.as_slice() else {
        panic!("{} strokes", s.len())
    };
    assert!(!is_fill(outline) && is_fill(fill) && !is_fill(again));
    let closed = span(outline).1;
    let (a, b) = span(fill);
    assert!(
        near(a, closed) && a == b,
        "the fill appears as the outline closes"
    );
    assert_eq!(span(again), span(fill));
    assert_eq!(again.points.positions(), outline.points.positions());
    assert_eq!(again.style, outline.style);
}

#[test]
fn a_translucent_outline_follows_its_fill_so_that_it_is_drawn_once() {
    let s = strokes(
        r##"{"type":"ellipse","x":0,"y":0,"width":80,"height":40,"seed":7,"opacity":50,
             "strokeColor":"#1e1e1e","backgroundColor":"#a5d8ff","fillStyle":"hachure"}"##,
    );
    let [fill, outline] = s.as_slice() else {
        panic!("{} strokes", s.len())
    };
    assert_eq!(fill.style.color, Color::rgba(0xa5, 0xd8, 0xff, 128));
    assert!(span(fill).1 < span(outline).0);
}

#[test]
fn a_closed_freedraw_loop_is_drawn_before_its_fill_and_again_over_it() {
    let s = strokes(
        r##"{"type":"freedraw","x":0,"y":0,"width":40,"height":40,
             "points":[[0,0],[40,0],[40,40],[0,40],[0,0]],"backgroundColor":"#ffc9c9",
             "fillStyle":"solid","strokeColor":"#1e1e1e"}"##,
    );
    let [pen, fill, again] = s.as_slice() else {
        panic!("{} strokes", s.len())
    };
    assert!(pen.shape.is_none() && is_fill(fill));
    assert!(near(span(fill).0, span(pen).1));
    assert_eq!(again.points.positions(), pen.points.positions());
    assert!(again.points.iter().all(|p| p.t_ms == span(fill).1));
    // The pressures (and so the line's widths) are the first line's.
    let pressures = |s: &Stroke| s.points.iter().map(|p| p.pressure).collect::<Vec<_>>();
    assert_eq!(pressures(again), pressures(pen));
}
