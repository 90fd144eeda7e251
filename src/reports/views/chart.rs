//! Server-rendered SVG bar charts (classes and presentation attributes only: the CSP
//! forbids inline styles; every chart has a text alternative and labels its bars, so
//! it reads without colour).

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

fn group(n: i64) -> String {
    crate::domain::money::format_euro_rounded(n * 100)
        .trim_end_matches('€')
        .trim_end_matches('\u{a0}')
        .to_string()
}

/// A horizontal bar chart: every bar carries its label and value as text, so the
/// chart reads without colour; the `<title>`/`<desc>` pair is its text alternative.
pub fn bar_chart(id: &str, title: &str, bars: &[(String, i64)], unit: &str, class: &str) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let row = 26;
    let label_w = 260;
    let bar_w = 300;
    let height = row * bars.len() as i64 + 10;
    let desc = bars
        .iter()
        .map(|(l, v)| format!("{l}: {}{unit}", group(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {w} {height}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{t}</title><desc id="{id}-d">{d}</desc>"#,
        w = label_w + bar_w + 120,
        t = escape(title),
        d = escape(&desc),
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = 5 + i as i64 * row;
        let w = (value * bar_w / max).max(if *value > 0 { 2 } else { 0 });
        let short: String = if label.chars().count() > 40 {
            format!("{}…", label.chars().take(39).collect::<String>())
        } else {
            label.clone()
        };
        let _ = write!(
            s,
            r##"<text x="{tx}" y="{ty}" text-anchor="end" class="chart-label">{l}</text><rect x="{bx}" y="{y}" width="{w}" height="18" class="{class} bar-{i}" fill="#4a5d7a" stroke="#000" stroke-width="0.5"/><text x="{vx}" y="{ty}" class="chart-value">{v}{u}</text>"##,
            tx = label_w - 8,
            ty = y + 14,
            l = escape(&short),
            bx = label_w,
            vx = label_w + w + 6,
            v = group(*value),
            u = escape(unit),
        );
    }
    s.push_str("</svg>");
    s
}
