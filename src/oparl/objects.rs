//! The OParl 1.1 objects as JSON, built from `data::Data`. Every object carries `id` (its
//! own URL), `type`, `created` and `modified`, embedded ones too; a deleted object keeps
//! only those and `deleted: true`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::data::{Data, Item, Meeting, Report, local_date, local_time};

pub const VERSION: &str = "https://schema.oparl.org/1.1/";
pub const AG_NAME: &str = "Arbeitsgruppe Digitalisierung der Verwaltung";

/// The lists of the Body (path segment after `body/1/`), in the order of the Body object.
pub const BODY_LISTS: &[(&str, &str)] = &[
    ("organization", "organization"),
    ("person", "person"),
    ("meeting", "meeting"),
    ("paper", "paper"),
    ("agendaItem", "agendaItem"),
    ("consultation", "consultation"),
    ("file", "file"),
    ("locationList", "location"),
    ("legislativeTermList", "legislativeTerm"),
    ("membership", "membership"),
];

pub fn type_uri(t: &str) -> String {
    format!("{VERSION}{t}")
}

/// URLs of this interface: `{origin}/oparl/v1.1/{path}`.
pub struct Urls {
    pub origin: String,
}

impl Urls {
    pub fn at(&self, path: &str) -> String {
        format!("{}/oparl/v1.1/{path}", self.origin)
    }
    pub fn system(&self) -> String {
        self.at("")
    }
    pub fn body(&self) -> String {
        self.at("body/1")
    }
    pub fn list(&self, segment: &str) -> String {
        self.at(&format!("body/1/{segment}"))
    }
    pub fn organization(&self) -> String {
        self.at("organization/1")
    }
    pub fn meeting(&self, id: i64) -> String {
        self.at(&format!("meeting/{id}"))
    }
    pub fn item(&self, id: i64) -> String {
        self.at(&format!("agendaitem/{id}"))
    }
    pub fn paper(&self, id: i64) -> String {
        self.at(&format!("paper/{id}"))
    }
    pub fn file(&self, report: i64, ext: &str) -> String {
        self.at(&format!("file/{report}-{ext}"))
    }
}

pub fn ts(t: DateTime<Utc>) -> String {
    local_time(t)
}

fn base(
    id: String,
    kind: &str,
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(id));
    m.insert("type".into(), Value::String(type_uri(kind)));
    m.insert("created".into(), Value::String(ts(created)));
    m.insert("modified".into(), Value::String(ts(modified)));
    m
}

fn body_name(d: &Data) -> String {
    if d.city.is_empty() {
        "Stadtverwaltung".into()
    } else {
        d.city.clone()
    }
}

fn body_modified(d: &Data) -> DateTime<Utc> {
    d.letterhead_changed
        .map_or(d.installed, |t| t.max(d.installed))
}

pub fn system(d: &Data, u: &Urls) -> Value {
    let mut m = base(u.system(), "System", d.installed, body_modified(d));
    m.insert("oparlVersion".into(), json!(VERSION));
    m.insert("body".into(), json!(u.at("body")));
    m.insert(
        "name".into(),
        json!(format!(
            "Sachstand – Maßnahmencontrolling Digitalisierung, {}",
            body_name(d)
        )),
    );
    m.insert("website".into(), json!(format!("{}/", u.origin)));
    Value::Object(m)
}

pub fn body(d: &Data, u: &Urls) -> Value {
    let mut m = base(u.body(), "Body", d.installed, body_modified(d));
    m.insert("system".into(), json!(u.system()));
    m.insert("name".into(), json!(body_name(d)));
    for (property, segment) in BODY_LISTS {
        m.insert((*property).into(), json!(u.list(segment)));
    }
    // Sachstand holds no legislative terms: the embedded list is empty (it is obligatory).
    m.insert("legislativeTerm".into(), json!([]));
    Value::Object(m)
}

pub fn organization(d: &Data, u: &Urls) -> Value {
    let mut m = base(u.organization(), "Organization", d.installed, d.installed);
    m.insert("body".into(), json!(u.body()));
    m.insert("name".into(), json!(AG_NAME));
    m.insert("shortName".into(), json!("AG Digitalisierung"));
    m.insert("organizationType".into(), json!("Gremium"));
    m.insert("classification".into(), json!("Arbeitsgruppe"));
    m.insert("meeting".into(), json!(u.list("meeting")));
    Value::Object(m)
}

fn meeting_name(m: &Meeting) -> String {
    let day = m.start.map(local_date).unwrap_or_default();
    let day = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
        .map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default();
    let what = if m.kind == "quartal" {
        "Gemeinsame Sitzung der AG Digitalisierung mit Oberbürgermeister, Datenschutz, Informationssicherheit und Personalrat"
    } else {
        "Sitzung der AG Digitalisierung"
    };
    if day.is_empty() {
        what.to_string()
    } else {
        format!("{what} am {day}")
    }
}

pub fn meeting(d: &Data, u: &Urls, m: &Meeting, omit_internal: bool) -> Value {
    let mut o = base(u.meeting(m.id), "Meeting", m.created, m.modified);
    o.insert("name".into(), json!(meeting_name(m)));
    match m.state.as_str() {
        "abgesagt" => {
            o.insert("cancelled".into(), json!(true));
        }
        "durchgefuehrt" => {
            o.insert("meetingState".into(), json!("durchgeführt"));
        }
        other => {
            o.insert("meetingState".into(), json!(other));
        }
    }
    if let Some(s) = m.start {
        o.insert("start".into(), json!(ts(s)));
    }
    if let Some(e) = m.end {
        o.insert("end".into(), json!(ts(e)));
    }
    o.insert("organization".into(), json!([u.organization()]));
    if !omit_internal {
        // Embedded: only the public items (never deleted objects).
        let items: Vec<Value> = d
            .items
            .iter()
            .filter(|i| i.meeting_id == m.id && i.public_name.is_some())
            .map(|i| item(u, i))
            .collect();
        if !items.is_empty() {
            o.insert("agendaItem".into(), Value::Array(items));
        }
    }
    Value::Object(o)
}

pub fn item(u: &Urls, i: &Item) -> Value {
    let mut o = base(u.item(i.id), "AgendaItem", i.created, i.modified);
    match &i.public_name {
        None => {
            // `order` is obligatory for an AgendaItem; it says nothing about the content.
            o.insert("order".into(), json!(i.order));
            o.insert("deleted".into(), json!(true));
        }
        Some(name) => {
            o.insert("meeting".into(), json!(u.meeting(i.meeting_id)));
            o.insert("number".into(), json!((i.order + 1).to_string()));
            o.insert("order".into(), json!(i.order));
            o.insert("name".into(), json!(name));
            o.insert("public".into(), json!(true));
        }
    }
    Value::Object(o)
}

pub fn paper(u: &Urls, r: &Report, omit_internal: bool) -> Value {
    let mut o = base(u.paper(r.id), "Paper", r.released, r.released);
    o.insert("body".into(), json!(u.body()));
    o.insert("name".into(), json!(r.name));
    if !r.vorlage_no.is_empty() {
        o.insert("reference".into(), json!(r.vorlage_no));
    }
    o.insert("date".into(), json!(local_date(r.released)));
    o.insert("paperType".into(), json!("Informationsvorlage"));
    o.insert("mainFile".into(), file(u, r, false, true));
    if !omit_internal && r.docx_size.is_some() {
        o.insert("auxiliaryFile".into(), json!([file(u, r, true, true)]));
    }
    Value::Object(o)
}

/// The PDF (`docx == false`) or the DOCX of a released report; `embedded` leaves out the
/// back reference to the paper.
pub fn file(u: &Urls, r: &Report, docx: bool, embedded: bool) -> Value {
    let ext = if docx { "docx" } else { "pdf" };
    let id = u.file(r.id, ext);
    let mut o = base(id.clone(), "File", r.released, r.released);
    let (label, mime, size) = if docx {
        (
            "Word-Fassung",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            r.docx_size.unwrap_or(0),
        )
    } else {
        ("PDF", "application/pdf", r.pdf_size)
    };
    o.insert("name".into(), json!(format!("{} ({label})", r.name)));
    o.insert("fileName".into(), json!(format!("{}.{ext}", r.file_stem)));
    o.insert("mimeType".into(), json!(mime));
    o.insert("date".into(), json!(local_date(r.released)));
    o.insert("size".into(), json!(size));
    o.insert("accessUrl".into(), json!(format!("{id}/access")));
    o.insert("downloadUrl".into(), json!(format!("{id}/download")));
    if !embedded {
        o.insert("paper".into(), json!([u.paper(r.id)]));
    }
    Value::Object(o)
}
