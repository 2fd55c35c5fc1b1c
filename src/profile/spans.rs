//! The scopes of puffin frames as flat spans: thread, name, start, duration, depth.

use puffin::{FrameData, Reader, ScopeCollection, Stream};

/// Scopes nested deeper than this are not walked (a malformed capture cannot recurse forever).
const MAX_DEPTH: u32 = 64;

/// One scope of a puffin frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The thread (lane) it ran on.
    pub thread: String,
    /// The scope's name (`?` when the capture does not name it).
    pub name: String,
    /// Its dynamic data (a file name, a count), often empty.
    pub data: String,
    /// Start, ns on puffin's clock.
    pub start_ns: i64,
    /// Duration, ns.
    pub duration_ns: i64,
    /// 0 for a top-level scope.
    pub depth: u32,
}

/// Every scope of `frame`, each thread's in stream order (parents before their children).
pub fn spans(frame: &FrameData, names: &ScopeCollection) -> Result<Vec<Span>, String> {
    let unpacked = frame
        .unpacked()
        .map_err(|e| format!("frame {}: {e}", frame.frame_index()))?;
    let mut out = Vec::new();
    for (thread, info) in &unpacked.thread_streams {
        walk(&info.stream, 0, 0, &thread.name, names, &mut out).map_err(|e| {
            format!(
                "frame {}, thread {}: {e:?}",
                frame.frame_index(),
                thread.name
            )
        })?;
    }
    Ok(out)
}

fn walk(
    stream: &Stream,
    offset: u64,
    depth: u32,
    thread: &str,
    names: &ScopeCollection,
    out: &mut Vec<Span>,
) -> puffin::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for scope in Reader::with_offset(stream, offset)? {
        let scope = scope?;
        let name = names
            .fetch_by_id(&scope.id)
            .map_or_else(|| "?".to_string(), |d| d.name().to_string());
        out.push(Span {
            thread: thread.to_string(),
            name,
            data: scope.record.data.to_string(),
            start_ns: scope.record.start_ns,
            duration_ns: scope.record.duration_ns,
            depth,
        });
        if scope.child_end_position > scope.child_begin_position {
            walk(
                stream,
                scope.child_begin_position,
                depth + 1,
                thread,
                names,
                out,
            )?;
        }
    }
    Ok(())
}
