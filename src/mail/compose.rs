//! A mail as the outbox stores it, and a small builder that writes the same content as
//! plain text and as simple, accessible HTML (no images, no remote content, no tracking).

/// One file attached to a mail (the iCalendar invitation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    /// e.g. `text/calendar; method=REQUEST; charset=UTF-8`
    pub content_type: String,
    pub body: String,
}

/// A mail ready to be queued.
#[derive(Debug, Clone)]
pub struct Mail {
    /// What caused it (`abfrage`, `einladung`, …), shown on the admin page.
    pub kind: &'static str,
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachment: Option<Attachment>,
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

enum Block {
    Para(String),
    Items(Vec<Item>),
}

/// A list entry: a text, optionally a link (label is the text, the address follows it in
/// the plain text).
#[derive(Debug, Clone)]
pub struct Item {
    pub text: String,
    pub link: Option<String>,
}

/// Builds the plain text and the HTML of a mail from the same blocks.
pub struct Body {
    greeting: String,
    blocks: Vec<Block>,
}

impl Body {
    pub fn new(greeting: impl Into<String>) -> Self {
        Self {
            greeting: greeting.into(),
            blocks: Vec::new(),
        }
    }

    pub fn para(mut self, text: impl Into<String>) -> Self {
        self.blocks.push(Block::Para(text.into()));
        self
    }

    pub fn items(mut self, items: Vec<Item>) -> Self {
        self.blocks.push(Block::Items(items));
        self
    }

    /// A single link as its own paragraph.
    pub fn link(self, text: impl Into<String>, url: impl Into<String>) -> Self {
        self.items(vec![Item {
            text: text.into(),
            link: Some(url.into()),
        }])
    }

    pub fn text(&self) -> String {
        let mut t = format!("{}\n\n", self.greeting);
        for b in &self.blocks {
            match b {
                Block::Para(p) => t.push_str(&format!("{p}\n\n")),
                Block::Items(items) => {
                    for i in items {
                        match &i.link {
                            Some(url) => t.push_str(&format!("- {}\n  {url}\n", i.text)),
                            None => t.push_str(&format!("- {}\n", i.text)),
                        }
                    }
                    t.push('\n');
                }
            }
        }
        t.push_str(SIGNATURE_TEXT);
        t
    }

    pub fn html(&self, title: &str) -> String {
        let mut h = format!(
            "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n<p>{}</p>\n",
            html_escape(title),
            html_escape(&self.greeting)
        );
        for b in &self.blocks {
            match b {
                Block::Para(p) => h.push_str(&format!("<p>{}</p>\n", html_escape(p))),
                Block::Items(items) => {
                    h.push_str("<ul>\n");
                    for i in items {
                        match &i.link {
                            Some(url) => h.push_str(&format!(
                                "<li><a href=\"{}\">{}</a></li>\n",
                                html_escape(url),
                                html_escape(&i.text)
                            )),
                            None => h.push_str(&format!("<li>{}</li>\n", html_escape(&i.text))),
                        }
                    }
                    h.push_str("</ul>\n");
                }
            }
        }
        h.push_str(SIGNATURE_HTML);
        h.push_str("</body></html>\n");
        h
    }

    /// The mail to one recipient with this body.
    pub fn mail(&self, kind: &'static str, to: &str, to_name: &str, subject: &str) -> Mail {
        Mail {
            kind,
            to: to.to_string(),
            to_name: to_name.to_string(),
            subject: subject.to_string(),
            text: self.text(),
            html: self.html(subject),
            attachment: None,
        }
    }
}

const SIGNATURE_TEXT: &str = "-- \nDiese Nachricht wurde von Sachstand, dem Maßnahmencontrolling der Stadtverwaltung, versandt.\nErinnerungen können Sie in Sachstand unter „Benachrichtigungen“ abbestellen.\n";
const SIGNATURE_HTML: &str = "<hr>\n<p>Diese Nachricht wurde von Sachstand, dem Maßnahmencontrolling der Stadtverwaltung, versandt. Erinnerungen können Sie in Sachstand unter „Benachrichtigungen“ abbestellen.</p>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_html_carry_the_same_links_and_html_is_escaped() {
        let b = Body::new("Guten Tag Frau <Muster>,")
            .para("Bitte melden Sie bis 28.11.2026.")
            .items(vec![Item {
                text: "HF1-01 E-Akte & Co".into(),
                link: Some("https://s.example/massnahmen/1#sachstand".into()),
            }]);
        let t = b.text();
        assert!(t.contains("- HF1-01 E-Akte & Co\n  https://s.example/massnahmen/1#sachstand\n"));
        let h = b.html("Betreff");
        assert!(h.contains("<p>Guten Tag Frau &lt;Muster&gt;,</p>"));
        assert!(h.contains(
            "<li><a href=\"https://s.example/massnahmen/1#sachstand\">HF1-01 E-Akte &amp; Co</a></li>"
        ));
        assert!(!h.contains("<img"));
    }
}
