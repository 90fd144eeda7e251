//! The portfolio chart (effort × benefit) as coordinates for an inline SVG: no style
//! attributes (strict CSP), shapes and labels so that it reads without colour.

use crate::domain::wibe::{HIGH_BENEFIT, LOW_EFFORT};

pub const WIDTH: i64 = 640;
pub const HEIGHT: i64 = 440;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 620.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 380.0;

pub fn x_of(effort: f64) -> f64 {
    LEFT + (effort.clamp(1.0, 5.0) - 1.0) / 4.0 * (RIGHT - LEFT)
}

pub fn y_of(benefit: f64) -> f64 {
    BOTTOM - benefit.clamp(0.0, 100.0) / 100.0 * (BOTTOM - TOP)
}

pub struct Point {
    pub x: String,
    pub y: String,
    /// Square for measures, circle for expectations.
    pub square: bool,
    pub label: String,
    pub label_x: String,
    pub label_y: String,
    /// For the square marker: top-left corner.
    pub sx: String,
    pub sy: String,
}

pub struct Axes {
    pub split_x: String,
    pub split_y: String,
    pub x_ticks: Vec<(String, String)>,
    pub y_ticks: Vec<(String, String)>,
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

pub fn axes() -> Axes {
    Axes {
        split_x: f(x_of(LOW_EFFORT)),
        split_y: f(y_of(HIGH_BENEFIT)),
        x_ticks: (1..=5)
            .map(|e| (f(x_of(e as f64)), e.to_string()))
            .collect(),
        y_ticks: (0..=4)
            .map(|i| (f(y_of(i as f64 * 25.0)), (i * 25).to_string()))
            .collect(),
    }
}

pub fn point(effort: f64, benefit: f64, square: bool, label: &str) -> Point {
    let (x, y) = (x_of(effort), y_of(benefit));
    // Labels go left of points near the right edge so they stay inside the picture.
    let label_x = if x > RIGHT - 60.0 {
        x - 8.0 - 7.0 * label.chars().count() as f64
    } else {
        x + 8.0
    };
    Point {
        x: f(x),
        y: f(y),
        square,
        label: label.to_string(),
        label_x: f(label_x),
        label_y: f(y + 4.0),
        sx: f(x - 5.0),
        sy: f(y - 5.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_map_the_corners() {
        assert!((x_of(1.0) - LEFT).abs() < 1e-9);
        assert!((x_of(5.0) - RIGHT).abs() < 1e-9);
        assert!((y_of(0.0) - BOTTOM).abs() < 1e-9);
        assert!((y_of(100.0) - TOP).abs() < 1e-9);
        assert_eq!(axes().split_x, f(x_of(2.5)));
    }
}
