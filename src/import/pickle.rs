//! A reader for the part of Python's pickle format that NumPy writes for object arrays (`.npy`
//! files of dtype `O`, as in sketch-rnn's `.npz` datasets): protocols 2 to 5, as Python 2 and 3
//! write them.
//!
//! Nothing is executed. Globals stay names ([`Value::Global`]); `REDUCE` records a call
//! ([`Value::Call`]) and `BUILD` the state given to an object ([`Value::Built`]), so the caller
//! reads `numpy.core.multiarray._reconstruct(…)` followed by its `__setstate__` tuple as data.
//! Values live in an arena and the stack and memo hold their indices: `BUILD` changes an object
//! in place, as pickle does, so a memoised object fetched later is the built one. Every length is
//! checked against the bytes left; the arena (and the text copied within it) is bounded by the
//! input's size and by [`MAX_VALUES`], the stack by [`MAX_STACK`], so a hostile pickle (a zip
//! entry may unpack to a gigabyte of one-byte opcodes) fails with an error naming the byte, never
//! by allocating what it claims or many times its size.

/// Most values the arena holds (about 770 MB with the stack's slots): a sketch-rnn array of a
/// few hundred thousand drawings needs a few million (about 18 a drawing).
const MAX_VALUES: usize = 1 << 24;
/// Deepest the stack may get (16 MB): NumPy's pickler appends a list's items 1,000 at a time.
const MAX_STACK: usize = 1 << 20;

/// An index into a [`Pickle`]'s arena.
pub(crate) type Id = usize;

/// A value in the arena.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// `str` of Python 3 (or `unicode` of Python 2).
    Str(String),
    /// `bytes` (Python 2's `str` too: sketch-rnn's raw array data).
    Bytes(Vec<u8>),
    Tuple(Vec<Id>),
    List(Vec<Id>),
    Dict(Vec<(Id, Id)>),
    /// `module.name`, not resolved.
    Global(String, String),
    /// `callable(*args)`, not called.
    Call(Id, Id),
    /// `object` given `state` (`__setstate__`).
    Built(Id, Id),
}

/// A parsed pickle: the arena and the root value.
#[derive(Debug)]
pub(crate) struct Pickle {
    pub(crate) values: Vec<Value>,
    pub(crate) root: Id,
}

impl Pickle {
    /// The value at `id`.
    pub(crate) fn get(&self, id: Id) -> &Value {
        self.values.get(id).unwrap_or(&Value::None)
    }
}

/// A stack slot: a value, or a MARK.
#[derive(Clone, Copy)]
enum Slot {
    Mark,
    Val(Id),
}

struct Machine<'b> {
    b: &'b [u8],
    at: usize,
    values: Vec<Value>,
    stack: Vec<Slot>,
    memo: std::collections::HashMap<u64, Id>,
    /// Bytes of text copied out of values already held (`STACK_GLOBAL`'s names), bounded by the
    /// input's size like the arena.
    copied: usize,
}

type R<T> = Result<T, String>;

impl<'b> Machine<'b> {
    fn take(&mut self, n: usize) -> R<&'b [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let Some(end) = end else {
            return Err(format!("byte {}: the pickle ends early", self.at));
        };
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn uint(&mut self, n: usize) -> R<u64> {
        let s = self.take(n)?;
        Ok(s.iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    fn len(&mut self, n: usize) -> R<usize> {
        let v = self.uint(n)?;
        usize::try_from(v).map_err(|_| format!("byte {}: a length of {v}", self.at))
    }

    fn line(&mut self) -> R<String> {
        let rest = &self.b[self.at..];
        let Some(end) = rest.iter().position(|&c| c == b'\n') else {
            return Err(format!("byte {}: a name without its line end", self.at));
        };
        let s = String::from_utf8_lossy(&rest[..end]).into_owned();
        self.at += end + 1;
        Ok(s)
    }

    /// Whether the arena may take another value: every value costs at least one byte of input,
    /// and there are at most [`MAX_VALUES`].
    fn room(&self) -> R<()> {
        if self.values.len() > self.b.len() + 16 {
            return Err(format!(
                "byte {}: more values than the pickle has bytes",
                self.at
            ));
        }
        if self.values.len() >= MAX_VALUES {
            return Err(format!("byte {}: more than {MAX_VALUES} values", self.at));
        }
        Ok(())
    }

    /// Push a slot onto the stack, at most [`MAX_STACK`] deep.
    fn slot(&mut self, s: Slot) -> R<()> {
        if self.stack.len() >= MAX_STACK {
            return Err(format!(
                "byte {}: the stack is deeper than {MAX_STACK}",
                self.at
            ));
        }
        self.stack.push(s);
        Ok(())
    }

    fn push(&mut self, v: Value) -> R<()> {
        self.room()?;
        self.values.push(v);
        self.slot(Slot::Val(self.values.len() - 1))
    }

    fn pop(&mut self) -> R<Id> {
        match self.stack.pop() {
            Some(Slot::Val(id)) => Ok(id),
            _ => Err(format!("byte {}: the stack is empty", self.at)),
        }
    }

    fn top(&self) -> R<Id> {
        match self.stack.last() {
            Some(Slot::Val(id)) => Ok(*id),
            _ => Err(format!("byte {}: the stack is empty", self.at)),
        }
    }

    /// The values above the last MARK, which is removed.
    fn pop_mark(&mut self) -> R<Vec<Id>> {
        let Some(m) = self.stack.iter().rposition(|s| matches!(s, Slot::Mark)) else {
            return Err(format!("byte {}: no MARK to go back to", self.at));
        };
        let items = self.stack.split_off(m + 1);
        self.stack.pop();
        Ok(items
            .into_iter()
            .filter_map(|s| match s {
                Slot::Val(id) => Some(id),
                Slot::Mark => None,
            })
            .collect())
    }

    fn string(&mut self, n: usize) -> R<String> {
        let s = self.take(n)?;
        String::from_utf8(s.to_vec())
            .map_err(|_| format!("byte {}: a string not in UTF-8", self.at))
    }

    /// Append `items` to the list at `list`.
    fn extend(&mut self, list: Id, items: Vec<Id>) -> R<()> {
        match self.values.get_mut(list) {
            Some(Value::List(l)) => {
                l.extend(items);
                Ok(())
            }
            _ => Err(format!("byte {}: APPEND to something not a list", self.at)),
        }
    }

    fn step(&mut self) -> R<bool> {
        let at = self.at;
        let op = self.take(1)?[0];
        match op {
            0x80 => {
                let proto = self.take(1)?[0];
                if !(2..=5).contains(&proto) {
                    return Err(format!("byte {at}: pickle protocol {proto} is not read"));
                }
            }
            0x95 => {
                self.take(8)?; // FRAME: a length hint
            }
            b'.' => return Ok(false),
            b'(' => self.slot(Slot::Mark)?,
            b'N' => self.push(Value::None)?,
            0x88 => self.push(Value::Bool(true))?,
            0x89 => self.push(Value::Bool(false))?,
            b'K' => {
                let v = self.uint(1)?;
                self.push(Value::Int(v as i64))?;
            }
            b'M' => {
                let v = self.uint(2)?;
                self.push(Value::Int(v as i64))?;
            }
            b'J' => {
                let v = self.uint(4)? as u32 as i32;
                self.push(Value::Int(i64::from(v)))?;
            }
            0x8a => {
                let n = self.len(1)?;
                let s = self.take(n)?;
                if n > 8 {
                    return Err(format!("byte {at}: an integer of {n} bytes"));
                }
                let mut v: i64 = 0;
                for (i, &b) in s.iter().enumerate() {
                    v |= i64::from(b) << (8 * i);
                }
                if n > 0 && n < 8 && s[n - 1] & 0x80 != 0 {
                    v -= 1i64 << (8 * n);
                }
                self.push(Value::Int(v))?;
            }
            b'G' => {
                let s = self.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(s);
                self.push(Value::Float(f64::from_be_bytes(a)))?;
            }
            // Text: SHORT_BINUNICODE, BINUNICODE, BINUNICODE8.
            0x8c | b'X' | 0x8d => {
                let n = match op {
                    0x8c => self.len(1)?,
                    b'X' => self.len(4)?,
                    _ => self.len(8)?,
                };
                let s = self.string(n)?;
                self.push(Value::Str(s))?;
            }
            // Bytes: Python 2's SHORT_BINSTRING and BINSTRING, and SHORT_BINBYTES, BINBYTES,
            // BINBYTES8, BYTEARRAY8.
            b'U' | b'T' | b'C' | b'B' | 0x8e | 0x96 => {
                let n = match op {
                    b'U' | b'C' => self.len(1)?,
                    b'T' | b'B' => self.len(4)?,
                    _ => self.len(8)?,
                };
                let s = self.take(n)?.to_vec();
                self.push(Value::Bytes(s))?;
            }
            b')' => self.push(Value::Tuple(Vec::new()))?,
            b't' => {
                let items = self.pop_mark()?;
                self.push(Value::Tuple(items))?;
            }
            0x85..=0x87 => {
                let n = usize::from(op - 0x84);
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.pop()?);
                }
                items.reverse();
                self.push(Value::Tuple(items))?;
            }
            b']' => self.push(Value::List(Vec::new()))?,
            b'l' => {
                let items = self.pop_mark()?;
                self.push(Value::List(items))?;
            }
            b'a' => {
                let item = self.pop()?;
                let list = self.top()?;
                self.extend(list, vec![item])?;
            }
            b'e' => {
                let items = self.pop_mark()?;
                let list = self.top()?;
                self.extend(list, items)?;
            }
            b'}' => self.push(Value::Dict(Vec::new()))?,
            b'd' | b'u' | b's' => {
                let items = if op == b's' {
                    let v = self.pop()?;
                    let k = self.pop()?;
                    vec![k, v]
                } else {
                    self.pop_mark()?
                };
                let pairs: Vec<(Id, Id)> = items.chunks_exact(2).map(|p| (p[0], p[1])).collect();
                if op == b'd' {
                    self.push(Value::Dict(pairs))?;
                } else {
                    let dict = self.top()?;
                    match self.values.get_mut(dict) {
                        Some(Value::Dict(d)) => d.extend(pairs),
                        _ => return Err(format!("byte {at}: SETITEM on something not a dict")),
                    }
                }
            }
            b'c' => {
                let module = self.line()?;
                let name = self.line()?;
                self.push(Value::Global(module, name))?;
            }
            0x93 => {
                let name = self.pop()?;
                let module = self.pop()?;
                match (self.values.get(module), self.values.get(name)) {
                    (Some(Value::Str(m)), Some(Value::Str(n))) => {
                        // A memoised name fetched again and again would copy it each time.
                        self.copied += m.len() + n.len();
                        if self.copied > self.b.len() {
                            return Err(format!(
                                "byte {at}: STACK_GLOBAL names longer than the pickle"
                            ));
                        }
                        let g = Value::Global(m.clone(), n.clone());
                        self.push(g)?;
                    }
                    _ => return Err(format!("byte {at}: STACK_GLOBAL without two names")),
                }
            }
            b'R' | 0x81 => {
                let args = self.pop()?;
                let callable = self.pop()?;
                self.push(Value::Call(callable, args))?;
            }
            b'b' => {
                let state = self.pop()?;
                let obj = self.top()?;
                // In place: the memo and the stack see the built object.
                self.room()?;
                let old = std::mem::replace(&mut self.values[obj], Value::None);
                self.values.push(old);
                let inner = self.values.len() - 1;
                self.values[obj] = Value::Built(inner, state);
            }
            b'q' | b'r' | 0x94 => {
                let key = match op {
                    b'q' => self.uint(1)?,
                    b'r' => self.uint(4)?,
                    _ => self.memo.len() as u64,
                };
                let top = self.top()?;
                self.memo.insert(key, top);
            }
            b'h' | b'j' => {
                let key = if op == b'h' {
                    self.uint(1)?
                } else {
                    self.uint(4)?
                };
                let Some(&id) = self.memo.get(&key) else {
                    return Err(format!("byte {at}: memo entry {key} is not set"));
                };
                self.slot(Slot::Val(id))?;
            }
            b'0' => {
                self.stack.pop();
            }
            b'1' => {
                self.pop_mark()?;
            }
            b'2' => {
                let top = self.top()?;
                self.slot(Slot::Val(top))?;
            }
            _ => return Err(format!("byte {at}: pickle opcode 0x{op:02x} is not read")),
        }
        Ok(true)
    }
}

/// Parse a pickle; errors name the byte.
pub(crate) fn parse(bytes: &[u8]) -> Result<Pickle, String> {
    let mut m = Machine {
        b: bytes,
        at: 0,
        values: Vec::new(),
        stack: Vec::new(),
        memo: std::collections::HashMap::new(),
        copied: 0,
    };
    while m.step()? {}
    let root = m.pop()?;
    Ok(Pickle {
        values: m.values,
        root,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn build_changes_a_memoised_object_in_place() {
        // [obj, obj] where obj = Call(g, ()) built with state 7, the second fetched from the memo.
        let p = b"\x80\x02]q\x00(cm\nf\n)R\x94K\x07bh\x01e.";
        let p = parse(p).unwrap();
        let Value::List(items) = p.get(p.root) else {
            panic!("{:?}", p.get(p.root))
        };
        assert_eq!(items.len(), 2);
        for &i in items {
            assert!(matches!(p.get(i), Value::Built(_, s) if p.get(*s) == &Value::Int(7)));
        }
    }

    #[test]
    fn hostile_lengths_and_stacks_are_errors() {
        for bad in [
            &b"\x80\x02T\xff\xff\xff\x7f"[..],
            b"\x80\x02t.",
            b"\x80\x02h\x05.",
            b"\x80\x09.",
            b"\x80\x02\xff",
            b"\x80\x02K\x01",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_stack_has_a_depth_limit() {
        // A million and one MARKs: 1 MB of pickle, 16 MB of stack; refused at the limit.
        let mut bad = b"\x80\x02".to_vec();
        bad.extend(std::iter::repeat_n(b'(', MAX_STACK + 1));
        let e = parse(&bad).unwrap_err();
        assert!(e.contains("the stack is deeper than 1048576"), "{e}");
    }

    #[test]
    fn memoised_names_cannot_multiply_memory() {
        // A 4 KB name, memoised, then given to STACK_GLOBAL 100 times: 800 KB of copies from a
        // 4.5 KB pickle. Refused once the copies outgrow the pickle.
        let mut bad = b"\x80\x04X\x00\x10\x00\x00".to_vec();
        bad.extend(std::iter::repeat_n(b'a', 4096));
        bad.push(0x94);
        for _ in 0..100 {
            bad.extend(b"h\x00h\x00\x93");
        }
        bad.push(b'.');
        let e = parse(&bad).unwrap_err();
        assert!(
            e.contains("STACK_GLOBAL names longer than the pickle"),
            "{e}"
        );
        // Real globals go through.
        let good = b"\x80\x04\x8c\x05numpy\x94\x8c\x05dtype\x94\x93\x94.";
        let p = parse(good).unwrap();
        assert_eq!(
            p.get(p.root),
            &Value::Global("numpy".into(), "dtype".into())
        );
    }
}
