//! `inkplay export` as a user runs it: exact frame counts and delays in every format (decoded
//! independently), the first and last frames, reproducible output, transparency, bad options,
//! a missing ffmpeg, and interrupted exports that leave nothing behind.
//!
//! Pixels are compared with the snapshot tolerance of `common` (channel difference above
//! [`common::CHANNEL_TOLERANCE`] on at most [`common::MAX_DIFF_FRACTION`] of the pixels); GIF's
//! one bit of alpha is compared as alpha ≥ 128.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "export/decode.rs"]
mod decode;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::inkplay;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("--json summary")
}

fn export(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["export", "-o", out.to_str().unwrap(), "--json"];
    if !extra.contains(&"--size") {
        args.extend(["--size", "160x120"]);
    }
    args.extend_from_slice(extra);
    inkplay(&args)
}

/// The bundled drawing's duration (ms), from `inkplay info`.
fn duration_ms() -> f64 {
    let o = inkplay(&["info", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["duration_ms"].as_f64().unwrap()
}

fn frame_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// Pixels differing beyond the snapshot tolerance (alpha thresholded at 128 where `one_bit`).
fn differing(a: &[u8], b: &[u8], one_bit: bool) -> usize {
    a.chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(p, q)| {
            if one_bit && (p[3] >= 128) != (q[3] >= 128) {
                return true;
            }
            if one_bit && p[3] < 128 {
                return false;
            }
            let channels = if one_bit { 3 } else { 4 };
            (0..channels).any(|k| p[k].abs_diff(q[k]) > common::CHANNEL_TOLERANCE)
        })
        .count()
}

fn assert_close(a: &[u8], b: &[u8], one_bit: bool, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: sizes");
    let n = differing(a, b, one_bit);
    let allowed = (common::MAX_DIFF_FRACTION * (a.len() / 4) as f64) as usize;
    assert!(
        n <= allowed,
        "{what}: {n} pixels differ (allowed {allowed})"
    );
}

#[test]
fn frame_counts_and_delays_are_exact_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // The documented rule: ceil(D · fps) + 1 replay frames, plus round(hold · fps).
    let expected = (duration_ms() * 10.0 / 1000.0 - 1e-9).ceil() as usize + 1 + 5 + 3;
    let opts = [
        "--fps",
        "10",
        "--hold-start",
        "0.3",
        "--hold-end",
        "0.5",
        "--loop",
        "3",
    ];

    let gif = dir.path().join("a.gif");
    let s = ok(&export(&gif, &opts));
    assert_eq!(s["frames"].as_u64().unwrap() as usize, expected);
    let g = decode::gif(&gif);
    let frames = g.frames;
    assert_eq!(g.size, (160, 120));
    assert_eq!(frames.len(), expected);
    assert!(
        frames.iter().all(|(_, d)| *d == 10),
        "10 fps is 10 cs a frame"
    );
    assert_eq!(g.repeat, gif::Repeat::Finite(2), "plays 3 times: 2 repeats");

    let apng = dir.path().join("a.apng");
    ok(&export(&apng, &opts));
    let a = decode::apng(&apng);
    let aframes = a.frames;
    assert_eq!(
        (a.declared as usize, aframes.len(), a.plays),
        (expected, expected, 3)
    );
    assert!(aframes.iter().all(|(_, d)| *d == (1, 10)));

    let frames_dir = dir.path().join("frames");
    ok(&export(
        &frames_dir,
        &[&["--format", "frames"], &opts[..6]].concat(),
    ));
    let files = frame_files(&frames_dir);
    assert_eq!(files.len(), expected);
    assert_eq!(files[0].file_name().unwrap(), "000000.png");

    // All three show the same frames.
    for (i, f) in files.iter().enumerate() {
        let (px, ..) = common::png(f);
        assert_close(&frames[i].0, &px, true, &format!("gif frame {i}"));
        assert_close(&aframes[i].0, &px, false, &format!("apng frame {i}"));
    }

    // 30 fps GIF delays alternate 3 and 4 cs and add up to the exact length.
    let g30 = dir.path().join("b.gif");
    let s = ok(&export(&g30, &[]));
    let frames = decode::gif(&g30).frames;
    let total: u32 = frames.iter().map(|(_, d)| u32::from(*d)).sum();
    let n = s["frames"].as_u64().unwrap();
    assert_eq!(total, (n as f64 * 100.0 / 30.0).round() as u32);
}

#[test]
fn first_frame_is_blank_and_last_is_the_render_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let frames_dir = dir.path().join("f/");
    ok(&export(&frames_dir, &["--fps", "5"]));
    let files = frame_files(&frames_dir);
    let (first, ..) = common::png(&files[0]);
    assert_eq!(common::ink_pixels(&first), 0, "the replay starts blank");
    let end = dir.path().join("end.png");
    let o = inkplay(&[
        "render",
        "--at",
        "end",
        "--size",
        "160x120",
        "-o",
        end.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (end_px, ..) = common::png(&end);
    let (last, ..) = common::png(files.last().unwrap());
    assert_close(&last, &end_px, false, "last frame vs render --at end");
    assert!(common::ink_pixels(&last) > 100);

    let rf = dir.path().join("rf/");
    ok(&export(&rf, &["--fps", "5", "--result-first", "1"]));
    let files = frame_files(&rf);
    let (first, ..) = common::png(&files[0]);
    assert_close(
        &first,
        &end_px,
        false,
        "--result-first starts with the result",
    );
    let (sixth, ..) = common::png(&files[5]);
    assert_eq!(
        common::ink_pixels(&sixth),
        0,
        "then the replay starts blank"
    );
}

#[test]
fn png_frames_are_byte_identical_across_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a/"), dir.path().join("b/"));
    ok(&export(&a, &["--fps", "8"]));
    ok(&export(&b, &["--fps", "8"]));
    let (fa, fb) = (frame_files(&a), frame_files(&b));
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{x:?}"
        );
    }
    // Exporting again over an export's directory replaces it.
    ok(&export(&a, &["--fps", "4"]));
    assert!(frame_files(&a).len() < fb.len());
}

#[test]
fn transparent_backgrounds_keep_alpha() {
    let dir = tempfile::tempdir().unwrap();
    let t = [
        "--background",
        "transparent",
        "--fps",
        "10",
        "--result-first",
        "0.5",
    ];
    let frames_dir = dir.path().join("t/");
    ok(&export(&frames_dir, &t));
    let files = frame_files(&frames_dir);
    let (last, ..) = common::png(files.last().unwrap());
    assert!(
        last.chunks_exact(4).any(|p| p[3] == 0),
        "background transparent"
    );
    assert!(last.chunks_exact(4).any(|p| p[3] == 255), "ink opaque");

    // GIF: ink drawn, then cleared back to transparent after --result-first, exactly as the PNGs.
    let gif = dir.path().join("t.gif");
    ok(&export(&gif, &t));
    let frames = decode::gif(&gif).frames;
    assert_eq!(frames.len(), files.len());
    for (i, f) in files.iter().enumerate() {
        let (px, ..) = common::png(f);
        assert_close(
            &frames[i].0,
            &px,
            true,
            &format!("transparent gif frame {i}"),
        );
    }
    let apng = dir.path().join("t.apng");
    ok(&export(&apng, &t));
    let aframes = decode::apng(&apng).frames;
    for (i, f) in files.iter().enumerate() {
        let (px, ..) = common::png(f);
        assert_eq!(aframes[i].0, px, "apng frame {i} is exactly the PNG");
    }
}

#[test]
fn bad_options_exit_2_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let cases: Vec<(PathBuf, Vec<&str>, &str)> = vec![
        (p("a.avi"), vec![], "-o"),
        (p("a.png"), vec![], "--format apng"),
        (
            p("a.mp4"),
            vec!["--background", "transparent"],
            "--background",
        ),
        (p("a.gif"), vec!["--fps", "0"], "--fps"),
        (p("a.gif"), vec!["--from", "2000", "--to", "1000"], "--from"),
        (p("a.gif"), vec!["--to", "stroke:999"], "stroke:999"),
        (p("a.gif"), vec!["--speed", "1000"], "speed"),
        (p("a.mp4"), vec!["--loop", "2"], "--loop"),
        (p("no/such/dir/a.gif"), vec![], "-o"),
        (
            dir.path().to_path_buf(),
            vec!["--format", "gif"],
            "is a directory",
        ),
    ];
    for (out, extra, needle) in cases {
        let o = export(&out, &extra);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{out:?} {extra:?}: {err}");
        assert!(
            err.contains(needle),
            "{out:?} {extra:?} should name {needle}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "no output and no temporary file: {left:?}");
}

#[test]
fn a_missing_ffmpeg_says_how_to_install_it_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.mp4");
    let o = export(&out, &["--ffmpeg", "/nonexistent/ffmpeg"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/nonexistent/ffmpeg") && err.contains("apt-get install ffmpeg"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn video_through_ffmpeg() {
    if !decode::have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mp4 = dir.path().join("a.mp4");
    let s = ok(&export(&mp4, &["--size", "161x121", "--fps", "12"]));
    let n = s["frames"].as_u64().unwrap();
    assert!(s["notes"][0].as_str().unwrap().contains("160x120"), "{s}");
    let probe = decode::ffprobe(&mp4);
    for want in [
        "codec_name=h264".to_string(),
        "width=160".into(),
        "height=120".into(),
        "pix_fmt=yuv420p".into(),
        "r_frame_rate=12/1".into(),
        format!("nb_read_frames={n}"),
    ] {
        assert!(probe.contains(&want), "{want} in {probe}");
    }
    let webm = dir.path().join("a.webm");
    let s = ok(&export(
        &webm,
        &["--fps", "12", "--background", "transparent"],
    ));
    let probe = decode::ffprobe(&webm);
    assert!(probe.contains("codec_name=vp9"), "{probe}");
    assert!(
        probe.contains(&format!("nb_read_frames={}", s["frames"])),
        "{probe}"
    );
}

/// A long export of a bigger drawing, to interrupt.
fn long_export(out: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_inkplay"))
        .args(["export", "synthetic:2000", "-o", out.to_str().unwrap()])
        .args([
            "--size",
            "320x240",
            "--duration",
            "600",
            "--fps",
            "30",
            "--no-progress",
        ])
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait until the export has started writing under its temporary name.
fn wait_for_temporary(dir: &Path) {
    for _ in 0..600 {
        let started = std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".inkplay-")
        });
        if started {
            std::thread::sleep(std::time::Duration::from_millis(300));
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the export never started writing");
}

#[test]
fn an_interrupted_export_leaves_the_old_file_and_nothing_else() {
    let mut outputs = vec!["replay.gif", "frames/"];
    if decode::have_ffmpeg() {
        // ffmpeg must be stopped, not left to finalize a file the export has removed.
        outputs.push("replay.mp4");
    }
    for name in outputs {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(name);
        let old: &[u8] = b"the user's old file";
        let keep = if name.ends_with('/') {
            std::fs::create_dir(&out).unwrap();
            out.join("000000.png")
        } else {
            out.clone()
        };
        std::fs::write(&keep, old).unwrap();

        // Ctrl-C (SIGINT): exit 130, the old output intact, the temporary one removed.
        let child = long_export(&out);
        wait_for_temporary(dir.path());
        let killed = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(130), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("interrupted"), "{}", stderr(&o));
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert_eq!(std::fs::read(&keep).unwrap(), old, "{name}");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            vec![name.trim_end_matches('/').to_string()],
            "no temporary output left"
        );

        // SIGKILL: nothing can clean up, but the output name still holds the old output.
        let mut child = long_export(&out);
        wait_for_temporary(dir.path());
        child.kill().unwrap();
        let _ = child.wait();
        assert_eq!(std::fs::read(&keep).unwrap(), old, "{name}");
    }
}
