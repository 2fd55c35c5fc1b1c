//! Decoding what `inkplay export` wrote, independently of the exporter: GIF and APNG frames
//! composited the way a viewer does, and ffprobe's view of a video.
#![allow(dead_code)]

use std::path::Path;

/// A decoded GIF.
pub struct Gif {
    /// Every frame as a viewer shows it (RGBA, transparent where nothing is drawn) and its delay
    /// in hundredths of a second.
    pub frames: Vec<(Vec<u8>, u16)>,
    /// Width and height.
    pub size: (u32, u32),
    /// The loop extension.
    pub repeat: gif::Repeat,
}

/// A decoded APNG.
pub struct Apng {
    /// Every frame composited (RGBA) and its delay (numerator, denominator).
    pub frames: Vec<(Vec<u8>, (u16, u16))>,
    /// The declared frame count.
    pub declared: u32,
    /// The declared play count (0: forever).
    pub plays: u32,
}

/// Decode a GIF the way a viewer composites it.
pub fn gif(path: &Path) -> Gif {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let file = std::fs::File::open(path).expect("open gif");
    let mut d = opts.read_info(file).expect("gif header");
    let (w, h) = (u32::from(d.width()), u32::from(d.height()));
    let mut canvas = vec![0u8; (w * h * 4) as usize];
    let mut frames = Vec::new();
    while let Some(f) = d.read_next_frame().expect("gif frame") {
        let (fx, fy, fw, fh) = (
            u32::from(f.left),
            u32::from(f.top),
            u32::from(f.width),
            u32::from(f.height),
        );
        for y in 0..fh {
            for x in 0..fw {
                let s = ((y * fw + x) * 4) as usize;
                let px = &f.buffer[s..s + 4];
                if px[3] != 0 {
                    let t = (((fy + y) * w + fx + x) * 4) as usize;
                    canvas[t..t + 4].copy_from_slice(px);
                }
            }
        }
        frames.push((canvas.clone(), f.delay));
        if f.dispose == gif::DisposalMethod::Background {
            for y in fy..fy + fh {
                let t = ((y * w + fx) * 4) as usize;
                canvas[t..t + (fw * 4) as usize].fill(0);
            }
        }
    }
    Gif {
        frames,
        size: (w, h),
        repeat: d.repeat(),
    }
}

/// Decode an APNG, compositing its frames.
pub fn apng(path: &Path) -> Apng {
    let bytes = std::fs::read(path).expect("read apng");
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::ALPHA);
    let mut r = dec.read_info().expect("png header");
    let (w, h) = (r.info().width, r.info().height);
    let actl = r.info().animation_control.expect("an animated PNG");
    let mut canvas = vec![0u8; (w * h * 4) as usize];
    let mut frames = Vec::new();
    let mut buf = vec![0; r.output_buffer_size().expect("size")];
    for _ in 0..actl.num_frames {
        let out = r.next_frame(&mut buf).expect("apng frame");
        let fc = r.info().frame_control.expect("fcTL");
        assert_eq!(fc.blend_op, png::BlendOp::Source);
        assert_eq!(fc.dispose_op, png::DisposeOp::None);
        let samples = out.color_type.samples();
        for y in 0..out.height {
            for x in 0..out.width {
                let s = (y as usize * out.line_size) + x as usize * samples;
                let px = &buf[s..s + samples];
                let rgba = if samples == 4 {
                    [px[0], px[1], px[2], px[3]]
                } else {
                    [px[0], px[1], px[2], 255]
                };
                let t = (((fc.y_offset + y) * w + fc.x_offset + x) * 4) as usize;
                canvas[t..t + 4].copy_from_slice(&rgba);
            }
        }
        frames.push((canvas.clone(), (fc.delay_num, fc.delay_den)));
    }
    Apng {
        frames,
        declared: actl.num_frames,
        plays: actl.num_plays,
    }
}

/// ffprobe's codec, size, pixel format and decoded frame count of a video's first stream.
pub fn ffprobe(path: &Path) -> String {
    let o = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,width,height,pix_fmt,nb_read_frames,r_frame_rate",
            "-of",
            "default=noprint_wrappers=1",
        ])
        .arg(path)
        .output()
        .expect("run ffprobe");
    assert!(
        o.status.success(),
        "ffprobe: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Whether ffmpeg and ffprobe are installed; in CI (`CI` set) their absence fails the test.
pub fn have_ffmpeg() -> bool {
    let ok = ["ffmpeg", "ffprobe"].iter().all(|p| {
        std::process::Command::new(p)
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "ffmpeg/ffprobe missing but CI is set: scripts/setup.sh installs them"
        );
        eprintln!("skipping: ffmpeg not installed (scripts/setup.sh installs it)");
    }
    ok
}
