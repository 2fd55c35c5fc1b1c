//! Reading a tldraw document: the pages and shapes of v1 (`document.pages[].shapes`) and v2+
//! (`records`) files, reduced to what both versions share (see the [parent module](super)).

use std::path::Path;

use serde_json::Value;

use crate::import::{json_error, ImportError, Place};

/// A shape reduced to what both versions share.
pub(super) struct Shape {
    pub(super) id: String,
    pub(super) parent: String,
    /// Sort key within the parent.
    pub(super) order: (f64, String),
    pub(super) kind: String,
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) rotation: f64,
    /// v1 `style` or v2 `props` (colour, size, scale, fill).
    pub(super) style: Value,
    /// The raw shape, for kind-specific fields.
    pub(super) raw: Value,
    pub(super) v2: bool,
}

/// A page: its id, its name and its sort key (v1 `childIndex`, v2 fractional `index`).
pub(super) type Page = (String, String, (f64, String));

/// The pages and shapes of a document, in file order.
pub(super) fn read(path: &Path, text: &str) -> Result<(Vec<Page>, Vec<Shape>), ImportError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| json_error(path, 1, &e))?;
    let malformed = |field: String, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(field),
        message,
    };
    // (page id, page name, sort key)
    let mut pages: Vec<(String, String, (f64, String))> = Vec::new();
    let mut all: Vec<Shape> = Vec::new();
    if let Some(document) = doc.get("document").filter(|d| d.get("pages").is_some()) {
        let Some(page_map) = document.get("pages").and_then(Value::as_object) else {
            return Err(malformed(
                "document.pages".into(),
                "expected an object of pages".into(),
            ));
        };
        for (pid, page) in page_map {
            let name = str_field(page, "name").unwrap_or(pid).to_string();
            let ci = page
                .get("childIndex")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            pages.push((pid.clone(), name, (ci, pid.clone())));
            let Some(shape_map) = page.get("shapes").and_then(Value::as_object) else {
                continue;
            };
            for (sid, s) in shape_map {
                let field = || format!("document.pages.{pid}.shapes.{sid}");
                let point = num_pair(s.get("point")).map_err(|m| malformed(field(), m))?;
                all.push(Shape {
                    id: sid.clone(),
                    parent: str_field(s, "parentId").unwrap_or(pid).to_string(),
                    order: (
                        s.get("childIndex").and_then(Value::as_f64).unwrap_or(0.0),
                        sid.clone(),
                    ),
                    kind: str_field(s, "type").unwrap_or_default().to_string(),
                    x: point.map_or(0.0, |p| p.0),
                    y: point.map_or(0.0, |p| p.1),
                    rotation: s.get("rotation").and_then(Value::as_f64).unwrap_or(0.0),
                    style: s.get("style").cloned().unwrap_or(Value::Null),
                    raw: s.clone(),
                    v2: false,
                });
            }
        }
    } else {
        let records = doc
            .get("records")
            .or_else(|| doc.get("store").map(|s| s.get("records").unwrap_or(s)))
            .ok_or_else(|| {
                malformed(
                    "(top level)".into(),
                    "a tldraw file needs `document.pages` (v1) or `records` (v2)".into(),
                )
            })?;
        let list: Vec<&Value> = match records {
            Value::Array(a) => a.iter().collect(),
            Value::Object(o) => o.values().collect(),
            _ => return Err(malformed("records".into(), "expected a list".into())),
        };
        for r in list {
            let id = str_field(r, "id").unwrap_or_default().to_string();
            match str_field(r, "typeName") {
                Some("page") => pages.push((
                    id.clone(),
                    str_field(r, "name").unwrap_or(&id).to_string(),
                    (0.0, str_field(r, "index").unwrap_or_default().to_string()),
                )),
                Some("shape") => {
                    let num = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
                    all.push(Shape {
                        parent: str_field(r, "parentId").unwrap_or_default().to_string(),
                        order: (0.0, str_field(r, "index").unwrap_or_default().to_string()),
                        kind: str_field(r, "type").unwrap_or_default().to_string(),
                        x: num("x"),
                        y: num("y"),
                        rotation: num("rotation"),
                        style: r.get("props").cloned().unwrap_or(Value::Null),
                        raw: r.clone(),
                        v2: true,
                        id,
                    });
                }
                _ => {}
            }
        }
    }
    Ok((pages, all))
}

/// A string field of a JSON object.
pub(super) fn str_field<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// An optional `[x, y]` pair of numbers.
pub(super) fn num_pair(v: Option<&Value>) -> Result<Option<(f64, f64)>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => match (
            a.first().and_then(Value::as_f64),
            a.get(1).and_then(Value::as_f64),
        ) {
            (Some(x), Some(y)) => Ok(Some((x, y))),
            _ => Err("expected [x, y] numbers".into()),
        },
        Some(_) => Err("expected [x, y]".into()),
    }
}
