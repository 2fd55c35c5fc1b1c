//! The binary as a user runs it: success paths and bad input (exit 2, a message naming the file and
//! the place, never a panic).

mod common;

use std::path::Path;
use std::process::Output;

use common::inkplay;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_bad_input(o: &Output, must_contain: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "exit 2 expected; stderr: {err}");
    assert!(!err.contains("panicked"), "no panic: {err}");
    for s in must_contain {
        assert!(err.contains(s), "stderr should mention {s:?}: {err}");
    }
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p.to_string_lossy().into_owned()
}

#[test]
fn help_everywhere() {
    for args in [
        &["--help"][..],
        &["play", "--help"],
        &["render", "--help"],
        &["info", "--help"],
        &["convert", "--help"],
    ] {
        let o = inkplay(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout(&o).contains("Usage"), "{args:?}");
    }
}

#[test]
fn render_the_bundled_sample() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("cat.png");
    let o = inkplay(&[
        "render",
        "--at",
        "50%",
        "-o",
        out.to_str().expect("utf8"),
        "--size",
        "200x150",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (px, w, h) = inkplay::output::read_png(&out).expect("png");
    assert_eq!((w, h), (200, 150));
    assert!(common::ink_pixels(&px) > 100, "the half-drawn cat has ink");
}

#[test]
fn render_options_and_transparent_background() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("x.png");
    let o = inkplay(&[
        "render",
        "synthetic:50:3",
        "--at",
        "end",
        "-o",
        out.to_str().expect("utf8"),
        "--size",
        "64x48",
        "--aa",
        "msaa4",
        "--background",
        "transparent",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (px, _, _) = inkplay::output::read_png(&out).expect("png");
    assert_eq!(common::pixel(&px, 64, 0, 0)[3], 0, "corner is transparent");
    assert!(px.chunks_exact(4).any(|p| p[3] > 100), "there is ink");
}

#[test]
fn view_takes_negative_coordinates() {
    // `--view -68,…` must not be taken for a flag: both spellings render the same rectangle.
    let dir = tempfile::tempdir().expect("tmp");
    let spaced = dir.path().join("spaced.png");
    let joined = dir.path().join("joined.png");
    for (out, view) in [
        (&spaced, vec!["--view", "-300,-50,1200,1200"]),
        (&joined, vec!["--view=-300,-50,1200,1200"]),
    ] {
        let mut args = vec![
            "render",
            "--at",
            "end",
            "--size",
            "80x80",
            "-o",
            out.to_str().expect("utf8"),
        ];
        args.extend(view);
        let o = inkplay(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (a, _, _) = inkplay::output::read_png(&spaced).expect("png");
    let (b, _, _) = inkplay::output::read_png(&joined).expect("png");
    assert_eq!(a, b);
    // The cat (x 96..723) sits right of the view's origin, so the left column is empty.
    assert!(common::ink_pixels(&a) > 50, "the cat is in view");
    assert!(
        (0..80).all(|y| common::pixel(&a, 80, 0, y)[0] > 200),
        "nothing left of x = 0"
    );
}

#[test]
fn excalidraw_png_exports_open_and_plain_pngs_say_what_is_missing() {
    let dir = tempfile::tempdir().expect("tmp");
    let plain = dir.path().join("shot.png");
    let o = inkplay(&[
        "render",
        "-o",
        plain.to_str().expect("utf8"),
        "--size",
        "40x30",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_bad_input(
        &inkplay(&["info", plain.to_str().expect("utf8")]),
        &["shot.png", "without an Excalidraw scene"],
    );
    // The same PNG with a scene in a tEXt chunk (the legacy, unencoded form) before IEND.
    let png = std::fs::read(&plain).expect("read");
    let scene = r##"{"type":"excalidraw","elements":[{"type":"rectangle","x":0,"y":0,"width":60,"height":40,"seed":7,"backgroundColor":"#228be6","fillStyle":"solid"}]}"##;
    let mut data = b"application/vnd.excalidraw+json\0".to_vec();
    data.extend_from_slice(scene.as_bytes());
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(&data);
    chunk.extend_from_slice(&[0; 4]);
    let iend = png.len() - 12;
    let embedded = dir.path().join("box.excalidraw.png");
    std::fs::write(&embedded, [&png[..iend], &chunk, &png[iend..]].concat()).expect("write");
    let e = embedded.to_str().expect("utf8");
    let o = inkplay(&["info", e]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("format:    excalidraw"),
        "{}",
        stdout(&o)
    );
    let out = dir.path().join("box.png");
    let o = inkplay(&[
        "render",
        e,
        "--at",
        "end",
        "--fit",
        "page",
        "--size",
        "80x60",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The solid fill covers the middle of the export frame (the box plus 10 units each side).
    let (px, _, _) = inkplay::output::read_png(&out).expect("png");
    let [r, g, b, _] = common::pixel(&px, 80, 40, 30);
    assert!(b > 150 && r < 100 && g < 180, "{r} {g} {b}");
}

#[test]
fn info_text_and_json() {
    let o = inkplay(&["info"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("quickdraw-raw"));
    let o = inkplay(&["info", "synthetic:25:2", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    for key in [
        "format",
        "strokes",
        "points",
        "duration_ms",
        "bbox",
        "has_timing",
        "has_pressure",
    ] {
        assert!(v.get(key).is_some(), "key {key}: {v}");
    }
    assert_eq!(v["strokes"], 25);
    assert_eq!(v["format"], "synthetic");
    assert_eq!(v["has_pressure"], true);
}

#[test]
fn convert_round_trips() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("s.inkplay.json");
    let o = inkplay(&[
        "convert",
        "synthetic:30:4",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = inkplay::import::load("synthetic:30:4")
        .expect("load")
        .drawing;
    let b = inkplay::import::load(out.to_str().expect("utf8"))
        .expect("reload")
        .drawing;
    assert_eq!(a.strokes, b.strokes);
    // And the converted file is itself convertible and renderable.
    let png = dir.path().join("s.png");
    let o = inkplay(&[
        "render",
        out.to_str().expect("utf8"),
        "-o",
        png.to_str().expect("utf8"),
        "--size",
        "32x32",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn bad_inputs_exit_2_and_say_where() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let out = d.join("o.png");
    let out = out.to_str().expect("utf8");

    let truncated = write(
        d,
        "trunc.ndjson",
        "{\"drawing\":[[[1,2],[3,4],[0,5]]]}\n{\"drawing\":[[[1,2],[3",
    );
    assert_bad_input(
        &inkplay(&["info", &format!("{truncated}#1")]),
        &["trunc.ndjson", "line 2, column"],
    );

    let arrays = write(d, "arrays.ndjson", "{\"drawing\":[[[1,2],[3],[0,5]]]}\n");
    assert_bad_input(
        &inkplay(&["render", &arrays, "-o", out]),
        &["arrays.ndjson", "line 1", "drawing[0]", "y has 1"],
    );

    let nan = write(
        d,
        "nan.inkplay.json",
        "{\"format\":\"inkplay\",\"version\":1,\n\"strokes\":[{\"points\":[[1,NaN,0,0.5]]}]}",
    );
    assert_bad_input(&inkplay(&["info", &nan]), &["nan.inkplay.json", "line 2"]);

    let huge = write(
        d,
        "huge.ndjson",
        "{\"drawing\":[[[1,1e999],[3,4],[0,5]]]}\n",
    );
    assert_bad_input(&inkplay(&["info", &huge]), &["huge.ndjson", "line 1"]);

    let unknown = write(d, "notes.txt", "hello world\n");
    assert_bad_input(
        &inkplay(&["info", &unknown]),
        &["notes.txt", "unsupported format"],
    );

    let empty = write(d, "empty.ndjson", "");
    assert_bad_input(&inkplay(&["info", &empty]), &["empty.ndjson"]);

    assert_bad_input(
        &inkplay(&["info", "/no/such/file.ndjson"]),
        &["/no/such/file.ndjson"],
    );
    assert_bad_input(&inkplay(&["info", "synthetic:many"]), &["synthetic:many"]);
    assert_bad_input(
        &inkplay(&["info", &format!("{arrays}#5")]),
        &["arrays.ndjson", "#5"],
    );
    assert_bad_input(
        &inkplay(&["render", "-o", out, "--size", "0x10"]),
        &["size"],
    );
    assert_bad_input(&inkplay(&["render", "-o", out, "--at", "soon"]), &["soon"]);
    assert_bad_input(
        &inkplay(&["render", "-o", out, "--background", "#12"]),
        &["#12"],
    );
    assert_bad_input(&inkplay(&["frobnicate"]), &[]);
    assert!(
        !Path::new(out).exists(),
        "no output written for failed renders"
    );
}

#[test]
fn import_limits_are_flags_and_errors_name_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let points: Vec<String> = (0..300).map(|i| format!("[{i},0,{i},0.5]")).collect();
    let f = write(
        dir.path(),
        "long.inkplay.json",
        &format!(
            r#"{{"format":"inkplay","version":1,"strokes":[{{"points":[{}]}}]}}"#,
            points.join(",")
        ),
    );
    let o = inkplay(&["info", &f, "--max-stroke-points", "100"]);
    assert_bad_input(
        &o,
        &[
            "long.inkplay.json",
            "stroke 0's point count (300)",
            "--max-stroke-points",
        ],
    );
    let o = inkplay(&["render", &f, "--max-points", "299", "-o", "/dev/null"]);
    assert_bad_input(&o, &["long.inkplay.json", "--max-points"]);
    let o = inkplay(&[
        "info",
        &f,
        "--max-stroke-points",
        "300",
        "--max-points",
        "300",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = inkplay(&["info", "synthetic:50", "--max-strokes", "49"]);
    assert_bad_input(&o, &["synthetic:50", "--max-strokes"]);
    let o = inkplay(&["convert", &f, "--max-file-mb", "0", "-o", "/dev/null"]);
    assert_bad_input(&o, &["--max-file-mb"]);
}

#[test]
fn failed_output_keeps_existing_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("keep.inkplay.json");
    std::fs::write(&out, "precious").expect("write");
    let o = inkplay(&[
        "convert",
        "/no/such.ndjson",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "precious");
    let o = inkplay(&["render", "-o", dir.path().to_str().expect("utf8")]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "writing onto a directory is an output failure: {}",
        stderr(&o)
    );
}
