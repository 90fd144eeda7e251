//! HTML as the tests read it: escaping and unescaping text, and the fields a browser would
//! submit for a form of the page.

/// The text as askama escapes it (`&`, `<`, `>` and both quotes).
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Decodes the character references askama and browsers use.
pub fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn attrs(tag: &str) -> Vec<(String, Option<String>)> {
    let re = regex_lite::Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*"([^"]*)")?"#)
        .expect("regex");
    re.captures_iter(tag)
        .map(|c| {
            (
                c[1].to_ascii_lowercase(),
                c.get(2).map(|v| unescape_html(v.as_str())),
            )
        })
        .collect()
}

fn attr<'a>(attrs: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_deref().unwrap_or(""))
}

/// The fields a browser would submit for the first `<form>` whose action contains
/// `action_part`: inputs (checkboxes and radios only when checked), the selected option
/// of each select (or its first), textareas. None if there is no such form.
pub fn scrape_form(html: &str, action_part: &str) -> Option<Vec<(String, String)>> {
    let form_re = regex_lite::Regex::new(r#"(?s)<form\b([^>]*)>(.*?)</form>"#).expect("regex");
    let form = form_re
        .captures_iter(html)
        .find(|c| attr(&attrs(&c[1]), "action").is_some_and(|a| a.contains(action_part)))?;
    let inner = form.get(2)?.as_str();
    let mut fields: Vec<(usize, String, String)> = Vec::new();

    let input_re = regex_lite::Regex::new(r#"<input\b([^>]*)>"#).expect("regex");
    for c in input_re.captures_iter(inner) {
        let a = attrs(&c[1]);
        let Some(name) = attr(&a, "name") else {
            continue;
        };
        let kind = attr(&a, "type").unwrap_or("text").to_ascii_lowercase();
        if matches!(
            kind.as_str(),
            "submit" | "button" | "reset" | "image" | "file"
        ) {
            continue;
        }
        if matches!(kind.as_str(), "checkbox" | "radio") && attr(&a, "checked").is_none() {
            continue;
        }
        let default = if matches!(kind.as_str(), "checkbox" | "radio") {
            "on"
        } else {
            ""
        };
        let value = attr(&a, "value").unwrap_or(default).to_string();
        fields.push((c.get(0)?.start(), name.to_string(), value));
    }

    let select_re =
        regex_lite::Regex::new(r#"(?s)<select\b([^>]*)>(.*?)</select>"#).expect("regex");
    let option_re = regex_lite::Regex::new(r#"<option\b([^>]*)>"#).expect("regex");
    for c in select_re.captures_iter(inner) {
        let a = attrs(&c[1]);
        let Some(name) = attr(&a, "name") else {
            continue;
        };
        let options: Vec<_> = option_re
            .captures_iter(&c[2])
            .map(|o| attrs(&o[1]))
            .collect();
        let chosen = options
            .iter()
            .find(|o| attr(o, "selected").is_some())
            .or(options.first());
        let value = chosen
            .and_then(|o| attr(o, "value"))
            .unwrap_or("")
            .to_string();
        fields.push((c.get(0)?.start(), name.to_string(), value));
    }

    let textarea_re =
        regex_lite::Regex::new(r#"(?s)<textarea\b([^>]*)>(.*?)</textarea>"#).expect("regex");
    for c in textarea_re.captures_iter(inner) {
        let a = attrs(&c[1]);
        let Some(name) = attr(&a, "name") else {
            continue;
        };
        let raw = &c[2];
        // The HTML parser drops one newline right after the start tag.
        let raw = raw
            .strip_prefix("\r\n")
            .or_else(|| raw.strip_prefix('\n'))
            .unwrap_or(raw);
        fields.push((c.get(0)?.start(), name.to_string(), unescape_html(raw)));
    }

    fields.sort_by_key(|(pos, _, _)| *pos);
    Some(fields.into_iter().map(|(_, k, v)| (k, v)).collect())
}

/// Sets (or adds) a field in a scraped form.
pub fn set_field(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}
