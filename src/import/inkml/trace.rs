//! Decoding an InkML trace's text: points separated by `,`, values by whitespace, with the `!`,
//! `'` and `"` qualifiers (explicit, first and second difference), packed signed numbers, `*`
//! repeats and `T`/`F` (see the [parent module](super)).

/// A trace's points, `channels` values each, in one flat list (a list per point took ten times
/// the text's size).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Points {
    data: Vec<f64>,
    channels: usize,
}

impl Points {
    /// How many points.
    pub(super) fn len(&self) -> usize {
        self.data.len() / self.channels
    }

    /// Each point's values.
    pub(super) fn iter(&self) -> std::slice::ChunksExact<'_, f64> {
        self.data.chunks_exact(self.channels)
    }
}

/// Decode a trace's text into points of `channels` values each (see the module docs); a point
/// that gives fewer values has the others 0. Errors carry the 1-based point number.
pub(super) fn trace_values(text: &str, channels: usize) -> Result<Points, (usize, String)> {
    let channels = channels.max(1);
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Explicit,
        First,
        Second,
    }
    let mut mode = vec![Mode::Explicit; channels];
    let mut value = vec![0.0f64; channels];
    let mut diff = vec![0.0f64; channels];
    let mut seen = vec![false; channels];
    let mut out: Vec<f64> = Vec::new();
    let mut point: Vec<f64> = Vec::with_capacity(channels);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut pending: Option<Mode> = None;
    let mut push =
        |point: &mut Vec<f64>, raw: Option<f64>, q: Option<Mode>| -> Result<(), String> {
            let c = point.len();
            if c >= channels {
                return Err(format!(
                    "more than the {channels} values the trace format declares"
                ));
            }
            if let Some(q) = q {
                mode[c] = q;
            }
            let v = match raw {
                None => value[c], // `*`: same as before
                Some(x) => match mode[c] {
                    Mode::Explicit => {
                        diff[c] = if seen[c] { x - value[c] } else { 0.0 };
                        x
                    }
                    Mode::First => {
                        diff[c] = x;
                        value[c] + x
                    }
                    Mode::Second => {
                        diff[c] += x;
                        value[c] + diff[c]
                    }
                },
            };
            if !v.is_finite() || v.abs() > 1e15 {
                return Err(format!("value {v} is out of range"));
            }
            value[c] = v;
            seen[c] = true;
            point.push(v);
            Ok(())
        };
    let finish = |point: &mut Vec<f64>, out: &mut Vec<f64>| {
        if !point.is_empty() {
            point.resize(channels, 0.0);
            out.append(point);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        let at = out.len() / channels + 1;
        match b {
            b',' => {
                finish(&mut point, &mut out);
                i += 1;
            }
            b'!' | b'\'' | b'"' => {
                pending = Some(match b {
                    b'!' => Mode::Explicit,
                    b'\'' => Mode::First,
                    _ => Mode::Second,
                });
                i += 1;
            }
            b'*' | b'?' => {
                push(&mut point, None, pending.take()).map_err(|m| (at, m))?;
                i += 1;
            }
            b'T' | b'F' => {
                push(
                    &mut point,
                    Some(f64::from(u8::from(b == b'T'))),
                    pending.take(),
                )
                .map_err(|m| (at, m))?;
                i += 1;
            }
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < bytes.len() {
                    let c = bytes[i];
                    let prev = bytes[i - 1];
                    let ok = c.is_ascii_digit()
                        || c == b'.'
                        || c == b'e'
                        || c == b'E'
                        || ((c == b'-' || c == b'+') && (prev == b'e' || prev == b'E'));
                    if !ok {
                        break;
                    }
                    i += 1;
                }
                let s = &text[start..i];
                let x: f64 = s
                    .parse()
                    .map_err(|_| (at, format!("{s:?} is not a number")))?;
                push(&mut point, Some(x), pending.take()).map_err(|m| (at, m))?;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let c = text[i..].chars().next().unwrap_or('?');
                return Err((at, format!("unexpected character {c:?}")));
            }
        }
    }
    finish(&mut point, &mut out);
    Ok(Points {
        data: out,
        channels,
    })
}
