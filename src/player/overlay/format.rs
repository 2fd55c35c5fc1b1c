//! How the overlay writes times and byte counts.

/// `12.34 s`, `3:05.2` (m:ss.s) or `1:02:03` (h:mm:ss).
pub(super) fn fmt_time(ms: f64) -> String {
    let s = ms.max(0.0) / 1e3;
    if s >= 3600.0 {
        let t = s.floor() as u64;
        format!("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
    } else if s >= 60.0 {
        format!("{}:{:04.1}", (s / 60.0).floor(), s % 60.0)
    } else {
        format!("{s:.2} s")
    }
}

/// Bytes in the largest unit that keeps the number ≥ 1 (B, KiB, MiB, GiB).
pub(super) fn mib(b: u64) -> String {
    let v = b as f64;
    match b {
        0..1024 => format!("{b} B"),
        1024..1_048_576 => format!("{:.1} KiB", v / 1024.0),
        1_048_576..1_073_741_824 => format!("{:.1} MiB", v / 1_048_576.0),
        _ => format!("{:.2} GiB", v / 1_073_741_824.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_sizes_read_well() {
        assert_eq!(fmt_time(1234.0), "1.23 s");
        assert_eq!(fmt_time(185_200.0), "3:05.2");
        assert_eq!(fmt_time(3_723_000.0), "1:02:03");
        assert_eq!(mib(512), "512 B");
        assert_eq!(mib(2048), "2.0 KiB");
        assert_eq!(mib(7 << 20), "7.0 MiB");
        assert_eq!(mib(3 << 30), "3.00 GiB");
    }
}
