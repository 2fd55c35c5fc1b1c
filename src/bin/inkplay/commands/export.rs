//! `inkplay export`: the replay as a video, an animation or PNG frames, headless.

use std::sync::atomic::{AtomicBool, Ordering};

use inkplay::import;
use inkplay::Error;

use super::Output;
use crate::export_args::ExportArgs;

/// Set by Ctrl-C (SIGINT) or SIGTERM: the export stops and removes its temporary output.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// `inkplay export`: render every frame of the schedule and write the output atomically.
pub fn export(a: &ExportArgs) -> Result<Output, Error> {
    let opts = a.options().map_err(Error::Usage)?;
    let (loaded, name) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    // A first signal stops the export cleanly; a second one ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    let mut bar = crate::progress::Bar::export(!a.no_progress);
    let summary = inkplay::export::export(loaded.drawing, &opts, &mut bar, &CANCEL)?;
    if a.json {
        let mut json =
            serde_json::to_string_pretty(&summary).map_err(|e| Error::Usage(e.to_string()))?;
        json.push('\n');
        return Ok(json);
    }
    Ok(format!("{name}: {}\n", summary.line()))
}
