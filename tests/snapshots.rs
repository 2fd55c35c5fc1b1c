//! Pixel snapshots on the software adapter (see `common::assert_snapshot` for the tolerance).

mod common;

use common::{assert_snapshot, headless, pixel};
use inkplay::gpu::AntiAlias;
use inkplay::model::{Color, Drawing, DrawingMeta, LineCap, LineJoin, Point, Stroke, StrokeStyle};
use inkplay::view::View;

const W: u32 = 160;
const H: u32 = 120;

fn drawing(strokes: Vec<Stroke>) -> Drawing {
    let (d, _) = Drawing {
        strokes,
        meta: DrawingMeta::default(),
    }
    .validated()
    .expect("valid test drawing");
    d
}

fn stroke(points: &[(f32, f32)], t0: f64, dt: f64, style: StrokeStyle) -> Stroke {
    Stroke {
        points: points
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| Point::new(x, y, t0 + dt * i as f64))
            .collect(),
        style,
        shape: None,
    }
}

/// Render in pixel coordinates (view = identity) so expectations can name pixels.
fn render(d: &Drawing, aa: AntiAlias, t: f64) -> Vec<u8> {
    let mut h = headless(W, H, aa);
    h.load_with_view(d.clone(), View::default()).expect("load");
    h.render(t).expect("render");
    h.read_rgba().expect("readback")
}

fn style(color: Color, width: f32) -> StrokeStyle {
    StrokeStyle {
        color,
        width,
        ..StrokeStyle::default()
    }
}

#[test]
fn half_revealed_stroke_stops_between_samples() {
    // Samples every 40 px, 100 ms apart; at t = 250 ms the front is half-way between x=100 and x=140.
    let pts: Vec<(f32, f32)> = (0..4).map(|i| (20.0 + 40.0 * i as f32, 60.0)).collect();
    let d = drawing(vec![stroke(&pts, 0.0, 100.0, style(Color::BLACK, 12.0))]);
    let img = render(&d, AntiAlias::Analytic, 250.0);
    assert_snapshot("half_revealed", &img, W, H);
    assert!(pixel(&img, W, 60, 60)[0] < 30, "revealed part is ink");
    assert!(
        pixel(&img, W, 115, 60)[0] < 30,
        "ink up to just before the front at x=120"
    );
    assert!(pixel(&img, W, 125, 60)[0] > 225, "nothing after the front");
    assert!(
        pixel(&img, W, 140, 60)[0] > 225,
        "not the next sample's cap"
    );
}

#[test]
fn caps_and_joins() {
    let zig = |y: f32| {
        vec![
            (20.0, y + 10.0),
            (55.0, y - 10.0),
            (90.0, y + 10.0),
            (125.0, y - 10.0),
        ]
    };
    let mk = |cap, join| StrokeStyle {
        cap,
        join,
        ..style(Color::rgb(0x20, 0x40, 0x90), 10.0)
    };
    let d = drawing(vec![
        stroke(&zig(25.0), 0.0, 10.0, mk(LineCap::Butt, LineJoin::Miter)),
        stroke(&zig(60.0), 100.0, 10.0, mk(LineCap::Round, LineJoin::Round)),
        stroke(
            &zig(95.0),
            200.0,
            10.0,
            mk(LineCap::Square, LineJoin::Bevel),
        ),
    ]);
    let img = render(&d, AntiAlias::Analytic, 1e9);
    assert_snapshot("caps_joins", &img, W, H);
    // Butt cap ends at x=20, square cap extends 5 px further, round cap in between.
    assert!(pixel(&img, W, 17, 35)[0] > 225, "butt cap does not extend");
    assert!(
        pixel(&img, W, 17, 105)[0] < 120,
        "square cap extends by half the width"
    );
}

#[test]
fn pressure_sets_width() {
    let pts: Vec<Point> = (0..11)
        .map(|i| {
            Point::new(20.0 + 12.0 * i as f32, 60.0, 10.0 * f64::from(i))
                .with_pressure(i as f32 / 10.0)
        })
        .collect();
    let d = drawing(vec![Stroke {
        points: pts.into(),
        style: style(Color::BLACK, 16.0),
        shape: None,
    }]);
    let img = render(&d, AntiAlias::Analytic, 1e9);
    assert_snapshot("pressure_width", &img, W, H);
    let thickness = |x: u32| (0..H).filter(|&y| pixel(&img, W, x, y)[0] < 128).count();
    let (thin, thick) = (thickness(32), thickness(128));
    // width 16 * (0.5 + p): ~9.9 px at p=0.1, ~24 px at p=0.9.
    assert!((8..=12).contains(&thin), "thin end {thin}px");
    assert!((21..=26).contains(&thick), "thick end {thick}px");
}

#[test]
fn translucent_strokes_do_not_darken_where_they_overlap_themselves() {
    let half_blue = Color::rgba(0, 0, 255, 128);
    // A loop that crosses itself at (80, 60), then a second stroke crossing the first.
    let loop_pts = [
        (30.0, 60.0),
        (130.0, 60.0),
        (130.0, 20.0),
        (80.0, 20.0),
        (80.0, 100.0),
    ];
    let d = drawing(vec![
        stroke(&loop_pts, 0.0, 50.0, style(half_blue, 14.0)),
        stroke(
            &[(20.0, 95.0), (140.0, 95.0)],
            500.0,
            50.0,
            style(half_blue, 14.0),
        ),
    ]);
    let img = render(&d, AntiAlias::Analytic, 1e9);
    assert_snapshot("translucent_overlap", &img, W, H);
    let single = pixel(&img, W, 50, 60);
    let self_cross = pixel(&img, W, 80, 60);
    let two_strokes = pixel(&img, W, 80, 95);
    // 50% blue over white = (127, 127, 255) in sRGB-encoded blending.
    assert!(
        (single[0] as i32 - 127).abs() <= 2,
        "single layer {single:?}"
    );
    assert_eq!(self_cross, single, "self-overlap must not darken");
    assert!(
        two_strokes[0] < 80,
        "two different strokes do stack: {two_strokes:?}"
    );
}

#[test]
fn antialiasing_modes() {
    let pts = [(15.0, 100.0), (60.0, 20.0), (100.0, 90.0), (145.0, 30.0)];
    let d = drawing(vec![stroke(
        &pts,
        0.0,
        30.0,
        style(Color::rgb(0xc0, 0x20, 0x20), 7.0),
    )]);
    let mut distinct_levels = Vec::new();
    for (aa, name) in [
        (AntiAlias::Msaa4, "aa_msaa4"),
        (AntiAlias::Analytic, "aa_analytic"),
        (AntiAlias::None, "aa_none"),
    ] {
        let img = render(&d, aa, 1e9);
        assert_snapshot(name, &img, W, H);
        let mut greens: Vec<u8> = img.chunks_exact(4).map(|p| p[1]).collect();
        greens.sort_unstable();
        greens.dedup();
        distinct_levels.push((name, greens.len()));
    }
    // Hard edges have (almost) only ink and paper; both AA modes produce intermediate shades.
    assert!(distinct_levels[2].1 <= 3, "{distinct_levels:?}");
    assert!(
        distinct_levels[0].1 >= 4 && distinct_levels[1].1 >= 10,
        "{distinct_levels:?}"
    );
}

#[test]
fn srgb_colours_come_out_exactly() {
    let colours = [
        Color::rgb(0x30, 0x80, 0xc0),
        Color::rgb(0xff, 0x80, 0x00),
        Color::rgb(0x80, 0x80, 0x80),
        Color::rgb(0x11, 0xee, 0x44),
    ];
    let strokes = colours
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            stroke(
                &[
                    (20.0 + 40.0 * i as f32, 20.0),
                    (20.0 + 40.0 * i as f32, 100.0),
                ],
                100.0 * i as f64,
                10.0,
                style(c, 24.0),
            )
        })
        .collect();
    let d = drawing(strokes);
    for aa in [AntiAlias::Analytic, AntiAlias::Msaa4] {
        let img = render(&d, aa, 1e9);
        if aa == AntiAlias::Analytic {
            assert_snapshot("srgb_colours", &img, W, H);
        }
        for (i, c) in colours.iter().enumerate() {
            let p = pixel(&img, W, 20 + 40 * i as u32, 60);
            for (got, want) in p.iter().zip([c.r, c.g, c.b, 255]) {
                assert!(got.abs_diff(want) <= 1, "{aa:?} colour {c}: got {p:?}");
            }
        }
    }
}

#[test]
fn dots_render_as_round_dabs() {
    let d = drawing(vec![Stroke {
        points: vec![Point::new(80.0, 60.0, 0.0)].into(),
        style: style(Color::BLACK, 20.0),
        shape: None,
    }]);
    let img = render(&d, AntiAlias::Analytic, 0.0);
    let ink = img.chunks_exact(4).filter(|p| p[0] < 128).count() as f32;
    let disc = std::f32::consts::PI * 100.0;
    assert!((ink - disc).abs() / disc < 0.08, "dot area {ink} vs {disc}");
}
