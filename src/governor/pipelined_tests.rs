//! Unit tests of the governor on a pipelined device: a frame's GPU work (the layer) runs beside
//! the CPU's (streaming), and the frame costs the larger of the two. Learning the two sides apart
//! lets each use the budget; treating the frame as one sum wastes half of it.

use super::*;
use crate::import::synthetic::SplitMix64;

/// A scripted pipelined device.
struct Pipe {
    cpu_fixed_ms: f64,
    gpu_fixed_ms: f64,
    ms_per_point: f64,
    ms_per_byte: f64,
    ms_per_index: f64,
    rng: SplitMix64,
}

/// Per frame: its time, layer indices drawn, points streamed.
struct Frames {
    ms: Vec<f64>,
    indices: Vec<u64>,
    points: Vec<u64>,
}

/// `frames` frames with a layer backlog and a drawing to stream that never run out; `split`
/// says whether the governor is told the CPU and GPU times apart (as the player on a hardware
/// adapter does) or only the frame's total.
fn run(g: &mut Governor, d: &mut Pipe, frames: usize, split: bool) -> Frames {
    let mut out = Frames {
        ms: Vec::new(),
        indices: Vec::new(),
        points: Vec::new(),
    };
    for _ in 0..frames {
        let mut plan = g.begin_frame();
        let n = g.grant(&plan, Work::Layer);
        g.spent(&mut plan, Work::Layer, n, None);
        let pts = g.grant_stream(&plan);
        let tess = pts as f64 * d.ms_per_point;
        g.spent(&mut plan, Work::Tessellate, pts, Some(tess));
        let bytes = pts * 100;
        let up = bytes as f64 * d.ms_per_byte;
        g.spent(&mut plan, Work::Upload, bytes, Some(up));
        let noise = (d.rng.unit() - 0.5) * 0.6;
        let cpu = d.cpu_fixed_ms + tess + up + noise;
        let gpu = d.gpu_fixed_ms + n as f64 * d.ms_per_index + noise;
        let frame = cpu.max(gpu);
        let mut s = g.take_sample();
        s.frame_ms = frame;
        if split {
            s.pipelined = Some(Pipelined {
                cpu_ms: cpu,
                gpu_ms: gpu,
            });
        }
        g.record(s);
        out.ms.push(frame);
        out.indices.push(n);
        out.points.push(pts);
    }
    out
}

fn device(seed: u64) -> Pipe {
    Pipe {
        cpu_fixed_ms: 6.0,
        gpu_fixed_ms: 4.0,
        ms_per_point: 1e-4,
        ms_per_byte: 2e-7,
        ms_per_index: 2e-5,
        rng: SplitMix64::new(seed),
    }
}

fn mean(v: &[u64]) -> f64 {
    v.iter().sum::<u64>() as f64 / v.len().max(1) as f64
}

#[test]
fn each_side_of_a_pipelined_frame_gets_the_budget() {
    let cfg = GovernorConfig::preset(Preset::Default, 60.0);
    let mut g = Governor::new(cfg);
    let mut d = device(1);
    let f = run(&mut g, &mut d, 400, true);
    let settled = 100..400;
    let worst = f.ms[settled.clone()].iter().copied().fold(0.0, f64::max);
    assert!(worst <= cfg.budget_ms, "worst frame {worst:.2} ms");
    // Each side aims at the target less its own fixed cost (and the spread): the GPU draws
    // about (target − 4 ms) of layer work and the CPU streams about (target − 6 ms) of points
    // in the same frame.
    let target = cfg.budget_ms * (1.0 - cfg.headroom);
    let spread = g.stats().spread;
    let layer_ms = mean(&f.indices[settled.clone()]) * d.ms_per_index;
    let stream_ms = mean(&f.points[settled]) * (d.ms_per_point + 100.0 * d.ms_per_byte);
    assert!(
        layer_ms > 0.7 * (target / spread - d.gpu_fixed_ms),
        "layer work {layer_ms:.2} ms a frame (spread {spread:.2})"
    );
    assert!(
        stream_ms > 0.7 * (target / spread - d.cpu_fixed_ms),
        "streaming {stream_ms:.2} ms a frame (spread {spread:.2})"
    );
    let s = g.stats();
    assert!(
        (s.fixed_ms - d.cpu_fixed_ms).abs() < 1.0,
        "CPU fixed {}",
        s.fixed_ms
    );
    let gpu_fixed = s.gpu_fixed_ms.expect("pipelined");
    assert!(
        (gpu_fixed - d.gpu_fixed_ms).abs() < 1.0,
        "GPU fixed {gpu_fixed}"
    );
}

#[test]
fn learning_the_sides_apart_does_about_twice_the_work_of_one_sum() {
    let cfg = GovernorConfig::preset(Preset::Default, 60.0);
    let (mut apart, mut summed) = (Governor::new(cfg), Governor::new(cfg));
    let a = run(&mut apart, &mut device(2), 400, true);
    let b = run(&mut summed, &mut device(2), 400, false);
    let work = |f: &Frames, d: &Pipe| {
        mean(&f.indices[100..]) * d.ms_per_index
            + mean(&f.points[100..]) * (d.ms_per_point + 100.0 * d.ms_per_byte)
    };
    let (wa, wb) = (work(&a, &device(0)), work(&b, &device(0)));
    assert!(
        wa > 1.5 * wb,
        "{wa:.2} ms of work a frame apart, {wb:.2} as one sum"
    );
    let worst = a.ms[100..].iter().copied().fold(0.0, f64::max);
    assert!(worst <= cfg.budget_ms, "worst frame {worst:.2} ms");
}

#[test]
fn frames_measured_whole_again_go_back_to_one_budget() {
    let cfg = GovernorConfig::preset(Preset::Default, 60.0);
    let mut g = Governor::new(cfg);
    run(&mut g, &mut device(3), 100, true);
    assert!(g.begin_frame().gpu_remaining_ms.is_some());
    run(&mut g, &mut device(3), 1, false);
    let plan = g.begin_frame();
    assert!(plan.gpu_remaining_ms.is_none());
    assert_eq!(plan.layer_ms(), plan.remaining_ms);
    assert!(g.stats().gpu_fixed_ms.is_none());
}
