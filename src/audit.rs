//! The audit log: one row per successful write, in the same transaction, hash-chained
//! so that tampering is detectable (`hash = SHA-256(prev_hash | canonical row)`).

use crate::db::Conn;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::domain::dates::now_utc;
use crate::domain::enums::vocabulary;

vocabulary!(
    /// What was done, as stored in `audit_log.action`, with its German label for the log page.
    Action {
        Anmelden => ("anmelden", "Anmeldung"),
        Abmelden => ("abmelden", "Abmeldung"),
        Anlegen => ("anlegen", "Maßnahme angelegt"),
        Bearbeiten => ("bearbeiten", "Maßnahme geändert"),
        Archivieren => ("archivieren", "Maßnahme archiviert"),
        Wiederherstellen => ("wiederherstellen", "Maßnahme wiederhergestellt"),
        SachstandMelden => ("sachstand_melden", "Sachstand gemeldet"),
        MeilensteinAnlegen => ("meilenstein_anlegen", "Meilenstein angelegt"),
        MeilensteinErledigt => ("meilenstein_erledigt", "Meilenstein erledigt"),
        Anwesenheit => ("anwesenheit", "Anwesenheit erfasst"),
        AufgabeAnlegen => ("aufgabe_anlegen", "Aufgabe angelegt"),
        AufgabeErledigt => ("aufgabe_erledigt", "Aufgabe erledigt"),
        BenutzerAnlegen => ("benutzer_anlegen", "Benutzerkonto angelegt"),
        BenutzerAktivieren => ("benutzer_aktivieren", "Benutzerkonto aktiviert"),
        BenutzerDeaktivieren => ("benutzer_deaktivieren", "Benutzerkonto deaktiviert"),
        BenutzerEntsperren => ("benutzer_entsperren", "Anmeldesperre aufgehoben"),
        RolleAendern => ("rolle_aendern", "Rolle geändert"),
        PasswortAendern => ("passwort_aendern", "Passwort geändert"),
        PasswortZuruecksetzen => ("passwort_zuruecksetzen", "Passwort zurückgesetzt"),
        KalenderTokenAnlegen => ("kalender_token_anlegen", "Kalenderabo angelegt"),
        KalenderTokenErneuern => ("kalender_token_erneuern", "Kalenderabo erneuert"),
        BerichtAnlegen => ("bericht_anlegen", "Berichtsentwurf angelegt"),
        BerichtBearbeiten => ("bericht_bearbeiten", "Berichtsentwurf geändert"),
        BerichtBerichtigen => ("bericht_berichtigen", "Bericht berichtigt"),
        BerichtFreigeben => ("bericht_freigeben", "Bericht freigegeben"),
        SachstandsabfrageStarten => ("sachstandsabfrage_starten", "Sachstandsabfrage gestartet"),
        BeschlussAnlegen => ("beschluss_anlegen", "Beschluss erfasst"),
        Bewerten => ("bewerten", "Bewertung gespeichert"),
        Entscheiden => ("entscheiden", "Entscheidung gespeichert"),
        EinheitAnlegen => ("einheit_anlegen", "Organisationseinheit angelegt"),
        PersonAnlegen => ("person_anlegen", "Person angelegt"),
        PersonBearbeiten => ("person_bearbeiten", "Person geändert"),
        MitgliedschaftAnlegen => ("mitgliedschaft_anlegen", "AG-Mitgliedschaft begonnen"),
        MitgliedschaftBeenden => ("mitgliedschaft_beenden", "AG-Mitgliedschaft beendet"),
        FortschreibungAnlegen => ("fortschreibung_anlegen", "Fortschreibung angelegt"),
        FortschreibungAenderung => ("fortschreibung_aenderung", "Änderung der Fassung vermerkt"),
        HaushaltszeileAnlegen => ("haushaltszeile_anlegen", "Haushaltszeile angelegt"),
        HaushaltszeileBearbeiten => ("haushaltszeile_bearbeiten", "Haushaltszeile geändert"),
        KapazitaetSetzen => ("kapazitaet_setzen", "Kapazität gespeichert"),
        MesswertErfassen => ("messwert_erfassen", "Messwert erfasst"),
        ProtokollGenehmigen => ("protokoll_genehmigen", "Protokoll genehmigt"),
        ProtokollTop => ("protokoll_top", "Protokoll zum TOP gespeichert"),
        SerieAnlegen => ("serie_anlegen", "Sitzungsserie angelegt"),
        SitzungAnlegen => ("sitzung_anlegen", "Sitzung angelegt"),
        SitzungStatus => ("sitzung_status", "Sitzungsstatus geändert"),
        SitzungVerlegen => ("sitzung_verlegen", "Sitzung verlegt"),
        TagesordnungEntwurf => ("tagesordnung_entwurf", "Tagesordnung aus dem Programmstand ergänzt"),
        TagesordnungFreigeben => ("tagesordnung_freigeben", "Tagesordnung freigegeben"),
        TeilnehmendeHinzufuegen => ("teilnehmende_hinzufuegen", "Teilnehmende hinzugefügt"),
        TopAnlegen => ("top_anlegen", "TOP angelegt"),
        TopBearbeiten => ("top_bearbeiten", "TOP geändert"),
        TopEntfernen => ("top_entfernen", "TOP entfernt"),
        TopKommentieren => ("top_kommentieren", "TOP kommentiert"),
        TopVerschieben => ("top_verschieben", "TOP verschoben"),
        // issue 11: accounts belong to people
        PersonZuordnen => ("person_zuordnen", "Benutzerkonto einer Person zugeordnet"),
        BriefkopfAendern => ("briefkopf_aendern", "Briefkopf der Vorlagen geändert"),
        TagesordnungAktualisieren => ("tagesordnung_aktualisieren", "Tagesordnung aus dem Programmstand aktualisiert"),
        // issue 16: the public transparency page
        TransparenzAendern => ("transparenz_aendern", "Einstellungen der Transparenzseite geändert"),
        // issue 16: links to council decisions
        RatsbeschlussVerknuepfen => ("ratsbeschluss_verknuepfen", "Ratsbeschluss verknüpft"),
        RatsbeschlussEntfernen => ("ratsbeschluss_entfernen", "Verknüpfung mit Ratsbeschluss entfernt"),
        // issue 14: e-mail
        EmailErneutSenden => ("email_erneut_senden", "E-Mail erneut in den Versand gegeben"),
        BenachrichtigungenAendern => ("benachrichtigungen_aendern", "Benachrichtigungen geändert"),
    }
);

vocabulary!(
    /// What it was done to, as stored in `audit_log.entity`.
    Entity {
        AgMitgliedschaft => ("ag_mitgliedschaft", "AG-Mitgliedschaft"),
        Aufgabe => ("aufgabe", "Aufgabe"),
        Benutzer => ("benutzer", "Benutzerkonto"),
        Bericht => ("bericht", "Bericht"),
        Erwartung => ("erwartung", "Erwartung"),
        Handlungsfeld => ("handlungsfeld", "Handlungsfeld"),
        Massnahme => ("massnahme", "Maßnahme"),
        Organisationseinheit => ("organisationseinheit", "Organisationseinheit"),
        Person => ("person", "Person"),
        Programm => ("programm", "Programm"),
        Sitzung => ("sitzung", "Sitzung"),
        Sitzungsserie => ("sitzungsserie", "Sitzungsserie"),
        Tagesordnungspunkt => ("tagesordnungspunkt", "Tagesordnungspunkt"),
        Ziel => ("ziel", "Ziel"),
        Einstellung => ("einstellung", "Einstellung"),
        // issue 14
        Email => ("email", "E-Mail"),
    }
);

/// One audit entry: what was done to which object, with the values before and after
/// (only the fields that matter; `{}` where there was nothing before or after).
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: Action,
    pub entity: Entity,
    pub entity_id: Option<i64>,
    pub old: Value,
    pub new: Value,
}

impl Entry {
    pub fn new(action: Action, entity: Entity, entity_id: Option<i64>) -> Self {
        Self {
            action,
            entity,
            entity_id,
            old: Value::Object(Default::default()),
            new: Value::Object(Default::default()),
        }
    }

    /// The values before the write.
    pub fn before(mut self, old: Value) -> Self {
        self.old = old;
        self
    }

    /// The values after the write.
    pub fn after(mut self, new: Value) -> Self {
        self.new = new;
        self
    }

    /// Only the fields that changed between `old` and `new`.
    pub fn changed(self, old: &Value, new: &Value) -> Self {
        let (before, after) = diff(old, new);
        self.before(before).after(after)
    }
}

/// Who did it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
    pub role: String,
}

impl Actor {
    /// The command line (user administration, demo loader).
    pub fn cli() -> Self {
        Self {
            id: None,
            name: "cli".into(),
            role: "system".into(),
        }
    }
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The text the hash covers; shared by the writer and the verifier.
#[allow(clippy::too_many_arguments)]
pub fn canonical(
    prev_hash: &str,
    at: &str,
    actor_id: Option<i64>,
    actor_name: &str,
    actor_role: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    old_values: &str,
    new_values: &str,
) -> String {
    let fields = [
        prev_hash.to_string(),
        at.to_string(),
        actor_id.map(|i| i.to_string()).unwrap_or_default(),
        actor_name.to_string(),
        actor_role.to_string(),
        action.to_string(),
        entity.to_string(),
        entity_id.map(|i| i.to_string()).unwrap_or_default(),
        old_values.to_string(),
        new_values.to_string(),
    ];
    // JSON array: unambiguous separation of fields.
    serde_json::to_string(&fields).unwrap_or_default()
}

pub fn hash(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Records one write. Call inside the write's transaction.
pub async fn record(conn: &mut Conn, actor: &Actor, entry: Entry) -> sqlx::Result<()> {
    let Entry {
        action,
        entity,
        entity_id,
        old,
        new,
    } = entry;
    let (action, entity) = (action.key(), entity.key());
    conn.lock_audit_chain().await?;
    let prev: Option<String> =
        crate::db::query_scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_string());
    let at = now_utc();
    let old_s = old.to_string();
    let new_s = new.to_string();
    let h = hash(&canonical(
        &prev,
        &at,
        actor.id,
        &actor.name,
        &actor.role,
        action,
        entity,
        entity_id,
        &old_s,
        &new_s,
    ));
    crate::db::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, actor_role, action, entity, entity_id, old_values, new_values, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&at)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(&actor.role)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(&old_s)
    .bind(&new_s)
    .bind(&prev)
    .bind(&h)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Only the fields that changed, as `{field: value}` pairs for old and new.
pub fn diff(old: &Value, new: &Value) -> (Value, Value) {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return (old.clone(), new.clone());
    };
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    for (k, v) in n {
        if o.get(k) != Some(v) {
            before.insert(k.clone(), o.get(k).cloned().unwrap_or(Value::Null));
            after.insert(k.clone(), v.clone());
        }
    }
    (Value::Object(before), Value::Object(after))
}

/// Result of walking the hash chain.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainCheck {
    Intact { rows: usize },
    Broken { id: i64, reason: String },
}

#[derive(sqlx::FromRow)]
struct ChainRow {
    id: i64,
    at: String,
    actor_id: Option<i64>,
    actor_name: String,
    actor_role: String,
    action: String,
    entity: String,
    entity_id: Option<i64>,
    old_values: String,
    new_values: String,
    prev_hash: String,
    hash: String,
}

/// Recomputes every row's hash and its link to the predecessor; reports the first break.
pub async fn verify_chain(pool: &crate::db::Pool) -> sqlx::Result<ChainCheck> {
    let rows = crate::db::query_as::<ChainRow>("SELECT * FROM audit_log ORDER BY id")
        .fetch_all(pool)
        .await?;
    let mut prev = GENESIS.to_string();
    let mut n = 0;
    for r in rows {
        if r.prev_hash != prev {
            return Ok(ChainCheck::Broken {
                id: r.id,
                reason: "Verweis auf den Vorgänger stimmt nicht (Zeile gelöscht oder eingefügt?)"
                    .into(),
            });
        }
        let expected = hash(&canonical(
            &r.prev_hash,
            &r.at,
            r.actor_id,
            &r.actor_name,
            &r.actor_role,
            &r.action,
            &r.entity,
            r.entity_id,
            &r.old_values,
            &r.new_values,
        ));
        if expected != r.hash {
            return Ok(ChainCheck::Broken {
                id: r.id,
                reason: "Inhalt passt nicht zur Prüfsumme (Zeile verändert)".into(),
            });
        }
        prev = r.hash;
        n += 1;
    }
    Ok(ChainCheck::Intact { rows: n })
}

/// Who wrote an object last, and when (UTC): for the 409 page of a form whose save came
/// too late.
pub async fn last_write(
    conn: &mut crate::db::Conn,
    entity: Entity,
    id: i64,
) -> sqlx::Result<Option<(String, String)>> {
    crate::db::query_as(
        "SELECT COALESCE(u.display_name, a.actor_name), a.at FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity = ?1 AND a.entity_id = ?2 \
         ORDER BY a.id DESC LIMIT 1",
    )
    .bind(entity.key())
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The same for a part of an object whose audit rows carry the part's id in their new
/// values under `key` (e.g. `budget_line_id` on a measure's rows).
pub async fn last_write_with(
    conn: &mut crate::db::Conn,
    entity: Entity,
    id: i64,
    key: &str,
    detail: i64,
) -> sqlx::Result<Option<(String, String)>> {
    crate::db::query_as(
        "SELECT COALESCE(u.display_name, a.actor_name), a.at FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity = ?1 AND a.entity_id = ?2 \
         AND CAST(json_extract(a.new_values, '$.' || ?3) AS TEXT) = CAST(?4 AS TEXT) ORDER BY a.id DESC LIMIT 1",
    )
    .bind(entity.key())
    .bind(id)
    .bind(key)
    .bind(detail)
    .fetch_optional(conn)
    .await
}
