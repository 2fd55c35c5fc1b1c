//! Hostile and unusual input through the binary: every class ends within a time bound and under a
//! memory limit with a clear error (exit 2, naming the file and the place) or a drawing (a stroke of
//! ten million points, two million strokes, an ndjson line of 100 MB among them; small files
//! whose elements each ask for much: an SVG `<image>` of a FIFO, a million dashes, InkML
//! traces sharing a huge format, nested contexts); and the
//! shapes real files take that inkplay reads: perfect-freehand's own input (a bare list of points
//! or of strokes) and Quick, Draw!'s binary `.bin` (written here from the corpus's simplified cat
//! drawings with the dataset's published layout, since no `.bin` sample is in the corpus).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::corpus;

/// Seconds an import may take, and the address space it may use (KiB).
const TIME_LIMIT: Duration = Duration::from_secs(30);
const MEMORY_LIMIT_KIB: u64 = 4 << 20;

/// `inkplay ARGS` under the memory limit, killed if it runs twice the time limit; its output and
/// how long it took.
fn limited(args: &[&str]) -> (std::process::Output, Duration) {
    let start = Instant::now();
    let kill_after = 2 * TIME_LIMIT.as_secs();
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB}; exec timeout -s KILL {kill_after} \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_inkplay"))
        .args(args)
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .output()
        .unwrap();
    (o, start.elapsed())
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `inkplay info FILE` fails with exit 2 and a message holding `says`, in time.
fn refused(path: &Path, says: &str) {
    let (o, took) = limited(&["info", path.to_str().unwrap()]);
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(took < TIME_LIMIT, "{name}: {took:?}");
    assert_eq!(o.status.code(), Some(2), "{name}: {}", err(&o));
    let e = err(&o);
    assert!(e.contains(&*name) && e.contains(says), "{name}: {e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn hostile_files_end_in_time_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    refused(
        &file("huge.json", b"[[1e30, 1e30], [-1e30, 2e30]]"),
        "[0]: a value is out of range",
    );
    refused(
        &file(
            "nan.ndjson",
            b"{\"word\":\"x\",\"drawing\":[[[NaN,1],[2,3]]]}\n",
        ),
        "line 1, column 26",
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    refused(
        &file("deep.json", deep.as_bytes()),
        "recursion limit exceeded",
    );
    // The billion-laughs entity bomb, in both XML formats.
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str("]>\n");
    let inkml =
        format!("{bomb}<ink xmlns=\"http://www.w3.org/2003/InkML\"><trace>&lol9;</trace></ink>");
    refused(&file("bomb.inkml", inkml.as_bytes()), "not well-formed XML");
    let svg = format!("{bomb}<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lol9;</text></svg>");
    refused(&file("bomb.svg", svg.as_bytes()), "not well-formed XML");
    // Files that are all NaN, in the text formats that read numbers as words.
    refused(
        &file(
            "nan.inkml",
            b"<ink xmlns=\"http://www.w3.org/2003/InkML\"><trace>NaN NaN, nan nan</trace></ink>",
        ),
        "line 1, trace 1, point 1",
    );
    refused(
        &file(
            "nan.svc",
            b"2\nNaN NaN NaN 1 NaN NaN NaN\nNaN NaN NaN 1 NaN NaN NaN\n",
        ),
        "line 2: x NaN is not a usable number",
    );
    refused(
        &file(
            "nan.gml",
            b"<gml><tag><drawing><stroke><pt><x>NaN</x><y>NaN</y><t>NaN</t></pt></stroke>\
              </drawing></tag></gml>",
        ),
        "stroke 0, pt 0: <x> \"NaN\" is not a usable number",
    );
    refused(
        &file("cut.ndjson", b"{\"word\":\"caf\xc3"),
        "not valid UTF-8 text",
    );
    // Compressed files and archives handed in by mistake.
    refused(
        &file("cat.ndjson.gz", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0]),
        "gzip-compressed",
    );
    refused(&file("drawings.zip", b"PK\x03\x04rest"), "a zip archive");
    refused(
        &file("sketches.npz", b"PK\x03\x04rest"),
        "not a readable zip archive",
    );
    refused(
        &file("cut.bin", &[1, 2, 3]),
        "byte 0: drawing 0: its header",
    );
}

#[test]
fn unusual_values_still_draw() {
    let dir = tempfile::tempdir().unwrap();
    // Denormal coordinates, a page and ink of zero area, and an SVG path of NaN (SVG draws a
    // path up to its first error: here nothing).
    for (name, text) in [
        (
            "nan.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M NaN NaN L NaN NaN\" stroke=\"red\"/></svg>",
        ),
        (
            "tiny.json",
            "[[5e-324, 1e-310], [2e-320, 4e-315], [1e-308, 0]]",
        ),
        (
            "flat.inkplay.json",
            "{\"format\":\"inkplay\",\"version\":1,\"canvas\":[0,0,0,0],\
             \"strokes\":[{\"points\":[[1,1,0,0.5],[1,1,10,0.5]]}]}",
        ),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let out = dir.path().join(format!("{name}.png"));
        let (o, took) = limited(&[
            "render",
            p.to_str().unwrap(),
            "--at",
            "end",
            "--size",
            "64x64",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(took < TIME_LIMIT);
        assert!(o.status.success(), "{name}: {}", err(&o));
        assert!(out.exists());
    }
}

#[test]
fn perfect_freehand_input_and_quickdraw_binary_import_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let points = dir.path().join("pen.json");
    std::fs::write(
        &points,
        "[[0, 0, 0.2], [40, 10, 0.5], [80, 40, 0.8], [120, 90, 0.6]]",
    )
    .unwrap();
    let strokes = dir.path().join("two.json");
    std::fs::write(
        &strokes,
        r#"[[{"x": 0, "y": 0}, {"x": 50, "y": 50}], [[50, 0], [0, 50]]]"#,
    )
    .unwrap();
    for (p, n) in [(&points, "1"), (&strokes, "2")] {
        let (o, _) = limited(&["info", p.to_str().unwrap(), "--json"]);
        assert!(o.status.success(), "{}", err(&o));
        let info: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(info["format"], "perfect-freehand-json", "{info}");
        assert_eq!(info["strokes"].to_string(), n, "{info}");
    }

    let Some(corpus) = corpus() else {
        return;
    };
    // The corpus's simplified cats packed as the dataset's .bin files are.
    let text = std::fs::read_to_string(corpus.join("quickdraw/simplified/cat.ndjson")).unwrap();
    let mut bin = Vec::new();
    let mut counts = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        let key: u64 = d["key_id"].as_str().unwrap().parse().unwrap();
        let drawing = d["drawing"].as_array().unwrap();
        bin.extend_from_slice(&key.to_le_bytes());
        bin.extend_from_slice(b"US");
        bin.push(1);
        bin.extend_from_slice(&1_490_000_000u32.to_le_bytes());
        bin.extend_from_slice(&(drawing.len() as u16).to_le_bytes());
        for s in drawing {
            let xy = s.as_array().unwrap();
            let n = xy[0].as_array().unwrap().len();
            bin.extend_from_slice(&(n as u16).to_le_bytes());
            for axis in &xy[..2] {
                bin.extend(
                    axis.as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_u64().unwrap() as u8),
                );
            }
        }
        counts.push(drawing.len());
    }
    let path = dir.path().join("cat.bin");
    std::fs::write(&path, &bin).unwrap();
    let spec = format!("{}#2", path.display());
    let (o, _) = limited(&["info", &spec, "--json"]);
    assert!(o.status.success(), "{}", err(&o));
    let info: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(info["format"], "quickdraw-binary");
    assert_eq!(info["strokes"].as_u64().unwrap() as usize, counts[2]);
    assert_eq!(info["drawings"].as_u64().unwrap() as usize, counts.len());
    // It renders like the same drawing from the ndjson file.
    let nd = format!(
        "{}#2",
        corpus.join("quickdraw/simplified/cat.ndjson").display()
    );
    assert_eq!(
        common::pixels_differing_at_end(&spec, &nd, dir.path()),
        0,
        "the same pixels"
    );
}

/// `inkplay info --json ARGS`, which must succeed in time; its report.
fn info_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["info", "--json"];
    all.extend_from_slice(args);
    let (o, took) = limited(&all);
    assert!(took < TIME_LIMIT, "{args:?}: {took:?}");
    assert!(o.status.success(), "{args:?}: {}", err(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn huge_strokes_many_strokes_and_long_lines_stay_bounded() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, fill: &dyn Fn(&mut dyn Write)| {
        let p = dir.path().join(name);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        fill(&mut f);
        f.flush().unwrap();
        p
    };
    // One stroke of 10 million points: refused by the per-stroke limit, naming the flag that
    // raises it; raised, it loads.
    let ten_m = write("ten-million.ndjson", &|f| {
        f.write_all(b"{\"word\":\"line\",\"drawing\":[[").unwrap();
        for axis in 0..2 {
            f.write_all(if axis == 0 { b"[" } else { b",[" }).unwrap();
            for i in 0..10_000_000u32 {
                let sep = if i == 0 { "" } else { "," };
                write!(f, "{sep}{}", (i * (axis + 7)) % 1000).unwrap();
            }
            f.write_all(b"]").unwrap();
        }
        f.write_all(b"]]}\n").unwrap();
    });
    refused(
        &ten_m,
        "exceeds the limit of 5000000 (raise it with --max-stroke-points)",
    );
    let p = ten_m.to_str().unwrap();
    let info = info_json(&[p, "--max-stroke-points", "10000000"]);
    assert_eq!(info["points"], 10_000_000, "{info}");

    // Two million strokes of one point each.
    let two_m = write("two-million.ndjson", &|f| {
        f.write_all(b"{\"word\":\"dots\",\"drawing\":[").unwrap();
        for i in 0..2_000_000u32 {
            let sep = if i == 0 { "" } else { "," };
            write!(f, "{sep}[[{}],[{}]]", i % 1000, i % 997).unwrap();
        }
        f.write_all(b"]}\n").unwrap();
    });
    let info = info_json(&[two_m.to_str().unwrap()]);
    assert_eq!(info["strokes"], 2_000_000, "{info}");
    // Past the stroke limit it is refused, naming the flag.
    let (o, _) = limited(&["info", two_m.to_str().unwrap(), "--max-strokes", "1000000"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--max-strokes"), "{}", err(&o));

    // An ndjson line of 100 MB: whole, it loads; cut short, the error names its line and column.
    let long = "a".repeat(100_000_000);
    let line = write("long-line.ndjson", &|f| {
        writeln!(f, "{{\"word\":\"{long}\",\"drawing\":[[[1,2],[3,4]]]}}").unwrap();
    });
    let info = info_json(&[line.to_str().unwrap()]);
    assert_eq!(info["strokes"], 1, "{info}");
    let cut = write("cut-line.ndjson", &|f| {
        write!(f, "{{\"word\":\"{long}").unwrap();
    });
    refused(&cut, "line 1, column 100000009");
}

/// Small files that ask for much: each element or opcode is cheap, but a naive reader repeats
/// work or copies per element. Each loads in time and under the memory limit.
#[test]
fn small_files_that_ask_for_much_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let ink = |body: &str| format!("<ink xmlns=\"http://www.w3.org/2003/InkML\">{body}</ink>");
    // An <image> naming a FIFO nobody writes to (opening it blocks for ever; `/dev/zero` would
    // fill memory): images are not drawn, so none is read.
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success());
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\
         <image href=\"{}\" width=\"1\" height=\"1\"/><path d=\"M0 0L5 5\" stroke=\"#000\"/></svg>",
        fifo.display()
    );
    let info = info_json(&[file("image.svg", &svg).to_str().unwrap()]);
    assert_eq!(info["strokes"], 1, "{info}");
    // A dashed line of a million dashes: a million sub-paths, counted in linear time.
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000000\" height=\"10\">\
               <path d=\"M0 5H999999\" stroke=\"#000\" stroke-dasharray=\".5 .5\"/></svg>";
    let info = info_json(&[file("dashes.svg", svg).to_str().unwrap()]);
    assert!(info["points"].as_u64().unwrap() > 1_000_000, "{info}");
    // A trace format with a 1 MB channel name, used by 20,000 traces (a copy each was 20 GB).
    let name = "A".repeat(1 << 20);
    let body = format!(
        "<traceFormat><channel name=\"{name}\"/><channel name=\"X\"/><channel name=\"Y\"/>\
         </traceFormat>{}",
        "<trace>0 1 2</trace>".repeat(20_000)
    );
    let info = info_json(&[file("channels.inkml", &ink(&body)).to_str().unwrap()]);
    assert_eq!(info["strokes"], 20_000, "{info}");
    // 500,000 traces starting at the same moment (each looked for the next start among all).
    let body = "<trace timeOffset=\"0\">1 2</trace>".repeat(500_000);
    let info = info_json(&[file("offsets.inkml", &ink(&body)).to_str().unwrap()]);
    assert_eq!(info["strokes"], 500_000, "{info}");
    // 200,000 nested contexts (each searched all of its descendants).
    let body = format!(
        "{}{}<trace>1 2</trace>",
        "<context>".repeat(200_000),
        "</context>".repeat(200_000)
    );
    let info = info_json(&[file("contexts.inkml", &ink(&body)).to_str().unwrap()]);
    assert_eq!(info["strokes"], 1, "{info}");
}
