//! NumPy's `.npy` arrays, as far as drawings need them: the header (`descr`, `fortran_order`,
//! `shape`), plain numeric arrays, and object arrays (dtype `O`) whose elements are numeric
//! arrays, read from their pickle (`pickle.rs`) as Python 2 and 3 NumPy write it. Every array
//! comes out as [`Array`]: its shape and its values as `f64`, row-major.

use std::borrow::Cow;

use super::pickle::{self, Pickle, Value};

/// A numeric array: its shape and its values, row-major.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Array {
    pub(crate) shape: Vec<usize>,
    pub(crate) data: Vec<f64>,
}

/// A `.npy` header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// The dtype's description, e.g. `<i2` or `|O`.
    pub(crate) descr: String,
    pub(crate) fortran_order: bool,
    pub(crate) shape: Vec<usize>,
    /// Where the data starts.
    pub(crate) data_at: usize,
}

impl Header {
    /// Elements of the array (the product of its shape; `None` past `usize`).
    pub(crate) fn len(&self) -> Option<usize> {
        self.shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
    }
}

/// The text after `'key':` in a header dict.
fn field<'h>(dict: &'h str, key: &str) -> Result<&'h str, String> {
    let pat = format!("'{key}':");
    dict.find(&pat)
        .map(|i| dict[i + pat.len()..].trim_start())
        .ok_or_else(|| format!("the .npy header has no '{key}'"))
}

/// How many bytes a `.npy` file's header takes, from its first 10 (version 1) or 12 (`None`
/// when they are not a `.npy` header's).
pub(crate) fn header_size(first: &[u8]) -> Option<usize> {
    if !first.starts_with(b"\x93NUMPY") {
        return None;
    }
    match first.get(6)? {
        1 => {
            let b = first.get(8..10)?;
            Some(10 + usize::from(u16::from_le_bytes([b[0], b[1]])))
        }
        2 | 3 => {
            let b = first.get(8..12)?;
            usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok()?
                .checked_add(12)
        }
        _ => None,
    }
}

/// Read the header of a `.npy` file (the first bytes are enough: [`header_size`]).
pub(crate) fn header(bytes: &[u8]) -> Result<Header, String> {
    if !bytes.starts_with(b"\x93NUMPY") || bytes.len() < 10 {
        return Err("not a .npy array (no \\x93NUMPY magic)".into());
    }
    let start = match bytes[6] {
        1 => 10,
        2 | 3 => 12,
        v => return Err(format!(".npy format version {v} is not read")),
    };
    let end = header_size(bytes)
        .filter(|&e| e <= bytes.len())
        .ok_or("the .npy header is cut short")?;
    let dict = String::from_utf8_lossy(&bytes[start..end]);
    let descr = field(&dict, "descr")?;
    let descr = match descr.chars().next() {
        Some(q @ ('\'' | '"')) => descr[1..]
            .split(q)
            .next()
            .ok_or("the .npy descr is not closed")?,
        _ => return Err("a structured dtype (a list of fields) is not read".into()),
    };
    let fortran_order = field(&dict, "fortran_order")?.starts_with("True");
    let shape_text = field(&dict, "shape")?;
    let shape_text = shape_text
        .strip_prefix('(')
        .and_then(|s| s.split(')').next())
        .ok_or("the .npy shape is not a tuple")?;
    let shape = shape_text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| format!("a shape of {s:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Header {
        descr: descr.to_string(),
        fortran_order,
        shape,
        data_at: end,
    })
}

/// Decode `data` of dtype `descr` (`<i2`, `|u1`, `>f8`, …) into `f64`s.
fn numbers(descr: &str, data: &[u8]) -> Result<Vec<f64>, String> {
    let mut c = descr.chars();
    let (order, kind) = match (c.next(), c.next()) {
        (Some(o @ ('<' | '>' | '|' | '=')), Some(k)) => (o, k),
        _ => return Err(format!("a dtype of {descr:?}")),
    };
    let size: usize = c
        .as_str()
        .parse()
        .map_err(|_| format!("a dtype of {descr:?}"))?;
    if data.len() % size.max(1) != 0 {
        return Err(format!(
            "{} bytes of data are not whole {descr} values",
            data.len()
        ));
    }
    let big = order == '>';
    let word = |b: &[u8]| -> u64 {
        let it = b.iter().copied();
        if big {
            it.fold(0u64, |a, x| (a << 8) | u64::from(x))
        } else {
            it.rev().fold(0u64, |a, x| (a << 8) | u64::from(x))
        }
    };
    let decode: fn(u64) -> f64 = match (kind, size) {
        ('i', 1) => |w| f64::from(w as u8 as i8),
        ('i', 2) => |w| f64::from(w as u16 as i16),
        ('i', 4) => |w| f64::from(w as u32 as i32),
        ('i', 8) => |w| w as i64 as f64,
        ('u' | 'b', 1) => |w| f64::from(w as u8),
        ('u', 2) => |w| f64::from(w as u16),
        ('u', 4) => |w| f64::from(w as u32),
        ('u', 8) => |w| w as f64,
        ('f', 4) => |w| f64::from(f32::from_bits(w as u32)),
        ('f', 8) => f64::from_bits,
        _ => return Err(format!("a dtype of {descr:?} is not read")),
    };
    Ok(data.chunks_exact(size).map(|b| decode(word(b))).collect())
}

/// A plain numeric `.npy` array.
pub(crate) fn numeric(h: &Header, bytes: &[u8]) -> Result<Array, String> {
    if h.fortran_order && h.shape.len() > 1 {
        return Err("a Fortran-ordered array is not read".into());
    }
    let len = h
        .len()
        .ok_or_else(|| format!("a shape of {:?} has too many values", h.shape))?;
    let mut data = numbers(&h.descr, bytes.get(h.data_at..).unwrap_or_default())?;
    if data.len() < len {
        return Err(format!(
            "the array holds {} of its {len} values",
            data.len()
        ));
    }
    data.truncate(len);
    Ok(Array {
        shape: h.shape.clone(),
        data,
    })
}

/// Element `index` of an object array (`|O`), a numeric array, and how many elements it has
/// (only that element is decoded). Errors name the element.
pub(crate) fn object(h: &Header, bytes: &[u8], index: usize) -> Result<(Array, usize), String> {
    let p = pickle::parse(bytes.get(h.data_at..).unwrap_or_default())?;
    let (_, items) = reconstructed(&p, p.root).ok_or("the pickle is not a NumPy array")?;
    let Items::Objects(ids) = items else {
        return Err("the pickled array holds numbers, not arrays".into());
    };
    let Some(&id) = ids.get(index) else {
        return Err(format!("element {index}: the array holds {}", ids.len()));
    };
    let Some((shape, Items::Raw(descr, data))) = reconstructed(&p, id) else {
        return Err(format!("element {index} is not a numeric array"));
    };
    let data = numbers(&descr, &data).map_err(|e| format!("element {index}: {e}"))?;
    let len = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
    if Some(data.len()) != len {
        return Err(format!(
            "element {index}: {} values for shape {shape:?}",
            data.len()
        ));
    }
    Ok((Array { shape, data }, ids.len()))
}

/// What a pickled array holds.
enum Items<'p> {
    /// Raw data of a numeric dtype (its description).
    Raw(String, Cow<'p, [u8]>),
    /// Objects (of dtype `O`).
    Objects(&'p [pickle::Id]),
}

/// Bytes, from `bytes` or from Python 3's protocol-2 spelling, `_codecs.encode(text, 'latin1')`.
fn bytes_of(p: &Pickle, id: pickle::Id) -> Option<Cow<'_, [u8]>> {
    match p.get(id) {
        Value::Bytes(b) => Some(Cow::Borrowed(b)),
        Value::Call(f, args) => match (p.get(*f), p.get(*args)) {
            (Value::Global(m, n), Value::Tuple(a)) if m == "_codecs" && n == "encode" => {
                let Value::Str(s) = p.get(*a.first()?) else {
                    return None;
                };
                s.chars()
                    .map(|c| u8::try_from(u32::from(c)).ok())
                    .collect::<Option<Vec<u8>>>()
                    .map(Cow::Owned)
            }
            _ => None,
        },
        _ => None,
    }
}

/// Text from a `str` or Python 2's byte string.
fn text_of(p: &Pickle, id: pickle::Id) -> Option<String> {
    match p.get(id) {
        Value::Str(s) => Some(s.clone()),
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}

/// A dtype's description (`<i2`) from `numpy.dtype('i2', …)` built with its byte order.
fn dtype(p: &Pickle, id: pickle::Id) -> Option<String> {
    let (call, state) = match p.get(id) {
        Value::Built(call, state) => (*call, Some(*state)),
        _ => (id, None),
    };
    let Value::Call(_, args) = p.get(call) else {
        return None;
    };
    let Value::Tuple(args) = p.get(*args) else {
        return None;
    };
    let name = text_of(p, *args.first()?)?;
    let order = state
        .and_then(|s| match p.get(s) {
            Value::Tuple(t) => t.get(1).and_then(|&o| text_of(p, o)),
            _ => None,
        })
        .unwrap_or_else(|| "|".into());
    if name.starts_with('O') {
        return Some("|O".into());
    }
    Some(format!("{order}{name}"))
}

/// `numpy…_reconstruct(ndarray, …)` built with `(version, shape, dtype, fortran, data)`: its
/// shape and what it holds.
fn reconstructed(p: &Pickle, id: pickle::Id) -> Option<(Vec<usize>, Items<'_>)> {
    let Value::Built(call, state) = p.get(id) else {
        return None;
    };
    let Value::Call(f, _) = p.get(*call) else {
        return None;
    };
    if !matches!(p.get(*f), Value::Global(_, n) if n == "_reconstruct") {
        return None;
    }
    let Value::Tuple(state) = p.get(*state) else {
        return None;
    };
    // (version, shape, dtype, is_fortran, data), or the same without the version.
    let s = if state.len() == 5 {
        &state[1..]
    } else {
        &state[..]
    };
    let [shape, dt, _fortran, data] = s else {
        return None;
    };
    let Value::Tuple(dims) = p.get(*shape) else {
        return None;
    };
    let shape = dims
        .iter()
        .map(|&d| match p.get(d) {
            Value::Int(n) => usize::try_from(*n).ok(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let descr = dtype(p, *dt)?;
    match p.get(*data) {
        Value::List(items) if descr == "|O" => Some((shape, Items::Objects(items))),
        _ => Some((shape, Items::Raw(descr, bytes_of(p, *data)?))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn npy(descr: &str, shape: &str, body: &[u8]) -> Vec<u8> {
        let h = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}\n");
        let mut b = b"\x93NUMPY\x01\x00".to_vec();
        b.extend_from_slice(&(h.len() as u16).to_le_bytes());
        b.extend_from_slice(h.as_bytes());
        b.extend_from_slice(body);
        b
    }

    #[test]
    fn numeric_arrays_of_either_byte_order() {
        let le = npy("<i2", "(2, 3)", &[1, 0, 0xff, 0xff, 0, 0, 2, 0, 3, 0, 1, 0]);
        let h = header(&le).unwrap();
        assert_eq!((h.shape.clone(), h.descr.as_str()), (vec![2, 3], "<i2"));
        assert_eq!(
            numeric(&h, &le).unwrap().data,
            [1.0, -1.0, 0.0, 2.0, 3.0, 1.0]
        );
        let be = npy(">f4", "(1,)", &1.5f32.to_be_bytes());
        assert_eq!(numeric(&header(&be).unwrap(), &be).unwrap().data, [1.5]);
    }

    #[test]
    fn headers_that_cannot_be_read_are_errors() {
        for (b, says) in [
            (npy("<i2", "(2, 3)", &[1, 0]), "holds 1 of its 6 values"),
            (npy("<c16", "(1,)", &[0; 16]), "not read"),
            (npy("<i2", "(x,)", &[]), "a shape of"),
            (b"\x93NUMPY\x01\x00\xff\x00{".to_vec(), "cut short"),
            (b"PK".to_vec(), "magic"),
        ] {
            let e = header(&b).and_then(|h| numeric(&h, &b)).unwrap_err();
            assert!(e.contains(says), "{e}");
        }
    }

    #[test]
    fn the_header_size_comes_from_the_first_twelve_bytes() {
        let b = npy("<i2", "(2, 3)", &[0; 12]);
        let size = header_size(&b[..12]).unwrap();
        assert_eq!(size, b.len() - 12);
        assert!(header(&b[..size]).is_ok());
        let mut v2 = b"\x93NUMPY\x02\x00".to_vec();
        v2.extend_from_slice(&70_000u32.to_le_bytes());
        assert_eq!(header_size(&v2), Some(70_012));
        assert_eq!(header_size(b"PK\x03\x04 not npy"), None);
        assert_eq!(header_size(b"\x93NUMPY\x01"), None);
        assert_eq!(header_size(b"\x93NUMPY\x02\x00\x01"), None);
    }

    #[test]
    fn dtypes_without_a_usable_name_are_errors() {
        // An object array reconstructed with numpy.dtype(b'') and with a name whose first
        // character is not ASCII (Python 2 bytes read as text: U+FFFD, 3 bytes): errors, where
        // splitting the name after its first byte panicked.
        for name in [&b""[..], b"\xffi2"] {
            let mut p = b"\x80\x02cnumpy.core.multiarray\n_reconstruct\n)R(K\x01K\x01\x85\
                          cnumpy\ndtype\nU"
                .to_vec();
            p.push(name.len() as u8);
            p.extend_from_slice(name);
            p.extend_from_slice(b"\x85R\x89]tb.");
            let b = npy("|O", "(1,)", &p);
            let e = object(&header(&b).unwrap(), &b, 0).unwrap_err();
            assert_eq!(e, "the pickle is not a NumPy array");
        }
    }
}
