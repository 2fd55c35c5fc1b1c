//! Screenshots: the frame's surface texture (overlay included) read back before it is presented
//! and written as an opaque PNG.

use std::path::PathBuf;

use super::app::{show_error, Gfx};
use super::overlay::UiState;
use super::report::PlayReport;
use crate::gpu::{read_texture_rgba8, GpuError};
use crate::Error;

/// Save `texture` to each of `shots`. A failure is an overlay error, or, when `automated`
/// (`--frames`), the frame's error.
pub(super) fn save_screenshots(
    shots: &[PathBuf],
    g: &Gfx,
    texture: &wgpu::Texture,
    automated: bool,
    report: &mut PlayReport,
    ui: &mut UiState,
) -> Result<(), Error> {
    for path in shots {
        puffin::profile_scope!("screenshot");
        let res = if g.can_read_back {
            read_texture_rgba8(&g.gpu, &g.gpu_mem, texture)
                .map_err(Error::from)
                .and_then(|mut px| {
                    // What the window shows is opaque.
                    for p in px.chunks_exact_mut(4) {
                        p[3] = 255;
                    }
                    crate::output::write_png(path, &px, g.config.width, g.config.height)
                        .map_err(Error::from)
                })
        } else {
            Err(GpuError::Device(
                "this window surface cannot be read back (no COPY_SRC usage)".into(),
            )
            .into())
        };
        match res {
            Ok(()) => {
                log::info!("saved {}", path.display());
                report.screenshots.push(path.display().to_string());
                ui.status = Some(format!("saved {}", path.display()));
            }
            Err(e) if automated => return Err(e),
            Err(e) => show_error(report, ui, format!("screenshot {}: {e}", path.display())),
        }
    }
    Ok(())
}
