//! The audit log as people read it: German action labels, objects named as users know
//! them (HF1-05, "TOP 2 der Sitzung am 08.12.2026", person names) with links, local
//! time, and only the changed fields as "Feld: alt → neu" with readable values. The
//! stored rows stay as they are (they are the hash-chained record); this is only the view.
//! Names are resolved per page with one query per kind of object, not per row.

use std::collections::{BTreeSet, HashMap};

use crate::db::Pool;
use serde_json::Value;

use super::queries::{self, AuditRow};
use crate::audit::{Action, Entity};
use crate::domain::dates::{format_iso, format_timestamp};
use crate::domain::{Ampel, Priority, Role, SignOffState, SignOffTrack, Status};

/// One field that changed.
pub struct Change {
    pub label: String,
    /// None: the field had no value before (a creation).
    pub old: Option<String>,
    pub new: String,
}

pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// The role the actor acted in ("AG-Mitglied"), empty for the command line.
    pub actor_role: &'static str,
    pub actor_href: Option<String>,
    pub action: String,
    pub kind: &'static str,
    pub object: String,
    pub object_href: Option<String>,
    /// `?art=…&objekt=…`: the history of this object.
    pub history_query: Option<String>,
    pub changes: Vec<Change>,
}

/// The object types of the filter: (key, label). `anmeldung` stands for logins and logouts
/// (stored with the entity `sitzung` and the account's id).
pub fn object_types() -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&'static str, &'static str)> = vec![("anmeldung", "Anmeldung/Abmeldung")];
    v.extend(Entity::ALL.iter().map(|e| (e.key(), e.label())));
    v
}

fn is_login(action: &str) -> bool {
    matches!(action, "anmelden" | "abmelden")
}

/// What the row is about: the entity, except that logins are about the account.
fn kind_of(r: &AuditRow) -> Option<Entity> {
    if is_login(&r.action) {
        return Some(Entity::Benutzer);
    }
    Entity::parse(&r.entity)
}

/// The German label of the action; "angelegt"/"geändert" name the kind of object.
pub fn action_label(action: &str, entity: &str) -> String {
    let e = Entity::parse(entity);
    match (Action::parse(action), e) {
        (Some(Action::Anlegen), Some(e)) => format!("{} angelegt", e.label()),
        (Some(Action::Bearbeiten), Some(e)) => format!("{} geändert", e.label()),
        (Some(a), _) => a.label().to_string(),
        (None, _) => action.replace('_', " "),
    }
}

/// German labels of the recorded fields.
pub fn field_label(key: &str) -> String {
    let label = match key {
        "title" => "Titel",
        "code" => "Nummer",
        "description" => "Beschreibung",
        "programme_id" => "Programm",
        "field_id" => "Handlungsfeld",
        "org_unit_id" => "Organisationseinheit",
        "person_id" => "Person",
        "priority" => "Priorität",
        "planned_start" => "Geplanter Beginn",
        "planned_end" => "Geplantes Ende",
        "actual_start" => "Tatsächlicher Beginn",
        "actual_end" => "Tatsächliches Ende",
        "effort_days" => "Aufwand (Personentage)",
        "dsb_relevant" => "Datenschutz beteiligt",
        "isb_relevant" => "Informationssicherheit beteiligt",
        "pr_relevant" => "Personalrat beteiligt",
        "ozg_key" => "OZG-Leistung",
        "ozg_model" => "OZG-Reifegradmodell",
        "ozg_level" => "OZG-Reifegrad",
        "sign_offs" => "Beteiligungen",
        "status" => "Status",
        "ampel" => "Ampel",
        "progress" => "Fortschritt",
        "text" => "Sachstand",
        "next_steps" => "Nächste Schritte",
        "blockers" => "Hindernisse",
        "reason" => "Begründung",
        "options" => "Handlungsoptionen",
        "decision_by" => "Entscheidung nötig bis",
        "archived_at" => "Archiviert am",
        "username" => "Benutzername",
        "display_name" => "Name",
        "role" => "Rolle",
        "active" => "Aktiv",
        "failed_logins" => "Fehlversuche",
        "password_changed_at" => "Passwort gesetzt am",
        "must_change_password" => "Passwortwechsel verlangt",
        "andere_sitzungen_beendet" => "Andere Anmeldungen beendet",
        "name" => "Name",
        "function" => "Funktion",
        "email" => "E-Mail",
        "unit" => "Einheit",
        "parent_id" => "Übergeordnete Einheit",
        "ag_role" => "Rolle in der AG",
        "since" => "Seit",
        "until" => "Bis",
        "starts_at" => "Beginn",
        "ends_at" => "Ende",
        "place" => "Ort",
        "kind" => "Art",
        "state" => "Stand",
        "position" => "Position",
        "presenter_id" => "Vortragende Person",
        "planned_minutes" => "Geplante Minuten",
        "public" => "Öffentlich",
        "notes" => "Notizen",
        "outcome" => "Ergebnis",
        "measure_id" => "Maßnahme",
        "measure_ids" => "Maßnahmen",
        "measure_code" => "Maßnahme",
        "milestone_id" => "Meilenstein",
        "item_id" => "TOP",
        "owner_id" => "Verantwortlich",
        "due_on" => "Fällig am",
        "done_on" => "Erledigt am",
        "decided_on" => "Entschieden am",
        "note" => "Anmerkung",
        "track" => "Beteiligung",
        "period_label" => "Berichtszeitraum",
        "period_start" => "Zeitraum ab",
        "cutoff_on" => "Stichtag",
        "vorlage_no" => "Vorlagen-Nr.",
        "addressee" => "Adressat",
        "committee_on" => "Sitzung des Ausschusses",
        "summary" => "Zusammenfassung",
        "outlook" => "Ausblick",
        "released_at" => "Freigegeben am",
        "corrects_id" => "Berichtigt Bericht",
        "request_started_at" => "Abfrage gestartet am",
        "request_due_on" => "Rückmeldung bis",
        "year" => "Jahr",
        "fiscal_year" => "Haushaltsjahr",
        "half" => "Halbjahr",
        "person_days" => "Personentage",
        "planned" => "Ansatz",
        "actual" => "Ist",
        "approved" => "Genehmigt",
        "product" => "Produkt",
        "label" => "Bezeichnung",
        "indicator" => "Indikator",
        "baseline" => "Ausgangswert",
        "baseline_on" => "Ausgangswert am",
        "target_value" => "Zielwert",
        "target_on" => "Ziel bis",
        "value" => "Wert",
        "read_on" => "Gemessen am",
        "origin" => "Herkunft",
        "raised_on" => "Eingebracht am",
        "recommendation" => "Empfehlung",
        "decision" => "Entscheidung",
        "decision_reason" => "Begründung der Entscheidung",
        "revision_id" => "Fassung",
        "revised_on" => "Fassung vom",
        "resolution_ref" => "Beschluss",
        "change" => "Änderung",
        "interval_days" => "Abstand (Tage)",
        "first_on" => "Erste Sitzung",
        "minutes_approved_in" => "Protokoll genehmigt in Sitzung",
        "agenda_released_at" => "Tagesordnung freigegeben am",
        "agenda_released_by" => "Tagesordnung freigegeben von",
        "attendance" => "Anwesenheit",
        "participants" => "Teilnehmende",
        "guest" => "Gast",
        "dealt_with" => "Behandelt",
        "skipped" => "Übersprungen",
        "items" => "TOPs",
        "order" => "Reihenfolge",
        "comments" => "Kommentare",
        "changed_after_release" => "Nach Freigabe geändert",
        "created_at" => "Angelegt am",
        "version" => "Version",
        // issue 16: the public view of a measure
        "public_description" => "Öffentliche Beschreibung",
        other => return other.replace('_', " "),
    };
    label.to_string()
}

/// Which lookup an id-valued field needs.
fn id_kind(key: &str) -> Option<Lookup> {
    Some(match key {
        "person_id" | "presenter_id" | "owner_id" => Lookup::Person,
        "org_unit_id" | "parent_id" => Lookup::Unit,
        "field_id" => Lookup::Field,
        "programme_id" => Lookup::Programme,
        "measure_id" | "measure_ids" => Lookup::Measure,
        "agenda_released_by" => Lookup::User,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
enum Lookup {
    Measure,
    Meeting,
    Item,
    User,
    Person,
    Report,
    Goal,
    Field,
    Unit,
    Programme,
    Series,
    Task,
    Expectation,
    Membership,
    Setting,
    Mail,
}

impl Lookup {
    fn of(e: Entity) -> Self {
        match e {
            Entity::Massnahme => Lookup::Measure,
            Entity::Sitzung => Lookup::Meeting,
            Entity::Tagesordnungspunkt => Lookup::Item,
            Entity::Benutzer => Lookup::User,
            Entity::Person => Lookup::Person,
            Entity::Bericht => Lookup::Report,
            Entity::Ziel => Lookup::Goal,
            Entity::Handlungsfeld => Lookup::Field,
            Entity::Organisationseinheit => Lookup::Unit,
            Entity::Programm => Lookup::Programme,
            Entity::Sitzungsserie => Lookup::Series,
            Entity::Aufgabe => Lookup::Task,
            Entity::Erwartung => Lookup::Expectation,
            Entity::AgMitgliedschaft => Lookup::Membership,
            Entity::Einstellung => Lookup::Setting,
            Entity::Email => Lookup::Mail,
        }
    }

    /// `id, a, b, parent` of the objects, for `WHERE id IN (…)`.
    fn sql(self) -> &'static str {
        match self {
            Lookup::Measure => {
                "SELECT id, code, title, CAST(0 AS BIGINT) FROM measures WHERE id IN ("
            }
            Lookup::Meeting => {
                "SELECT id, kind, starts_at, CAST(0 AS BIGINT) FROM meetings WHERE id IN ("
            }
            Lookup::Item => {
                "SELECT t.id, CAST(t.position AS TEXT), m.starts_at, t.meeting_id FROM agenda_items t JOIN meetings m ON m.id = t.meeting_id WHERE t.id IN ("
            }
            Lookup::User => {
                "SELECT id, display_name, username, CAST(0 AS BIGINT) FROM users WHERE id IN ("
            }
            Lookup::Person => "SELECT id, name, '', CAST(0 AS BIGINT) FROM people WHERE id IN (",
            Lookup::Report => {
                "SELECT id, period_label, vorlage_no, CAST(0 AS BIGINT) FROM reports WHERE id IN ("
            }
            Lookup::Goal => "SELECT id, title, '', CAST(0 AS BIGINT) FROM goals WHERE id IN (",
            Lookup::Field => "SELECT id, code, title, CAST(0 AS BIGINT) FROM fields WHERE id IN (",
            Lookup::Unit => "SELECT id, code, name, CAST(0 AS BIGINT) FROM org_units WHERE id IN (",
            Lookup::Programme => {
                "SELECT id, short_title, '', CAST(0 AS BIGINT) FROM programmes WHERE id IN ("
            }
            Lookup::Series => {
                "SELECT id, title, '', CAST(0 AS BIGINT) FROM meeting_series WHERE id IN ("
            }
            Lookup::Task => "SELECT id, title, '', CAST(0 AS BIGINT) FROM tasks WHERE id IN (",
            Lookup::Expectation => {
                "SELECT id, title, '', CAST(0 AS BIGINT) FROM expectations WHERE id IN ("
            }
            Lookup::Setting => {
                "SELECT id, 'Briefkopf der Vorlagen', '', CAST(0 AS BIGINT) FROM letterhead WHERE id IN ("
            }
            Lookup::Mail => {
                "SELECT id, subject, recipient, CAST(0 AS BIGINT) FROM outbox WHERE id IN ("
            }
            Lookup::Membership => {
                "SELECT a.id, p.name, a.ag_role, a.person_id FROM ag_memberships a JOIN people p ON p.id = a.person_id WHERE a.id IN ("
            }
        }
    }

    /// The name users know the object by, and where it is shown.
    fn name(self, id: i64, a: &str, b: &str, parent: i64) -> (String, Option<String>) {
        match self {
            Lookup::Measure => (format!("{a} {b}"), Some(format!("/massnahmen/{id}"))),
            Lookup::Meeting => (
                format!("Sitzung am {}", format_iso(Some(b))),
                Some(format!("/sitzungen/{id}")),
            ),
            Lookup::Item => (
                format!("TOP {a} der Sitzung am {}", format_iso(Some(b))),
                Some(format!("/sitzungen/{parent}/tops/{id}")),
            ),
            Lookup::User => (
                if a.is_empty() || a == b {
                    b.to_string()
                } else {
                    format!("{a} ({b})")
                },
                Some(format!("/verwaltung/benutzer/{id}")),
            ),
            Lookup::Person => (a.to_string(), Some(format!("/organisation/personen/{id}"))),
            Lookup::Report => (
                format!("Bericht {a} ({b})"),
                Some(format!("/berichte/{id}")),
            ),
            Lookup::Goal => (a.to_string(), Some("/ziele".to_string())),
            Lookup::Field => (format!("{a} {b}"), Some("/programme".to_string())),
            Lookup::Unit => (
                super::views::unit_label(a, b),
                Some("/organisation".to_string()),
            ),
            Lookup::Programme => (a.to_string(), Some("/programme".to_string())),
            Lookup::Series => (a.to_string(), Some("/sitzungen".to_string())),
            Lookup::Task => (a.to_string(), None),
            Lookup::Expectation => (a.to_string(), Some(format!("/bewertung/{id}"))),
            Lookup::Setting => (a.to_string(), Some("/verwaltung/briefkopf".to_string())),
            Lookup::Mail => (
                format!("E-Mail „{a}“ an {b}"),
                Some("/verwaltung/postausgang?zeige=fehlgeschlagen".to_string()),
            ),
            Lookup::Membership => (
                format!("AG-Mitgliedschaft von {a}"),
                Some(format!("/organisation/personen/{parent}")),
            ),
        }
    }
}

/// The names of one page's objects, loaded with one query per kind.
#[derive(Default)]
pub struct Names(HashMap<(Lookup, i64), (String, Option<String>)>);

impl Names {
    pub async fn load(pool: &Pool, rows: &[AuditRow]) -> sqlx::Result<Self> {
        let mut wanted: HashMap<Lookup, BTreeSet<i64>> = HashMap::new();
        for r in rows {
            if let (Some(e), Some(id)) = (kind_of(r), r.entity_id) {
                wanted.entry(Lookup::of(e)).or_default().insert(id);
            }
            if let Some(id) = r.actor_id {
                wanted.entry(Lookup::User).or_default().insert(id);
            }
            for json in [&r.old_values, &r.new_values] {
                let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
                    continue;
                };
                for (k, v) in &map {
                    let Some(kind) = id_kind(k) else { continue };
                    let ids: Vec<i64> = match v {
                        Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
                        other => other.as_i64().into_iter().collect(),
                    };
                    wanted.entry(kind).or_default().extend(ids);
                }
            }
        }
        let mut names = HashMap::new();
        for (kind, ids) in wanted {
            let ids: Vec<i64> = ids.into_iter().collect();
            for chunk in ids.chunks(500) {
                for (id, a, b, parent) in queries::labels(pool, kind.sql(), chunk).await? {
                    names.insert((kind, id), kind.name(id, &a, &b, parent));
                }
            }
        }
        Ok(Names(names))
    }

    fn get(&self, kind: Lookup, id: i64) -> Option<&(String, Option<String>)> {
        self.0.get(&(kind, id))
    }
}

/// A value as people read it: dates German, yes/no, vocabulary labels, ids as names.
fn show(key: &str, v: &Value, names: &Names) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::Bool(b) => if *b { "ja" } else { "nein" }.to_string(),
        Value::Number(n) => match (id_kind(key), n.as_i64()) {
            (Some(kind), Some(id)) => names
                .get(kind, id)
                .map(|(n, _)| n.clone())
                .unwrap_or_else(|| format!("Nr. {id} (nicht mehr vorhanden)")),
            _ if key == "progress" => format!("{n} %"),
            _ => n.to_string().replace('.', ","),
        },
        Value::String(s) => show_text(key, s),
        Value::Array(items) if items.is_empty() => "—".to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Object(map) => map
                    .iter()
                    .filter(|(_, v)| !v.is_null() && v.as_str() != Some(""))
                    .map(|(k, v)| show(k, v, names))
                    .collect::<Vec<_>>()
                    .join(" · "),
                other => show(key, other, names),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}: {}", field_label(k), show(k, v, names)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn show_text(key: &str, s: &str) -> String {
    let vocab = match key {
        "status" => Status::parse(s).map(|x| x.label()),
        "ampel" => Ampel::parse(s).map(|x| x.short()),
        "role" => Role::parse(s).map(|x| x.label()),
        "priority" => Priority::parse(s).map(|x| x.label()),
        "track" => SignOffTrack::parse(s).map(|x| x.label()),
        "state" => SignOffState::parse(s).map(|x| x.label()),
        _ => None,
    };
    if let Some(label) = vocab {
        return label.to_string();
    }
    if s.is_empty() {
        return "—".to_string();
    }
    // 2026-11-28T13:05:00Z (stored UTC) → local time; 2026-12-08T14:00 (local) as it is
    if s.len() >= 20 && s.ends_with('Z') && s.as_bytes().get(10) == Some(&b'T') {
        return format_timestamp(s);
    }
    if s.len() == 16 && s.as_bytes().get(10) == Some(&b'T') {
        let date = format_iso(Some(s));
        if !date.is_empty() {
            return format!("{date}, {} Uhr", &s[11..16]);
        }
    }
    if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') {
        let date = format_iso(Some(s));
        if !date.is_empty() {
            return date;
        }
    }
    s.to_string()
}

/// The fields that changed: keys of `new` whose value differs from `old`, then keys only
/// in `old` (removed). A creation (empty `old`) lists the new values without "alt".
pub fn changes(entity: &str, old: &str, new: &str, names: &Names) -> Vec<Change> {
    let label = |k: &str| match (k, entity) {
        ("org_unit_id", "massnahme") => "Federführung".to_string(),
        ("person_id", "massnahme") => "Verantwortliche Person".to_string(),
        _ => field_label(k),
    };
    let parse = |s: &str| match serde_json::from_str::<Value>(s) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (o, n) = (parse(old), parse(new));
    let creation = o.is_empty();
    let mut out = Vec::new();
    for (k, v) in &n {
        let before = o.get(k);
        if before == Some(v) {
            continue;
        }
        if creation && (v.is_null() || v.as_str() == Some("")) {
            continue;
        }
        let old = (!creation).then(|| show(k, before.unwrap_or(&Value::Null), names));
        let new = show(k, v, names);
        if old.as_deref() == Some(new.as_str()) {
            continue;
        }
        out.push(Change {
            label: label(k),
            old,
            new,
        });
    }
    for (k, v) in o.iter().filter(|(k, _)| !n.contains_key(*k)) {
        out.push(Change {
            label: label(k),
            old: Some(show(k, v, names)),
            new: "—".to_string(),
        });
    }
    out
}

impl AuditView {
    pub fn new(r: AuditRow, names: &Names) -> Self {
        let kind = kind_of(&r);
        let (object, object_href) = match (kind, r.entity_id) {
            (Some(e), Some(id)) => match names.get(Lookup::of(e), id) {
                Some((name, href)) => (name.clone(), href.clone()),
                None => (
                    format!("{} Nr. {id} (nicht mehr vorhanden)", e.label()),
                    None,
                ),
            },
            (Some(e), None) => (e.label().to_string(), None),
            (None, _) => (r.entity.replace('_', " "), None),
        };
        let history_query = match (kind, r.entity_id) {
            _ if is_login(&r.action) => r.entity_id.map(|id| format!("art=anmeldung&objekt={id}")),
            (Some(e), Some(id)) => Some(format!("art={}&objekt={id}", e.key())),
            _ => None,
        };
        let (actor, actor_href) = match r.actor_id.and_then(|id| names.get(Lookup::User, id)) {
            Some((name, href)) => (name.clone(), href.clone()),
            None if r.actor_name == "cli" => ("Kommandozeile (Administration)".to_string(), None),
            None => (r.actor_name.clone(), None),
        };
        let actor_role = Role::parse(&r.actor_role).map(|r| r.label()).unwrap_or("");
        Self {
            id: r.id,
            at: format_timestamp(&r.at),
            actor,
            actor_role,
            actor_href,
            action: action_label(&r.action, &r.entity),
            kind: kind.map(|e| e.label()).unwrap_or(""),
            object,
            object_href,
            history_query,
            changes: changes(&r.entity, &r.old_values, &r.new_values, names),
        }
    }

    /// "Katrin Vogelsang (ag), AG-Mitglied"
    pub fn actor_with_role(&self) -> String {
        if self.actor_role.is_empty() {
            self.actor.clone()
        } else {
            format!("{}, {}", self.actor, self.actor_role)
        }
    }

    /// The changes as one line for the CSV ("Feld: alt → neu; …").
    pub fn changes_text(&self) -> String {
        self.changes
            .iter()
            .map(|c| match &c.old {
                Some(o) => format!("{}: {o} → {}", c.label, c.new),
                None => format!("{}: {}", c.label, c.new),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_fields_read_as_old_to_new() {
        let names = Names::default();
        let c = changes(
            "massnahme",
            r#"{"status":"umsetzung","ampel":"gruen","progress":20}"#,
            r#"{"status":"umsetzung","ampel":"rot","progress":35}"#,
            &names,
        );
        let text: Vec<String> = c
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.label,
                    c.old.clone().unwrap_or_default(),
                    c.new
                )
            })
            .collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert_eq!(text[0], "Ampel: Grün → Rot");
        assert_eq!(text[1], "Fortschritt: 20 % → 35 %");
    }

    #[test]
    fn values_are_readable() {
        let names = Names::default();
        assert_eq!(show("active", &Value::Bool(false), &names), "nein");
        assert_eq!(show_text("planned_end", "2026-12-08"), "08.12.2026");
        assert_eq!(
            show_text("starts_at", "2026-12-08T14:00"),
            "08.12.2026, 14:00 Uhr"
        );
        assert_eq!(
            show_text("password_changed_at", "2026-11-28T13:05:00Z"),
            "28.11.2026, 14:05 Uhr"
        );
        assert_eq!(show_text("role", "leitung"), Role::Leitung.label());
        assert_eq!(
            show("person_id", &serde_json::json!(7), &names),
            "Nr. 7 (nicht mehr vorhanden)"
        );
    }

    #[test]
    fn logins_and_generic_actions_read_in_german() {
        assert_eq!(action_label("anmelden", "sitzung"), "Anmeldung");
        assert_eq!(action_label("anlegen", "ziel"), "Ziel angelegt");
        assert_eq!(
            action_label("sachstand_melden", "massnahme"),
            "Sachstand gemeldet"
        );
    }
}
