//! The `inkplay` binary: parse arguments, set up logging, run a command, map errors to exit
//! statuses (0 ok, 2 bad input or usage, 3 the environment, 130 an interrupted export, 1 anything
//! else; see `Error::exit_code`).
//!
//! The binary owns what a library must not impose on the application that embeds it: the
//! command line (clap), logging set-up, progress bars and the process-wide counting allocator
//! behind the heap figures of the memory panel and bench reports.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod bench_args;
mod commands;
mod export_args;
mod profile_diff_args;
mod progress;

use std::io::Write;

use clap::Parser;

use args::{Cli, Command};
use commands::Output;
use inkplay::Error;

/// Heap figures (memory panel, bench reports) come from this counting allocator; see
/// [`inkplay::memory`].
#[global_allocator]
static ALLOC: inkplay::memory::CountingAllocator = inkplay::memory::CountingAllocator;

/// Run a parsed command; returns what to print.
fn run(cli: &Cli) -> Result<Output, Error> {
    match &cli.command {
        None => match Cli::parse_from(["inkplay", "play"]).command {
            Some(Command::Play(a)) => commands::play::play(&a),
            _ => Err(Error::Usage("no command given".into())),
        },
        Some(Command::Play(a)) => commands::play::play(a),
        Some(Command::Render(a)) => commands::render::render(a),
        Some(Command::Info(a)) => commands::info::info(a),
        Some(Command::Convert(a)) => commands::convert::convert(a),
        Some(Command::Bench(a)) => commands::bench::bench(a),
        Some(Command::Export(a)) => commands::export::export(a),
        Some(Command::ProfileDiff(a)) => commands::profile_diff::profile_diff(a),
    }
}

fn main() {
    // Mesa's Vulkan device-select layer connects to Wayland while enumerating adapters and prints
    // "XDG_RUNTIME_DIR is invalid" on headless machines. It only reorders devices, so without a
    // Wayland session it is disabled. Done first, while the process has a single thread.
    if std::env::var_os("WAYLAND_DISPLAY").is_none()
        && std::env::var_os("XDG_RUNTIME_DIR").is_none()
        && std::env::var_os("NODEVICE_SELECT").is_none()
    {
        std::env::set_var("NODEVICE_SELECT", "1");
    }
    let cli = Cli::parse();
    let level = if cli.quiet {
        log::LevelFilter::Error
    } else {
        match cli.verbose {
            0 => log::LevelFilter::Warn,
            1 => log::LevelFilter::Info,
            _ => log::LevelFilter::Debug,
        }
    };
    env_logger::Builder::new()
        .filter_level(level)
        // wgpu and naga are noisy at info on software adapters.
        .filter_module("wgpu_core", log::LevelFilter::Warn.min(level))
        .filter_module("wgpu_hal", log::LevelFilter::Error)
        .filter_module("naga", log::LevelFilter::Warn.min(level))
        .parse_default_env()
        .format_timestamp(None)
        .init();
    match run(&cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
        }
        Err(e) => {
            if let inkplay::Error::CheckFailed { output, .. } = &e {
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(output.as_bytes());
                let _ = stdout.flush();
            }
            eprintln!("inkplay: error: {e}");
            std::process::exit(e.exit_code());
        }
    }
}
