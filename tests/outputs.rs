//! Outputs that cannot be half-written: `render`, `convert` and `export` in every format killed
//! with SIGKILL at many moments never leave a partial file under the output name nor damage the
//! old one, and writing to a full disk (a small tmpfs) is a clear error that leaves nothing behind.
//! (`tests/export.rs` also interrupts exports with SIGINT.)
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::time::Duration;

/// Whether bytes are a complete output.
type Check = dyn Fn(&[u8]) -> bool;

fn inkplay_child(args: &[&str]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_inkplay"))
        .args(args)
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The output holds either the old bytes or a complete new output (`valid`), never anything else.
fn intact(path: &Path, old: &[u8], valid: &Check, when: &str) {
    let now = std::fs::read(path).unwrap();
    assert!(
        now == old || valid(&now),
        "{when}: {} is neither the old file nor a complete output ({} bytes)",
        path.display(),
        now.len()
    );
}

#[test]
fn render_and_convert_killed_at_any_moment_never_damage_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("shot.png");
    let json = dir.path().join("drawing.inkplay.json");
    let old: &[u8] = b"the user's old file";
    let is_png = |b: &[u8]| {
        let d = png::Decoder::new(std::io::Cursor::new(b.to_vec()));
        d.read_info()
            .and_then(|mut r| {
                let mut buf = vec![0; r.output_buffer_size().unwrap_or(0)];
                r.next_frame(&mut buf).map(|_| ())
            })
            .is_ok()
    };
    let is_json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).is_ok();
    let jobs: [(&Path, Vec<&str>, &Check); 2] = [
        (
            &png,
            vec![
                "render",
                "synthetic:3000",
                "--at",
                "end",
                "--size",
                "1600x1200",
                "-o",
            ],
            &is_png,
        ),
        (&json, vec!["convert", "synthetic:60000", "-o"], &is_json),
    ];
    for (out, args, valid) in jobs {
        std::fs::write(out, old).unwrap();
        let mut args = args.clone();
        args.push(out.to_str().unwrap());
        // Moments from start-up to the write itself.
        for ms in [5, 20, 50, 90, 140, 200, 280, 380, 500, 650, 850, 1100] {
            let mut child = inkplay_child(&args);
            std::thread::sleep(Duration::from_millis(ms));
            let _ = child.kill();
            let _ = child.wait();
            intact(
                out,
                old,
                valid,
                &format!("{} killed after {ms} ms", args[0]),
            );
        }
        // Left alone, it writes a complete output.
        let o = inkplay_child(&args).wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(valid(&std::fs::read(out).unwrap()));
    }
}

/// Whether bytes are a whole GIF (every frame decodes).
fn is_gif(b: &[u8]) -> bool {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let Ok(mut d) = opts.read_info(std::io::Cursor::new(b)) else {
        return false;
    };
    let mut frames = 0;
    loop {
        match d.read_next_frame() {
            Ok(Some(_)) => frames += 1,
            Ok(None) => return frames > 0,
            Err(_) => return false,
        }
    }
}

/// Whether bytes are a whole APNG (every frame decodes).
fn is_apng(b: &[u8]) -> bool {
    let Ok(mut r) = png::Decoder::new(std::io::Cursor::new(b.to_vec())).read_info() else {
        return false;
    };
    let frames = r.info().animation_control().map_or(1, |a| a.num_frames);
    let mut buf = vec![0; r.output_buffer_size().unwrap_or(0)];
    (0..frames).all(|_| r.next_frame(&mut buf).is_ok())
}

/// Whether ffprobe reads a whole video (every frame decodes, no error).
fn is_video(path: &Path) -> bool {
    std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-count_frames",
            "-show_entries",
            "stream=nb_read_frames",
        ])
        .arg(path)
        .output()
        .is_ok_and(|o| o.status.success() && o.stderr.is_empty() && !o.stdout.is_empty())
}

#[test]
fn exports_killed_at_any_moment_never_damage_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let old: &[u8] = b"the user's old file";
    let video = std::process::Command::new("ffprobe")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        video || std::env::var_os("CI").is_none(),
        "CI installs ffmpeg (scripts/setup.sh)"
    );
    let mut formats = vec!["gif", "apng"];
    if video {
        formats.extend(["webm", "mp4"]);
    }
    for format in formats {
        let out = dir.path().join(format!("replay.{format}"));
        let args = [
            "export",
            "synthetic:500",
            "--format",
            format,
            "--duration",
            "3",
            "--fps",
            "20",
            "--size",
            "320x240",
            "--no-progress",
            "-o",
            out.to_str().unwrap(),
        ];
        std::fs::write(&out, old).unwrap();
        let valid = |p: &Path| {
            let b = std::fs::read(p).unwrap();
            match format {
                "gif" => is_gif(&b),
                "apng" => is_apng(&b),
                _ => is_video(p),
            }
        };
        for ms in [5, 30, 70, 120, 180, 250, 350, 500, 700, 950] {
            let mut child = inkplay_child(&args);
            std::thread::sleep(Duration::from_millis(ms));
            let _ = child.kill();
            let _ = child.wait();
            let now = std::fs::read(&out).unwrap();
            assert!(
                now == old || valid(&out),
                "{format} killed after {ms} ms: neither the old file nor a complete export"
            );
        }
        let o = inkplay_child(&args).wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(valid(&out), "{format}: a complete export");
    }
    // SIGKILL leaves temporary files (nothing can clean up), but never under the output names.
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name.starts_with("replay.") || name.contains(".tmp") || name.starts_with('.'),
            "{name}"
        );
    }
}

/// A tmpfs of 64 KiB mounted on a fresh directory (root only); `None` where it cannot be mounted.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Self(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_leaves_nothing_behind() {
    let Some(disk) = SmallDisk::mount() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root and must be able to mount a small tmpfs"
        );
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let dir = disk.0.path();
    let old = dir.join("old.png");
    std::fs::write(&old, b"kept").unwrap();
    for (args, out) in [
        (
            vec![
                "render",
                "synthetic:2000",
                "--at",
                "end",
                "--size",
                "1024x1024",
            ],
            "big.png",
        ),
        (vec!["convert", "synthetic:2000"], "big.inkplay.json"),
        (
            vec![
                "export",
                "synthetic:300",
                "--fps",
                "10",
                "--size",
                "640x480",
                "--no-progress",
            ],
            "big.gif",
        ),
    ] {
        let path = dir.join(out);
        let mut args = args.clone();
        args.extend(["-o", path.to_str().unwrap()]);
        let o = inkplay_child(&args).wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{out}: {err}");
        assert!(
            err.contains(out) && err.contains("No space left on device"),
            "{out}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        // Nothing under the output name, no temporary file, the old file kept.
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["old.png".to_string()], "{out}");
        assert_eq!(std::fs::read(&old).unwrap(), b"kept");
    }
}
