//! The Atom 1.0 feed of released reports (RFC 4287): one entry per report with its page
//! and its PDF (and DOCX) as links. The publisher is the city, never a person.

use crate::lookups::transparency::ReleasedReport;

/// Text and attribute values for XML: escaped, and without the characters XML 1.0 does
/// not allow (control characters other than tab and line breaks) or that hide text.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::domain::text::visible(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Where the feed's links point (absolute addresses).
pub struct Links<'a> {
    pub feed: String,
    pub page: String,
    pub report: &'a dyn Fn(i64) -> String,
    pub pdf: &'a dyn Fn(i64) -> String,
    pub docx: &'a dyn Fn(i64) -> String,
}

/// The feed's `updated` without any report: a fixed instant, so the document (and its
/// ETag) does not change by itself.
const NEVER: &str = "2000-01-01T00:00:00Z";

pub fn atom(reports: &[ReleasedReport], city: &str, links: &Links<'_>) -> String {
    let publisher = if city.is_empty() {
        "Stadtverwaltung"
    } else {
        city
    };
    let updated = reports
        .iter()
        .map(|r| r.released_at.as_str())
        .max()
        .unwrap_or(NEVER);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">\n");
    x.push_str(&format!("  <id>{}</id>\n", xml(&links.feed)));
    x.push_str(&format!(
        "  <title>Sachstandsberichte Digitalisierung – {}</title>\n",
        xml(publisher)
    ));
    x.push_str("  <subtitle>Freigegebene Sachstandsberichte zum Arbeitsprogramm Digitalisierung</subtitle>\n");
    x.push_str(&format!("  <updated>{}</updated>\n", xml(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(publisher)
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&links.feed)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&links.page)
    ));
    for r in reports {
        let title = format!(
            "Sachstandsbericht {} (Vorlage {})",
            r.period_label, r.vorlage_no
        );
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", xml(&(links.report)(r.id))));
        x.push_str(&format!("    <title>{}</title>\n", xml(&title)));
        x.push_str(&format!("    <updated>{}</updated>\n", xml(&r.released_at)));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            xml(&r.released_at)
        ));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&(links.report)(r.id))
        ));
        if r.has_pdf {
            x.push_str(&format!(
                "    <link rel=\"enclosure\" type=\"application/pdf\" title=\"PDF\" href=\"{}\"/>\n",
                xml(&(links.pdf)(r.id))
            ));
        }
        if r.has_docx {
            x.push_str(&format!(
                "    <link rel=\"enclosure\" type=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\" title=\"Word\" href=\"{}\"/>\n",
                xml(&(links.docx)(r.id))
            ));
        }
        let summary = if r.summary.trim().is_empty() {
            format!(
                "{} – Stichtag {}",
                r.programme,
                crate::domain::dates::format_iso(Some(&r.cutoff_on))
            )
        } else {
            r.summary.clone()
        };
        x.push_str(&format!("    <summary>{}</summary>\n", xml(&summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a<b>&\"'\u{1}\u{202E}c"),
            "a&lt;b&gt;&amp;&quot;&apos;c"
        );
    }
}
