//! sketch-rnn's stroke-3 `.npz` datasets through the binary. The fixtures
//! (`tests/data/sketch-rnn/`, written by `scripts/sketch-rnn-fixtures.py` from the corpus's 25
//! simplified Quick, Draw! cats, Google LLC, CC BY 4.0) hold the same drawings as NumPy on
//! Python 3 writes them (stored, compressed, and pickled with protocol 2) and as Python 2's NumPy
//! wrote sketch-rnn's published files. No published `.npz` is in the corpus.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{corpus, inkplay};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sketch-rnn");
    [
        "cat-py3.npz",
        "cat-py3-compressed.npz",
        "cat-py3-protocol2.npz",
        "cat-py2.npz",
    ]
    .iter()
    .map(|n| dir.join(n))
    .collect()
}

fn info(spec: &str) -> serde_json::Value {
    let o = inkplay(&["info", spec, "--json"]);
    assert!(
        o.status.success(),
        "{spec}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn every_way_numpy_writes_them_imports_the_same_drawings() {
    // train 0..20, valid 20..23, test 23..25, numbered across the arrays.
    for f in fixtures() {
        for (n, name) in [
            (0, "train 0"),
            (19, "train 19"),
            (20, "valid 0"),
            (24, "test 1"),
        ] {
            let i = info(&format!("{}#{n}", f.display()));
            assert_eq!(i["format"], "sketch-rnn", "{}", f.display());
            assert_eq!(i["drawings"], 25);
            let stem = f.file_stem().unwrap().to_string_lossy();
            assert_eq!(i["name"], format!("{stem} {name}"));
        }
        let o = inkplay(&["info", &format!("{}#25", f.display())]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("holds 25 drawing(s)"));
    }
}

#[test]
fn a_drawing_renders_as_the_simplified_ndjson_it_came_from() {
    let Some(corpus) = corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let nd = corpus.join("quickdraw/simplified/cat.ndjson");
    for n in [3, 21] {
        let spec = format!("{}#{n}", nd.display());
        let nd_info = info(&spec);
        for f in fixtures() {
            let npz = format!("{}#{n}", f.display());
            let npz_info = info(&npz);
            assert_eq!(npz_info["strokes"], nd_info["strokes"]);
            assert_eq!(npz_info["points"], nd_info["points"]);
            assert_eq!(
                common::pixels_differing_at_end(&npz, &spec, dir.path()),
                0,
                "{npz}: the same pixels"
            );
        }
    }
}

#[test]
fn renamed_cut_and_hostile_archives() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(&fixtures()[0]).unwrap();
    // Renamed: still an archive of .npy arrays.
    let renamed = dir.path().join("cats.zip");
    std::fs::write(&renamed, &good).unwrap();
    assert_eq!(info(renamed.to_str().unwrap())["format"], "sketch-rnn");
    let refused = |name: &str, bytes: &[u8], says: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = inkplay(&["info", p.to_str().unwrap()]);
        let e = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{name}: {e}");
        assert!(e.contains(name) && e.contains(says), "{name}: {e}");
        assert!(!e.contains("panicked"), "{e}");
    };
    refused("cut.npz", &good[..good.len() / 2], "archive");
    // A pickle that claims more bytes than it has, inside a valid archive.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let header = "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }\n";
    let mut npy = b"\x93NUMPY\x01\x00".to_vec();
    npy.extend_from_slice(&(header.len() as u16).to_le_bytes());
    npy.extend_from_slice(header.as_bytes());
    npy.extend_from_slice(b"\x80\x02T\xff\xff\xff\x7fabc");
    zip.start_file("train.npy", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, &npy).unwrap();
    let bomb = zip.finish().unwrap().into_inner();
    refused(
        "liar.npz",
        &bomb,
        "train.npy: byte 7: the pickle ends early",
    );
    // An archive of something else.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    let other = zip.finish().unwrap().into_inner();
    refused("other.npz", &other, "without stroke-3 drawings");
    refused("other.zip", &other, "a zip archive, not a drawing");
}
