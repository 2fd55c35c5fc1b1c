//! sRGB colours with straight alpha, parsed from the forms users type.

use std::str::FromStr;
use thiserror::Error;

/// An sRGB-encoded colour with straight (not premultiplied) alpha, 8 bits per channel.
///
/// inkplay renders in sRGB-encoded space (like browsers, resvg and tiny-skia do), so these bytes
/// reach the framebuffer unchanged for an opaque stroke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha (255 = opaque).
    pub a: u8,
}

/// A colour string that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid colour {input:?}: expected #rgb, #rgba, #rrggbb, #rrggbbaa, a CSS name (black, white, …) or 'transparent'")]
pub struct ColorParseError {
    /// What was given.
    pub input: String,
}

impl Color {
    /// Opaque black.
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    /// Opaque white.
    pub const WHITE: Color = Color::rgb(255, 255, 255);
    /// Fully transparent.
    pub const TRANSPARENT: Color = Color::rgba(0, 0, 0, 0);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// A colour with alpha.
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    /// The same colour with its alpha multiplied by `opacity` (0..1).
    pub fn with_opacity(self, opacity: f32) -> Self {
        let a = (f32::from(self.a) * opacity.clamp(0.0, 1.0)).round() as u8;
        Self { a, ..self }
    }

    /// Packed as little-endian `0xAABBGGRR` (the layout of WGSL's `unpack4x8unorm`).
    pub fn to_u32(self) -> u32 {
        u32::from_le_bytes([self.r, self.g, self.b, self.a])
    }

    /// Channels as 0..1 floats, straight alpha.
    pub fn to_f32(self) -> [f32; 4] {
        [self.r, self.g, self.b, self.a].map(|c| f32::from(c) / 255.0)
    }

    /// `#rrggbb` or `#rrggbbaa` (the latter when not opaque).
    pub fn to_hex(self) -> String {
        if self.a == 255 {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", self.r, self.g, self.b, self.a)
        }
    }
}

fn named(name: &str) -> Option<Color> {
    Some(match name {
        "black" => Color::BLACK,
        "white" => Color::WHITE,
        "transparent" | "none" => Color::TRANSPARENT,
        "red" => Color::rgb(255, 0, 0),
        "green" => Color::rgb(0, 128, 0),
        "lime" => Color::rgb(0, 255, 0),
        "blue" => Color::rgb(0, 0, 255),
        "yellow" => Color::rgb(255, 255, 0),
        "cyan" | "aqua" => Color::rgb(0, 255, 255),
        "magenta" | "fuchsia" => Color::rgb(255, 0, 255),
        "gray" | "grey" => Color::rgb(128, 128, 128),
        "orange" => Color::rgb(255, 165, 0),
        "purple" => Color::rgb(128, 0, 128),
        "navy" => Color::rgb(0, 0, 128),
        _ => return None,
    })
}

impl FromStr for Color {
    type Err = ColorParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ColorParseError {
            input: s.to_string(),
        };
        let t = s.trim().to_ascii_lowercase();
        if let Some(c) = named(&t) {
            return Ok(c);
        }
        let hex = t.strip_prefix('#').ok_or_else(err)?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(err());
        }
        let nib = |i: usize| u8::from_str_radix(&hex[i..=i], 16).map(|v| v * 17);
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16);
        let c = match hex.len() {
            3 => Color::rgb(
                nib(0).map_err(|_| err())?,
                nib(1).map_err(|_| err())?,
                nib(2).map_err(|_| err())?,
            ),
            4 => Color::rgba(
                nib(0).map_err(|_| err())?,
                nib(1).map_err(|_| err())?,
                nib(2).map_err(|_| err())?,
                nib(3).map_err(|_| err())?,
            ),
            6 => Color::rgb(
                byte(0).map_err(|_| err())?,
                byte(2).map_err(|_| err())?,
                byte(4).map_err(|_| err())?,
            ),
            8 => Color::rgba(
                byte(0).map_err(|_| err())?,
                byte(2).map_err(|_| err())?,
                byte(4).map_err(|_| err())?,
                byte(6).map_err(|_| err())?,
            ),
            _ => return Err(err()),
        };
        Ok(c)
    }
}

impl std::fmt::Display for Color {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_and_names() {
        assert_eq!("#3080c0".parse(), Ok(Color::rgb(0x30, 0x80, 0xc0)));
        assert_eq!("#3080C080".parse(), Ok(Color::rgba(0x30, 0x80, 0xc0, 0x80)));
        assert_eq!("#fff".parse(), Ok(Color::WHITE));
        assert_eq!("#0008".parse(), Ok(Color::rgba(0, 0, 0, 0x88)));
        assert_eq!("White".parse(), Ok(Color::WHITE));
        assert_eq!("transparent".parse(), Ok(Color::TRANSPARENT));
        assert!("#12345".parse::<Color>().is_err());
        assert!("#gggggg".parse::<Color>().is_err());
        assert!("#ééé".parse::<Color>().is_err());
        assert!("blurple".parse::<Color>().is_err());
    }

    #[test]
    fn round_trips_through_hex() {
        for c in [Color::rgba(1, 2, 3, 4), Color::rgb(250, 128, 0)] {
            assert_eq!(c.to_hex().parse(), Ok(c));
        }
        assert_eq!(Color::rgb(1, 2, 3).to_u32(), 0xff03_0201);
    }
}
