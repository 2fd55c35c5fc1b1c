//! The simplest use of inkplay: a drawing, as it looked at some moment of its playback, to a PNG.
//!
//! ```sh
//! cargo run --release --example headless_png -- [FILE [OUT.png [AT_MS]]]
//! ```
//!
//! Without arguments it renders the bundled sample half-way through to `headless.png`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use inkplay::{Headless, RenderSettings};

const SIZE: (u32, u32) = (640, 480);

fn run() -> Result<String, inkplay::Error> {
    let mut args = std::env::args().skip(1);
    let drawing = match args.next() {
        Some(file) => inkplay::load_path(file)?.drawing,
        None => inkplay::import::sample(),
    };
    let out = args.next().unwrap_or_else(|| "headless.png".into());
    let at_ms = match args.next() {
        Some(t) => t
            .parse::<f64>()
            .map_err(|e| inkplay::Error::Usage(format!("AT_MS {t:?}: {e}")))?,
        None => drawing.duration_ms() * 0.5,
    };

    // A device of inkplay's own, an offscreen target, the drawing tessellated and uploaded.
    let mut headless = Headless::new(SIZE.0, SIZE.1, RenderSettings::default())?;
    headless.load(drawing)?;
    headless.render(at_ms)?;
    let rgba = headless.read_rgba()?;
    inkplay::output::write_png(std::path::Path::new(&out), &rgba, SIZE.0, SIZE.1)?;
    Ok(format!("{out}: {}x{} at {at_ms:.0} ms", SIZE.0, SIZE.1))
}

fn main() {
    match run() {
        Ok(msg) => println!("{msg}"),
        Err(e) => {
            eprintln!("headless_png: {e}");
            std::process::exit(e.exit_code());
        }
    }
}
