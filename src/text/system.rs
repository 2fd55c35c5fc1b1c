//! Characters no bundled font has (CJK, and every script Excalidraw leaves to the system), from
//! the fonts installed on the machine, as a browser falls back to them: fontdb finds them (the
//! usual font folders and fontconfig's) the first time a character needs one, faces of the
//! usual CJK families first. Each character is looked up once; a face is mapped, not copied,
//! and kept for the process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use super::face::Face;

/// Families tried first, in order (substrings of a face's family name).
const PREFERRED: [&str; 12] = [
    "Noto Sans CJK",
    "Noto Sans SC",
    "Noto Sans JP",
    "Source Han Sans",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "PingFang",
    "Hiragino",
    "Microsoft YaHei",
    "Malgun Gothic",
    "Noto Sans",
];

/// The machine's fonts and what has been taken from them.
struct System {
    db: fontdb::Database,
    /// Faces in the order they are tried.
    order: Vec<fontdb::ID>,
    /// Faces loaded so far, as indices into [`LOADED`].
    loaded: HashMap<fontdb::ID, usize>,
    /// Each character looked up, and the loaded face that has it.
    by_char: HashMap<char, Option<usize>>,
}

static SYSTEM: OnceLock<Mutex<System>> = OnceLock::new();
static LOADED: RwLock<Vec<&'static Face>> = RwLock::new(Vec::new());

/// The most system faces taken (far more than any drawing needs).
const MAX_FACES: usize = 200;
/// The most characters looked for in the system's fonts (each search reads every face's
/// character map): a text of thousands of distinct characters no font has stops being
/// searched, rather than searching for minutes.
const MAX_SEARCHES: usize = 8192;

impl System {
    fn load() -> Self {
        let mut db = fontdb::Database::new();
        if std::env::var_os("INKPLAY_NO_SYSTEM_FONTS").is_none() {
            db.load_system_fonts();
        }
        let rank = |f: &fontdb::FaceInfo| {
            f.families
                .iter()
                .filter_map(|(name, _)| PREFERRED.iter().position(|p| name.contains(p)))
                .min()
                .unwrap_or(PREFERRED.len())
        };
        let mut faces: Vec<(usize, fontdb::ID)> = db.faces().map(|f| (rank(f), f.id)).collect();
        faces.sort_by_key(|&(r, _)| r);
        Self {
            order: faces.into_iter().map(|(_, id)| id).collect(),
            db,
            loaded: HashMap::new(),
            by_char: HashMap::new(),
        }
    }

    fn find(&mut self, c: char) -> Option<usize> {
        let id = self.order.iter().copied().find(|&id| {
            self.db
                .with_face_data(id, |data, index| {
                    rustybuzz::ttf_parser::Face::parse(data, index)
                        .ok()
                        .and_then(|f| f.glyph_index(c))
                        .is_some()
                })
                .unwrap_or(false)
        })?;
        if let Some(&k) = self.loaded.get(&id) {
            return Some(k);
        }
        let (data, index) = self.db.face_source(id).and_then(|(source, index)| {
            let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = match source {
                fontdb::Source::Binary(b) => b,
                fontdb::Source::SharedFile(_, b) => b,
                fontdb::Source::File(path) => Arc::new(std::fs::read(path).ok()?),
            };
            Some((shared, index))
        })?;
        let mut loaded = LOADED.write().ok()?;
        if loaded.len() >= MAX_FACES {
            return None;
        }
        // The face's bytes live as long as the process (a mapping or a copy of the file).
        let data: &'static Arc<dyn AsRef<[u8]> + Send + Sync> = Box::leak(Box::new(data));
        let bytes: &'static [u8] = (**data).as_ref();
        let shaper = rustybuzz::Face::from_slice(bytes, index)?;
        let units_per_em = shaper.units_per_em() as f32;
        loaded.push(Box::leak(Box::new(Face {
            shaper,
            units_per_em,
        })));
        let k = loaded.len() - 1;
        self.loaded.insert(id, k);
        Some(k)
    }
}

/// The system face (its index among those taken) that has `c`, if any.
pub(super) fn face_for(c: char) -> Option<usize> {
    let system = SYSTEM.get_or_init(|| Mutex::new(System::load()));
    let mut s = system.lock().ok()?;
    if let Some(hit) = s.by_char.get(&c) {
        return *hit;
    }
    if s.by_char.len() >= MAX_SEARCHES {
        return None;
    }
    let found = s.find(c);
    s.by_char.insert(c, found);
    found
}

/// A system face taken before.
pub(super) fn face(k: usize) -> Option<&'static Face> {
    LOADED.read().ok()?.get(k).copied()
}
