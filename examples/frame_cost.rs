//! Load and per-frame cost of the retained-layer path against drawing all geometry, in one run.
//!
//! ```sh
//! cargo run --release --example frame_cost -- [synthetic:10000] [--size 1280x720] [--frames 120] [--aa analytic]
//! ```
//! Prints the adapter, the time to tessellate and upload the drawing, and for each path the wall
//! time per frame (GPU finished) while playing the middle of the drawing forward at 60 fps steps.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use inkplay::bench::Summary;
use inkplay::gpu::{AntiAlias, RenderSettings};
use inkplay::headless::Headless;
use inkplay::model::Color;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut spec = "synthetic:10000".to_string();
    let (mut w, mut h, mut frames, mut aa) = (1280u32, 720u32, 120usize, AntiAlias::Analytic);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--size" => {
                let v = it.next().ok_or("--size needs WxH")?;
                let (a, b) = v.split_once('x').ok_or("--size needs WxH")?;
                w = a.parse()?;
                h = b.parse()?;
            }
            "--frames" => frames = it.next().ok_or("--frames needs N")?.parse()?,
            "--aa" => {
                aa = match it.next().map(String::as_str) {
                    Some("msaa4") => AntiAlias::Msaa4,
                    Some("none") => AntiAlias::None,
                    _ => AntiAlias::Analytic,
                }
            }
            other => spec = other.to_string(),
        }
    }
    let t0 = Instant::now();
    let loaded = inkplay::import::load(&spec)?;
    let import = t0.elapsed();
    let d = loaded.drawing;
    let mut hl = Headless::new(
        w,
        h,
        RenderSettings {
            aa,
            background: Color::WHITE,
        },
    )?;
    let load = hl.load(d.clone())?;
    println!(
        "adapter: {} ({}, {}, {})",
        hl.gpu.summary.name,
        hl.gpu.summary.backend,
        hl.gpu.summary.device_type,
        hl.gpu.summary.driver
    );
    println!(
        "{spec}: {} strokes, {} points, {} vertices; import {:.1} ms, tessellate {:.1} ms ({} threads), upload {:.1} ms; GPU bytes {}",
        d.strokes.len(),
        d.point_count(),
        load.vertices,
        import.as_secs_f64() * 1e3,
        load.tessellate.as_secs_f64() * 1e3,
        rayon::current_num_threads(),
        load.upload.as_secs_f64() * 1e3,
        hl.renderer().gpu_stats().total()
    );
    let start = d.duration_ms() * 0.5;
    let mut results = Vec::new();
    for direct in [false, true] {
        // Warm up (builds the layer at the start point).
        for k in 0..3 {
            let t = start - 16.7 * f64::from(3 - k);
            if direct {
                hl.render_direct(t)?;
            } else {
                hl.render(t)?;
            }
        }
        let mut times = Vec::with_capacity(frames);
        for k in 0..frames {
            let t = start + 16.7 * k as f64;
            let f0 = Instant::now();
            if direct {
                hl.render_direct(t)?;
            } else {
                hl.render(t)?;
            }
            times.push(f0.elapsed().as_secs_f64() * 1e3);
        }
        let s = Summary::of(&times);
        let name = if direct {
            "draw-all (direct)"
        } else {
            "retained layer"
        };
        println!(
            "{name:>18}: frame ms p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}  mean {:.2}",
            s.p50, s.p95, s.p99, s.max, s.mean
        );
        results.push(s.p50);
    }
    println!(
        "draw-all / retained layer (p50): {:.1}x",
        results[1] / results[0]
    );
    Ok(())
}
