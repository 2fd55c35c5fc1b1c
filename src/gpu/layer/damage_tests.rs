use super::*;

fn rect(x0: u32, y0: u32, x1: u32, y1: u32) -> PxRect {
    PxRect { x0, y0, x1, y1 }
}

fn bbox(min_x: f32, min_y: f32, max_x: f32, max_y: f32) -> BBox {
    BBox {
        min_x,
        min_y,
        max_x,
        max_y,
    }
}

#[test]
fn inflate_stays_inside_the_target() {
    assert_eq!(rect(1, 5, 10, 20).inflate(4, (12, 100)), rect(0, 1, 12, 24));
    assert_eq!(rect(0, 0, 8, 8).inflate(0, (8, 8)), rect(0, 0, 8, 8));
}

#[test]
fn union_covers_both_and_ignores_empty() {
    let a = rect(0, 10, 5, 20);
    let b = rect(3, 0, 9, 12);
    assert_eq!(PxRect::union(Some(a), Some(b)), Some(rect(0, 0, 9, 20)));
    assert_eq!(PxRect::union(Some(a), None), Some(a));
    assert_eq!(PxRect::union(None, Some(b)), Some(b));
    assert_eq!(PxRect::union(None, None), None);
    assert_eq!(rect(2, 3, 6, 8).area(), 20);
}

#[test]
fn stroke_bounds_are_padded_and_clamped() {
    let bounds = [bbox(10.0, 10.0, 20.0, 30.0), bbox(-50.0, 40.0, 5.0, 45.0)];
    let view = View::default();
    // Padded by 2 px for antialiasing.
    assert_eq!(
        px_bounds(&bounds, view, (100, 100), 0..1),
        Some(rect(8, 8, 22, 32))
    );
    // Both strokes: clamped at the target's left edge.
    assert_eq!(
        px_bounds(&bounds, view, (100, 100), 0..2),
        Some(rect(0, 8, 22, 47))
    );
    // Scaled and offset by the view.
    let zoomed = View {
        scale: 2.0,
        offset: glam::Vec2::new(5.0, 0.0),
    };
    assert_eq!(
        px_bounds(&bounds, zoomed, (100, 100), 0..1),
        Some(rect(23, 18, 47, 62))
    );
}

#[test]
fn nothing_to_redraw_for_no_or_off_screen_strokes() {
    let bounds = [bbox(200.0, 200.0, 210.0, 210.0)];
    assert_eq!(px_bounds(&bounds, View::default(), (100, 100), 0..0), None);
    assert_eq!(px_bounds(&bounds, View::default(), (100, 100), 0..1), None);
    // A range past the strokes known is empty, not a panic.
    assert_eq!(px_bounds(&bounds, View::default(), (100, 100), 1..3), None);
}
