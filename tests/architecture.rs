//! The shape of the library, checked from its sources: no file over the size limit, no import
//! cycles between files, and a governor that only sees numbers.
//!
//! A file *depends on* another when it names an item the other defines: through `use` paths and
//! `crate::`/`super::` paths, with re-exports (`pub use`) followed to where the item is defined.
//! Unit tests (a trailing `#[cfg(test)]` module, `*tests.rs` files) and the binary are not the
//! library's shape and are left out.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

/// Lines a source file may have without its unit tests ("about 500").
const MAX_LINES: usize = 520;

/// One library file: its module path and its text without tests and comments.
struct SourceFile {
    rel: String,
    module: Vec<String>,
    code: String,
}

fn library_files() -> Vec<SourceFile> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    stack.push(path);
                }
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if !rel.ends_with(".rs") || rel.ends_with("tests.rs") {
                continue;
            }
            let mut module: Vec<String> = rel
                .trim_end_matches(".rs")
                .split('/')
                .map(String::from)
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.push(SourceFile {
                rel,
                module,
                code: without_tests_and_comments(&text),
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// The text before a trailing `#[cfg(test)]` module, without `//` comments.
fn without_tests_and_comments(text: &str) -> String {
    let code = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    code.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e as f}}` → `a::b`, `a::c::d`, `a::c::e` (aliases dropped).
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").trim();
        return vec![path.to_string()];
    };
    let prefix = tree[..open].trim().trim_end_matches("::");
    let inner = tree[open + 1..].trim_end().trim_end_matches('}');
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            expand_use(p).into_iter().map(move |s| {
                if s == "self" {
                    prefix.to_string()
                } else {
                    format!("{prefix}::{s}")
                }
            })
        })
        .collect()
}

struct Library {
    files: Vec<SourceFile>,
    by_module: BTreeMap<Vec<String>, usize>,
    /// Items each file defines.
    defines: Vec<BTreeSet<String>>,
    /// Items each file re-exports: name → absolute path.
    reexports: Vec<BTreeMap<String, Vec<String>>>,
}

impl Library {
    fn load() -> Self {
        let files = library_files();
        let by_module = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        let item = Regex::new(
            r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+fn|unsafe\s+fn|async\s+fn|fn|struct|enum|trait|type|const|static|union)\s+([A-Za-z_][A-Za-z0-9_]*)",
        )
        .unwrap();
        let macro_def = Regex::new(r"macro_rules!\s*([A-Za-z_][A-Za-z0-9_]*)").unwrap();
        let pub_use = Regex::new(r"(?ms)^\s*pub(?:\([^)]*\))?\s+use\s+([^;]+);").unwrap();
        let mut lib = Library {
            defines: Vec::new(),
            reexports: Vec::new(),
            files,
            by_module,
        };
        for i in 0..lib.files.len() {
            let code = &lib.files[i].code;
            let mut defs: BTreeSet<String> =
                item.captures_iter(code).map(|c| c[1].into()).collect();
            defs.extend(macro_def.captures_iter(code).map(|c| c[1].to_string()));
            let mut re = BTreeMap::new();
            for c in pub_use.captures_iter(code) {
                for p in expand_use(&c[1]) {
                    let abs = lib.absolute(i, &p);
                    if let Some(name) = abs.last() {
                        re.insert(name.clone(), abs);
                    }
                }
            }
            lib.defines.push(defs);
            lib.reexports.push(re);
        }
        lib
    }

    /// A path as written in file `i`, made absolute (crate-relative segments).
    fn absolute(&self, i: usize, path: &str) -> Vec<String> {
        let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        // `self` is the file's module; `super` its parent, whether the file is `a/b.rs` or
        // `a/b/mod.rs`.
        let mut base = self.files[i].module.clone();
        let mut k = 0;
        match segs.first() {
            Some(&"crate") => {
                base.clear();
                k = 1;
            }
            Some(&"super") => {
                while segs.get(k) == Some(&"super") {
                    base.pop();
                    k += 1;
                }
            }
            Some(&"self") => k = 1,
            // A child module of this one, or an item in scope: relative to the module.
            _ => {}
        }
        base.extend(segs[k..].iter().map(|s| s.to_string()));
        base
    }

    /// The file that defines what `path` names (following re-exports), if it is in the library.
    fn resolve(&self, path: &[String], depth: usize) -> Option<usize> {
        if depth > 8 {
            return None;
        }
        let (file, rest) = (0..=path.len())
            .rev()
            .find_map(|k| self.by_module.get(&path[..k]).map(|&f| (f, &path[k..])))?;
        let Some(name) = rest.first() else {
            return Some(file); // the module itself
        };
        if self.defines[file].contains(name) {
            return Some(file);
        }
        if let Some(target) = self.reexports[file].get(name) {
            let mut target = target.clone();
            target.extend(rest[1..].iter().cloned());
            return self.resolve(&target, depth + 1).or(Some(file));
        }
        Some(file)
    }

    /// The files each file depends on (see the module docs).
    fn dependencies(&self) -> Vec<BTreeSet<usize>> {
        let uses = Regex::new(r"(?ms)^\s*use\s+([^;]+);").unwrap();
        let pub_use = Regex::new(r"(?ms)^\s*pub(?:\([^)]*\))?\s+use\s+[^;]+;").unwrap();
        let inline = Regex::new(r"\b(?:crate|super)(?:::[A-Za-z_][A-Za-z0-9_]*)+").unwrap();
        (0..self.files.len())
            .map(|i| {
                // Re-exports are not uses: they only say where an item can be named.
                let code = pub_use.replace_all(&self.files[i].code, "");
                let mut paths: Vec<String> = uses
                    .captures_iter(&code)
                    .flat_map(|c| expand_use(&c[1]))
                    .collect();
                let without_uses = uses.replace_all(&code, "");
                paths.extend(
                    inline
                        .find_iter(&without_uses)
                        .map(|m| m.as_str().to_string()),
                );
                paths
                    .iter()
                    .filter(|p| {
                        let first = p.split("::").next().unwrap_or("");
                        matches!(first, "crate" | "super" | "self")
                            || self.by_module.contains_key(&self.absolute(i, first))
                    })
                    .filter_map(|p| self.resolve(&self.absolute(i, p), 0))
                    .filter(|&t| t != i)
                    .collect()
            })
            .collect()
    }
}

/// Strongly connected components with more than one file (Tarjan).
fn cycles(deps: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct T<'a> {
        deps: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on: Vec<bool>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(t: &mut T<'_>, v: usize) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on[v] = true;
        for &w in t.deps[v].iter() {
            match t.index[w] {
                None => {
                    visit(t, w);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(iw) if t.on[w] => t.low[v] = t.low[v].min(iw),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                t.out.push(comp);
            }
        }
    }
    let n = deps.len();
    let mut t = T {
        deps,
        index: vec![None; n],
        low: vec![0; n],
        stack: Vec::new(),
        on: vec![false; n],
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn no_import_cycles_between_files() {
    let lib = Library::load();
    let deps = lib.dependencies();
    let found: Vec<String> = cycles(&deps)
        .iter()
        .map(|comp| {
            let edges: Vec<String> = comp
                .iter()
                .flat_map(|&a| {
                    deps[a]
                        .iter()
                        .filter(|b| comp.contains(b))
                        .map(move |&b| (a, b))
                })
                .map(|(a, b)| format!("{} -> {}", lib.files[a].rel, lib.files[b].rel))
                .collect();
            edges.join(", ")
        })
        .collect();
    assert!(found.is_empty(), "import cycles: {found:#?}");
}

#[test]
fn the_checker_sees_a_cycle() {
    // The detector itself: two files that use each other's items form a cycle, a chain does not.
    let deps = vec![BTreeSet::from([1]), BTreeSet::from([0, 2]), BTreeSet::new()];
    assert_eq!(cycles(&deps).len(), 1);
    assert_eq!(
        expand_use("crate::gpu::{layer::{A, B as C}, self}"),
        ["crate::gpu::layer::A", "crate::gpu::layer::B", "crate::gpu"]
    );
}

#[test]
fn no_file_over_the_size_limit() {
    let long: Vec<String> = library_files()
        .into_iter()
        .chain(binary_files())
        .filter(|f| f.code.lines().count() > MAX_LINES)
        .map(|f| format!("{} ({} lines without tests)", f.rel, f.code.lines().count()))
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:#?}");
}

fn binary_files() -> Vec<SourceFile> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin/inkplay");
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push(SourceFile {
                    rel: path.to_string_lossy().into_owned(),
                    module: Vec::new(),
                    code: without_tests_and_comments(&text),
                });
            }
        }
    }
    out
}

#[test]
fn the_governor_only_sees_numbers() {
    let lib = Library::load();
    let deps = lib.dependencies();
    let outside = [
        "gpu", "stream", "tess", "replay", "import", "player", "bench", "headless",
    ];
    let mut found = Vec::new();
    for (i, f) in lib.files.iter().enumerate() {
        if f.module.first().map(String::as_str) != Some("governor") {
            continue;
        }
        for &d in &deps[i] {
            let m = &lib.files[d].module;
            if m.first().is_some_and(|top| outside.contains(&top.as_str())) {
                found.push(format!("{} -> {}", f.rel, lib.files[d].rel));
            }
        }
    }
    assert!(found.is_empty(), "the governor depends on: {found:#?}");
}
