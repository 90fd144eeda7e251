//! Server-rendered SVG bar charts (classes and presentation attributes only: the CSP
//! forbids inline styles; every chart has a text alternative and labels its bars, so
//! it reads without colour). The label sits above its bar and the value at the bar's
//! end, so the chart stays readable when it is drawn narrow (labels ≥ 12 px from a
//! width of 330 px on).

use std::fmt::Write;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The value with German thousands separators.
pub fn group(n: i64) -> String {
    crate::domain::money::format_thousands(n)
}

/// Fill colour of a bar class: the Ampel colours, otherwise a dark blue. Shared with
/// the PDF so both formats look alike.
pub fn fill(class: &str) -> &'static str {
    match class {
        "gruen" => "#2e7d32",
        "gelb" => "#e0a800",
        "rot" => "#c62828",
        _ => "#3b5b8c",
    }
}

/// The chart's text alternative: "Title: label value; …".
pub fn alt(title: &str, bars: &[(String, i64, &str)], unit: &str) -> String {
    let values = bars
        .iter()
        .map(|(l, v, _)| format!("{l}: {}{unit}", group(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    format!("{title}. {values}")
}

/// A horizontal bar chart: every bar carries its label and value as text, so the
/// chart reads without colour; the `<title>`/`<desc>` pair is its text alternative.
pub fn bar_chart(id: &str, title: &str, bars: &[(String, i64, &str)], unit: &str) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (width, row, bar_w) = (400, 46, 300);
    let height = row * bars.len() as i64 + 6;
    let desc = bars
        .iter()
        .map(|(l, v, _)| format!("{l}: {}{unit}", group(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{t}</title><desc id="{id}-d">{d}</desc>"#,
        t = escape(title),
        d = escape(&desc),
    );
    for (i, (label, value, class)) in bars.iter().enumerate() {
        let y = 4 + i as i64 * row;
        let w = (value * bar_w / max).max(if *value > 0 { 2 } else { 0 });
        let short: String = if label.chars().count() > 44 {
            format!("{}…", label.chars().take(43).collect::<String>())
        } else {
            label.clone()
        };
        let _ = write!(
            s,
            r##"<text x="0" y="{ty}" font-size="15" fill="#1a1a1a">{l}</text><rect x="0" y="{by}" width="{w}" height="18" class="chart-bar chart-bar-{class}" fill="{f}" stroke="#1a1a1a" stroke-width="0.5"/><text x="{vx}" y="{vy}" font-size="15" font-weight="bold" fill="#1a1a1a">{v}{u}</text>"##,
            ty = y + 15,
            by = y + 21,
            l = escape(&short),
            f = fill(class),
            vx = w + 6,
            vy = y + 35,
            v = group(*value),
            u = escape(unit),
        );
    }
    s.push_str("</svg>");
    s
}
