//! A byte-budgeted LRU cache of tessellated stroke meshes, with the counters the UI and bench show.

use std::sync::Arc;

use lru::LruCache;

use super::CpuMesh;

/// What identifies a tessellation: which drawing, which stroke, at which tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MeshKey {
    /// An id for the drawing (any value unique among the drawings sharing the cache).
    pub drawing: u64,
    /// Stroke index.
    pub stroke: u32,
    /// `f32::to_bits` of the tolerance.
    pub tolerance_bits: u32,
}

/// Counters shown in the memory panel and the bench report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CacheStats {
    /// Meshes held.
    pub entries: usize,
    /// Bytes held (vertices + indices).
    pub bytes: usize,
    /// Lookups that found a mesh.
    pub hits: u64,
    /// Lookups that did not.
    pub misses: u64,
    /// Meshes dropped to stay within the budget.
    pub evictions: u64,
}

/// LRU mesh cache bounded by bytes, not entries.
#[derive(Debug)]
pub struct MeshCache {
    map: LruCache<MeshKey, Arc<CpuMesh>>,
    budget_bytes: usize,
    stats: CacheStats,
}

impl MeshCache {
    /// A cache that holds at most `budget_bytes` of meshes (a mesh larger than the budget is
    /// returned but not kept).
    pub fn new(budget_bytes: usize) -> Self {
        Self {
            map: LruCache::unbounded(),
            budget_bytes,
            stats: CacheStats::default(),
        }
    }

    /// The counters.
    pub fn stats(&self) -> CacheStats {
        self.stats
    }

    /// The byte budget.
    pub fn budget_bytes(&self) -> usize {
        self.budget_bytes
    }

    /// Look a mesh up (counts a hit or a miss, refreshes its recency).
    pub fn get(&mut self, key: &MeshKey) -> Option<Arc<CpuMesh>> {
        match self.map.get(key) {
            Some(m) => {
                self.stats.hits += 1;
                Some(Arc::clone(m))
            }
            None => {
                self.stats.misses += 1;
                None
            }
        }
    }

    /// Insert a mesh, evicting the least recently used ones beyond the budget.
    pub fn insert(&mut self, key: MeshKey, mesh: Arc<CpuMesh>) {
        let size = mesh.byte_size();
        if size > self.budget_bytes {
            return;
        }
        if let Some(old) = self.map.put(key, mesh) {
            self.stats.bytes -= old.byte_size();
        }
        self.stats.bytes += size;
        self.evict_to_budget();
    }

    fn evict_to_budget(&mut self) {
        while self.stats.bytes > self.budget_bytes {
            match self.map.pop_lru() {
                Some((_, m)) => {
                    self.stats.bytes -= m.byte_size();
                    self.stats.evictions += 1;
                }
                None => break,
            }
        }
        self.stats.entries = self.map.len();
    }

    /// Drop everything (counters other than entries/bytes are kept).
    pub fn clear(&mut self) {
        self.map.clear();
        self.stats.entries = 0;
        self.stats.bytes = 0;
    }

    /// Drop every mesh of one drawing (counters other than entries/bytes are kept).
    pub fn forget_drawing(&mut self, drawing: u64) {
        let keys: Vec<MeshKey> = self
            .map
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| k.drawing == drawing)
            .collect();
        for k in keys {
            if let Some(m) = self.map.pop(&k) {
                self.stats.bytes -= m.byte_size();
            }
        }
        self.stats.entries = self.map.len();
    }

    /// Change the budget, evicting as needed.
    pub fn set_budget(&mut self, budget_bytes: usize) {
        self.budget_bytes = budget_bytes;
        self.evict_to_budget();
    }
}

impl Default for MeshCache {
    fn default() -> Self {
        Self::new(64 << 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tess::StrokeVertex;
    use bytemuck::Zeroable;

    fn mesh(verts: usize) -> Arc<CpuMesh> {
        Arc::new(CpuMesh {
            vertices: vec![StrokeVertex::zeroed(); verts],
            indices: vec![0; verts],
        })
    }

    fn key(s: u32) -> MeshKey {
        MeshKey {
            drawing: 1,
            stroke: s,
            tolerance_bits: 0,
        }
    }

    #[test]
    fn counts_hits_misses_and_evicts_least_recent_within_budget() {
        let one = mesh(10).byte_size();
        let mut c = MeshCache::new(one * 2);
        c.insert(key(0), mesh(10));
        c.insert(key(1), mesh(10));
        assert!(c.get(&key(0)).is_some()); // 0 is now most recent
        c.insert(key(2), mesh(10)); // evicts 1
        assert!(c.get(&key(1)).is_none());
        assert!(c.get(&key(2)).is_some());
        let s = c.stats();
        assert_eq!(
            (s.entries, s.bytes, s.hits, s.misses, s.evictions),
            (2, one * 2, 2, 1, 1)
        );
        c.insert(key(9), mesh(1000)); // larger than the budget: not kept
        assert_eq!(c.stats().entries, 2);
    }

    #[test]
    fn forgetting_a_drawing_keeps_the_others() {
        let mut c = MeshCache::default();
        c.insert(key(0), mesh(10));
        c.insert(key(1), mesh(10));
        let other = MeshKey {
            drawing: 2,
            ..key(0)
        };
        c.insert(other, mesh(10));
        c.forget_drawing(1);
        assert_eq!(c.stats().entries, 1);
        assert_eq!(c.stats().bytes, mesh(10).byte_size());
        assert!(c.get(&other).is_some() && c.get(&key(0)).is_none());
    }
}
