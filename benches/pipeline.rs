//! Criterion benches: tessellation, import parsing, frame encode CPU time, a small headless frame.
//!
//! `cargo bench --bench pipeline` measures properly; `INKPLAY_BENCH_SMOKE=1 cargo bench --bench
//! pipeline` runs every bench for a few milliseconds (CI does this so they cannot rot).

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use inkplay::gpu::{AntiAlias, RenderSettings};
use inkplay::headless::Headless;
use inkplay::model::Color;
use inkplay::tess::{self, MeshCache, TessOptions, Tessellator};

fn smoke() -> bool {
    std::env::var_os("INKPLAY_BENCH_SMOKE").is_some()
}

fn config() -> Criterion {
    let c = Criterion::default().configure_from_args();
    if smoke() {
        c.sample_size(10)
            .warm_up_time(Duration::from_millis(20))
            .measurement_time(Duration::from_millis(60))
    } else {
        c
    }
}

fn tessellation(c: &mut Criterion) {
    let d = inkplay::import::load("synthetic:2000:1")
        .expect("synthetic")
        .drawing;
    let points = d.point_count() as u64;
    let opts = TessOptions::default();
    let mut g = c.benchmark_group("tessellate");
    g.throughput(Throughput::Elements(points));
    g.bench_function("one_thread", |b| {
        let mut t = Tessellator::new();
        b.iter(|| {
            let mut n = 0;
            for (i, s) in d.strokes.iter().enumerate() {
                n += t.tessellate(i as u32, s, &opts).vertices.len();
            }
            n
        });
    });
    g.bench_function("all_threads", |b| {
        b.iter_batched(
            || MeshCache::new(0),
            |mut cache| {
                tess::tessellate_strokes(&d, 1, 0..d.strokes.len(), &opts, &mut cache).len()
            },
            BatchSize::LargeInput,
        );
    });
    g.finish();
}

fn import(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    // One drawing (one line): the parser reads exactly these bytes.
    let raw = include_str!("../assets/quickdraw/cat.ndjson")
        .lines()
        .next()
        .unwrap_or_default();
    let native = inkplay::import::to_native_json(&inkplay::import::synthetic::generate(300, 1));
    let cases = [
        ("quickdraw_raw", "cat.ndjson", raw.to_string()),
        ("native", "x.inkplay.json", native),
    ];
    for (name, file, text) in cases {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new(name, text.len()), &text, |b, text| {
            b.iter(|| {
                inkplay::import::load_text(
                    std::path::Path::new(file),
                    text,
                    None,
                    &Default::default(),
                )
                .expect("parses")
                .drawing
                .strokes
                .len()
            });
        });
    }
    g.finish();
}

fn frames(c: &mut Criterion) {
    let d = inkplay::import::load("synthetic:5000:1")
        .expect("synthetic")
        .drawing;
    let Ok(mut h) = Headless::new(
        320,
        180,
        RenderSettings {
            aa: AntiAlias::Analytic,
            background: Color::WHITE,
        },
    ) else {
        panic!("no GPU adapter: run scripts/setup.sh");
    };
    h.load(d.clone()).expect("load");
    let dur = d.duration_ms();
    let mut g = c.benchmark_group("frame");
    // CPU time to encode a frame (layer update + compose), GPU work excluded: the encoder is dropped
    // unsubmitted, so the layer content is not meaningful afterwards, only the cost.
    let mut k = 0u64;
    g.bench_function("encode_cpu", |b| {
        b.iter(|| {
            k += 1;
            let t = dur * 0.5 + (k % 1000) as f64 * 16.7;
            let mut enc = h.gpu.device.create_command_encoder(&Default::default());
            let r = h
                .replay
                .encode(&h.gpu, &mut enc, h.target.frame_target(), t);
            drop(enc);
            r
        });
    });
    // A whole small headless frame, GPU finished.
    let mut k = 0u64;
    g.bench_function("headless_320x180", |b| {
        b.iter(|| {
            k += 1;
            h.render(dur * 0.5 + (k % 1000) as f64 * 16.7)
                .expect("frame")
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = tessellation, import, frames
}
criterion_main!(benches);
