//! One sample of the pen: [`Point`].

/// One sample of the pen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position in drawing units.
    pub x: f32,
    /// Vertical position in drawing units (down is positive).
    pub y: f32,
    /// Milliseconds from the start of the drawing. `f64` so that long recordings keep sub-millisecond
    /// precision; the GPU only ever sees times relative to the stroke's start.
    pub t_ms: f64,
    /// Pen pressure in `0..=1`; [`Point::DEFAULT_PRESSURE`] where the source had none.
    pub pressure: f32,
}

impl Point {
    /// Pressure given to points whose source recorded none (mouse, touch, formats without pressure).
    pub const DEFAULT_PRESSURE: f32 = 0.5;

    /// A point with [`Point::DEFAULT_PRESSURE`].
    pub fn new(x: f32, y: f32, t_ms: f64) -> Self {
        Self {
            x,
            y,
            t_ms,
            pressure: Self::DEFAULT_PRESSURE,
        }
    }

    /// The same point with the given pressure.
    pub fn with_pressure(mut self, pressure: f32) -> Self {
        self.pressure = pressure;
        self
    }
}
