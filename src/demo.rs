//! Realistic, deterministic demo data for an empty database (`sachstand demo`, `serve --demo`).

mod catalogue;
mod measures;
mod meetings;
mod programme;
mod reports;
mod revisions;

use std::collections::HashMap;

use anyhow::{Context, bail};
use chrono::{NaiveDate, TimeDelta, Utc};
use sqlx::{SqliteConnection, SqlitePool};

use crate::auth::password::hash_password;

/// A demo account as printed after loading.
pub struct DemoLogin {
    pub username: String,
    pub password: String,
    pub role: &'static str,
    pub label: &'static str,
}

/// A date in the demo data: fixed, or relative to the `today` passed to [`load`].
#[derive(Clone, Copy, Debug)]
enum When {
    /// An ISO date `YYYY-MM-DD`.
    On(&'static str),
    /// `today` plus this many days (negative: in the past).
    Rel(i64),
}

impl When {
    fn date(self, today: NaiveDate) -> anyhow::Result<NaiveDate> {
        match self {
            When::On(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .with_context(|| format!("Ungültiges Datum in den Demodaten: {text}")),
            When::Rel(days) => TimeDelta::try_days(days)
                .and_then(|delta| today.checked_add_signed(delta))
                .with_context(|| format!("Datum außerhalb des Bereichs: heute {days:+} Tage")),
        }
    }
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A UTC timestamp on `date` with a working-hours time that varies with `seq`.
fn stamp(date: NaiveDate, seq: usize) -> String {
    format!(
        "{}T{:02}:{:02}:00Z",
        iso(date),
        7 + seq % 9,
        (seq * 17 + 4) % 60
    )
}

fn days_after(date: NaiveDate, days: i64) -> anyhow::Result<NaiveDate> {
    When::Rel(days).date(date)
}

/// Looks up an id inserted earlier under a symbolic key of the demo tables.
fn id_of(map: &HashMap<&'static str, i64>, key: &str, what: &str) -> anyhow::Result<i64> {
    map.get(key)
        .copied()
        .with_context(|| format!("Demodaten: unbekannte {what} „{key}“"))
}

/// Ids of the master data, shared by the programme and measure loaders.
struct Ctx {
    today: NaiveDate,
    units: HashMap<&'static str, i64>,
    people: HashMap<&'static str, i64>,
    /// The AG member's account: author of status updates and assessments.
    ag_user: i64,
}

/// Org units: code, name, parent code, budget product (Produkt) of its measures.
#[rustfmt::skip]
const UNITS: &[(&str, &str, Option<&str>, &str)] = &[
    ("OB", "Oberbürgermeister", None, "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Dezernat I", "Dezernat I – Zentrale Dienste, Finanzen und Ordnung", Some("OB"), "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Dezernat II", "Dezernat II – Bauen, Bildung und Soziales", Some("OB"), "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Pressestelle", "Pressestelle und Öffentlichkeitsarbeit", Some("OB"), "1.1.1.02 Presse- und Öffentlichkeitsarbeit"),
    ("Stadtratsbüro", "Stadtratsbüro (Sitzungsdienst)", Some("OB"), "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Datenschutz", "Stabsstelle Datenschutz", Some("OB"), "1.1.1.06 Informationstechnik"),
    ("Informationssicherheit", "Stabsstelle Informationssicherheit", Some("OB"), "1.1.1.06 Informationstechnik"),
    ("Hauptamt", "Hauptamt – Organisation und zentrale Dienste", Some("Dezernat I"), "1.1.1.03 Organisation und zentrale Dienste"),
    ("EDV-Abteilung", "EDV-Abteilung (Informationstechnik)", Some("Hauptamt"), "1.1.1.06 Informationstechnik"),
    ("Personal", "Sachgebiet Personal", Some("Hauptamt"), "1.1.1.04 Personalwesen"),
    ("Amt 21", "Amt 21 – Finanzen und Stadtkasse", Some("Dezernat I"), "1.1.1.05 Finanzverwaltung und Stadtkasse"),
    ("Kämmerei", "Kämmerei (Haushalt und Controlling)", Some("Amt 21"), "1.1.1.05 Finanzverwaltung und Stadtkasse"),
    ("Steueramt", "Steueramt (Steuern und Abgaben)", Some("Amt 21"), "6.1.1.01 Steuern und allgemeine Abgaben"),
    ("Ordnungsamt", "Ordnungsamt (Gewerbe, Fundbüro, Sondernutzungen)", Some("Dezernat I"), "1.2.2.01 Allgemeine Ordnungsangelegenheiten"),
    ("Bürgerbüro", "Bürgerbüro / Einwohnermeldeamt", Some("Ordnungsamt"), "1.2.2.02 Einwohnermelde- und Passwesen"),
    ("Standesamt", "Standesamt", Some("Ordnungsamt"), "1.2.2.03 Personenstandswesen"),
    ("Bildung/Soziales", "Amt für Bildung und Soziales", Some("Dezernat II"), "3.6.5.01 Kindertagesbetreuung"),
    ("Bauwirtschaftshof", "Eigenbetrieb Bauwirtschaftshof", Some("Dezernat II"), "5.4.1.01 Gemeindestraßen"),
    ("Personalrat", "Personalrat der Stadtverwaltung", None, "1.1.1.04 Personalwesen"),
    ("EBA", "Eigenbetrieb Abwasserentsorgung (EBA)", Some("Dezernat II"), "Wirtschaftsplan EBA"),
    ("AKA", "Aschersleber Kulturanstalt (AKA)", Some("OB"), "Wirtschaftsplan AKA"),
    ("SWA", "Stadtwerke (SWA, städtische Beteiligung)", None, "Wirtschaftsplan Stadtwerke"),
];

/// People: key, name, function, org unit code, e-mail, agreed to be named publicly.
#[rustfmt::skip]
const PEOPLE: &[(&str, &str, &str, &str, &str, bool)] = &[
    ("ob", "Henrik Stollberg", "Oberbürgermeister", "OB", "h.stollberg@stadt.example", true),
    ("dez1", "Dr. Matthias Gerlach", "Dezernent I", "Dezernat I", "m.gerlach@stadt.example", false),
    ("l21", "Andreas Brettschneider", "Leiter Amt 21", "Amt 21", "a.brettschneider@stadt.example", false),
    ("ledv", "Thomas Wendland", "Leiter EDV-Abteilung", "EDV-Abteilung", "t.wendland@stadt.example", false),
    ("orga1", "Sven Hollerbach", "Sachbearbeiter Organisation", "Hauptamt", "s.hollerbach@stadt.example", false),
    ("orga2", "Michael Tiedemann", "Sachbearbeiter Organisation", "Hauptamt", "m.tiedemann@stadt.example", false),
    ("edv1", "Patrick Lindenau", "Mitarbeiter EDV-Abteilung", "EDV-Abteilung", "p.lindenau@stadt.example", false),
    ("edv2", "Jonas Ahlert", "Mitarbeiter EDV-Abteilung", "EDV-Abteilung", "j.ahlert@stadt.example", false),
    ("press", "Claudia Sommerfeld", "Pressesprecherin", "Pressestelle", "c.sommerfeld@stadt.example", false),
    ("sbdig", "Katrin Vogelsang", "Sachbearbeiterin Digitalisierung", "Hauptamt", "k.vogelsang@stadt.example", false),
    ("dsb", "Rainer Quandt", "Datenschutzbeauftragter", "Datenschutz", "datenschutz@stadt.example", false),
    ("isb", "Daniel Ohlendorf", "Beauftragter für Informationssicherheit", "Informationssicherheit", "d.ohlendorf@stadt.example", false),
    ("pr", "Birgit Lautenschläger", "Vorsitzende des Personalrates", "Personalrat", "personalrat@stadt.example", false),
    ("lha", "Heike Domröse", "Leitung Hauptamt", "Hauptamt", "h.domroese@stadt.example", false),
    ("lpers", "Kerstin Wollny", "Leitung Personal", "Personal", "k.wollny@stadt.example", false),
    ("lkaem", "Uwe Heidrich", "Leitung Kämmerei", "Kämmerei", "u.heidrich@stadt.example", false),
    ("lst", "Anja Reinholz", "Leitung Steueramt", "Steueramt", "a.reinholz@stadt.example", false),
    ("lord", "Jörg Pabst", "Leitung Ordnungsamt", "Ordnungsamt", "j.pabst@stadt.example", false),
    ("lbb", "Sabine Köhnke", "Leitung Bürgerbüro", "Bürgerbüro", "s.koehnke@stadt.example", false),
    ("lsta", "Ines Marquardt", "Leitung Standesamt", "Standesamt", "i.marquardt@stadt.example", false),
    ("lsrb", "Martina Grabow", "Leitung Stadtratsbüro", "Stadtratsbüro", "m.grabow@stadt.example", false),
    ("lbs", "Susanne Ebeling", "Leitung Amt für Bildung und Soziales", "Bildung/Soziales", "s.ebeling@stadt.example", false),
    ("lbwh", "Ralf Gnädig", "Betriebsleitung Bauwirtschaftshof", "Bauwirtschaftshof", "r.gnaedig@stadt.example", false),
    ("leba", "Torsten Mühlberg", "Betriebsleitung Abwasserentsorgung", "EBA", "t.muehlberg@stadt.example", false),
    ("laka", "Julia Fähnrich", "Vorstand der AKA", "AKA", "j.faehnrich@stadt.example", false),
    ("lswa", "Marco Thiele", "Leitung Vertrieb und Kundenservice", "SWA", "m.thiele@stadt.example", false),
];

/// AG "Digitalisierung der Verwaltung": person, role, since, until.
#[rustfmt::skip]
const MEMBERSHIPS: &[(&str, &str, &str, Option<&str>)] = &[
    ("sbdig", "leitung", "2022-09-01", None),
    ("l21", "mitglied", "2022-09-01", None),
    ("ledv", "mitglied", "2022-09-01", None),
    ("orga1", "mitglied", "2022-09-01", None),
    ("orga2", "mitglied", "2022-09-01", None),
    ("edv1", "mitglied", "2022-09-01", Some("2024-04-30")),
    ("press", "mitglied", "2022-09-01", None),
    ("dez1", "mitglied", "2023-08-01", None),
    ("edv2", "mitglied", "2024-05-01", None),
];

/// Person-days per half-year (2026/1, 2026/2, 2027/1). The EDV-Abteilung leads far more
/// effort than it can give, which the realism check is meant to show.
const CAPACITY_PERIODS: [(i64, i64); 3] = [(2026, 1), (2026, 2), (2027, 1)];
#[rustfmt::skip]
const CAPACITIES: &[(&str, [i64; 3])] = &[
    ("EDV-Abteilung", [70, 65, 70]),
    ("Hauptamt", [95, 90, 85]),
    ("Bürgerbüro", [30, 25, 30]),
    ("Amt 21", [35, 40, 35]),
    ("Personal", [30, 35, 35]),
    ("Informationssicherheit", [45, 45, 50]),
    ("Stadtratsbüro", [20, 20, 15]),
];

struct Login {
    username: &'static str,
    password: &'static str,
    role: &'static str,
    label: &'static str,
    /// Fixed display name; `None` uses the linked person's name.
    display: Option<&'static str>,
    person: Option<&'static str>,
}

#[rustfmt::skip]
const LOGINS: &[Login] = &[
    Login { username: "admin", password: "Demo-Admin-2026", role: "admin", label: "Administration", display: Some("Administration (EDV)"), person: None },
    Login { username: "ag", password: "Demo-AG-2026!", role: "ag", label: "AG-Mitglied", display: None, person: Some("sbdig") },
    Login { username: "ob", password: "Demo-Leitung-2026", role: "leitung", label: "Leitung (OB)", display: None, person: Some("ob") },
    Login { username: "rat", password: "Demo-Rat-2026!", role: "rat", label: "Ratsmitglied", display: Some("Ratsmitglied (Demo)"), person: None },
];

/// Loads the demo data in ONE transaction; refuses (Err with a German+English message "Die Datenbank ist nicht leer / database is not empty") when the tables users or measures already have rows.
pub async fn load(pool: &SqlitePool, today: NaiveDate) -> anyhow::Result<Vec<DemoLogin>> {
    // Argon2 is slow: hash before the write transaction is opened.
    let hashes = LOGINS
        .iter()
        .map(|login| hash_password(login.password))
        .collect::<anyhow::Result<Vec<_>>>()?;

    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    ensure_empty(&mut tx).await?;
    let units = insert_units(&mut tx).await?;
    let people = insert_people(&mut tx, &units).await?;
    insert_memberships(&mut tx, &people).await?;
    let ag_user = insert_users(&mut tx, &people, &hashes).await?;
    insert_capacities(&mut tx, &units).await?;
    let ctx = Ctx {
        today,
        units,
        people,
        ag_user,
    };
    let programmes = programme::insert(&mut tx, &ctx).await?;
    let measure_ids = measures::insert(&mut tx, &ctx, &programmes).await?;
    programme::insert_assessments(&mut tx, &ctx, &programmes, &measure_ids).await?;
    revisions::insert(&mut tx, &programmes).await?;
    meetings::insert(&mut tx, &ctx).await?;
    reports::insert(&mut tx, programmes.ids[programme::CORE], today).await?;
    meetings::draft_upcoming_joint_session(&mut tx, &ctx).await?;
    tx.commit().await?;

    Ok(LOGINS
        .iter()
        .map(|login| DemoLogin {
            username: login.username.to_owned(),
            password: login.password.to_owned(),
            role: login.role,
            label: login.label,
        })
        .collect())
}

async fn ensure_empty(conn: &mut SqliteConnection) -> anyhow::Result<()> {
    let rows: i64 =
        sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM measures)")
            .fetch_one(&mut *conn)
            .await?;
    if rows > 0 {
        bail!("Die Datenbank ist nicht leer / database is not empty");
    }
    Ok(())
}

async fn insert_units(conn: &mut SqliteConnection) -> anyhow::Result<HashMap<&'static str, i64>> {
    let mut ids = HashMap::new();
    for &(code, name, parent, _) in UNITS {
        let parent_id = parent
            .map(|p| id_of(&ids, p, "Organisationseinheit"))
            .transpose()?;
        let id = sqlx::query("INSERT INTO org_units (code, name, parent_id) VALUES (?, ?, ?)")
            .bind(code)
            .bind(name)
            .bind(parent_id)
            .execute(&mut *conn)
            .await?
            .last_insert_rowid();
        ids.insert(code, id);
    }
    Ok(ids)
}

async fn insert_people(
    conn: &mut SqliteConnection,
    units: &HashMap<&'static str, i64>,
) -> anyhow::Result<HashMap<&'static str, i64>> {
    let mut ids = HashMap::new();
    for &(key, name, function, unit, email, public_name) in PEOPLE {
        let id = sqlx::query(
            "INSERT INTO people (name, function, org_unit_id, email, public_name)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(name)
        .bind(function)
        .bind(id_of(units, unit, "Organisationseinheit")?)
        .bind(email)
        .bind(public_name)
        .execute(&mut *conn)
        .await?
        .last_insert_rowid();
        ids.insert(key, id);
    }
    Ok(ids)
}

async fn insert_memberships(
    conn: &mut SqliteConnection,
    people: &HashMap<&'static str, i64>,
) -> anyhow::Result<()> {
    for &(person, role, since, until) in MEMBERSHIPS {
        sqlx::query(
            "INSERT INTO ag_memberships (person_id, ag_role, since, until) VALUES (?, ?, ?, ?)",
        )
        .bind(id_of(people, person, "Person")?)
        .bind(role)
        .bind(since)
        .bind(until)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Creates the demo accounts and returns the id of the AG member's account.
async fn insert_users(
    conn: &mut SqliteConnection,
    people: &HashMap<&'static str, i64>,
    hashes: &[String],
) -> anyhow::Result<i64> {
    let now = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut ag_user = None;
    for (login, hash) in LOGINS.iter().zip(hashes) {
        let person_id = login
            .person
            .map(|p| id_of(people, p, "Person"))
            .transpose()?;
        let display = match (login.display, login.person) {
            (Some(display), _) => display,
            (None, Some(key)) => PEOPLE
                .iter()
                .find(|person| person.0 == key)
                .map(|person| person.1)
                .with_context(|| format!("Demodaten: unbekannte Person „{key}“"))?,
            (None, None) => login.username,
        };
        let id = sqlx::query(
            "INSERT INTO users (username, display_name, role, password_hash, active, person_id,
                                failed_logins, created_at, password_changed_at)
             VALUES (?, ?, ?, ?, 1, ?, 0, ?, ?)",
        )
        .bind(login.username)
        .bind(display)
        .bind(login.role)
        .bind(hash)
        .bind(person_id)
        .bind(&now)
        .bind(&now)
        .execute(&mut *conn)
        .await?
        .last_insert_rowid();
        if login.role == "ag" {
            ag_user = Some(id);
        }
    }
    ag_user.context("Demodaten: kein AG-Konto definiert")
}

async fn insert_capacities(
    conn: &mut SqliteConnection,
    units: &HashMap<&'static str, i64>,
) -> anyhow::Result<()> {
    for &(unit, days) in CAPACITIES {
        let unit_id = id_of(units, unit, "Organisationseinheit")?;
        for ((year, half), person_days) in CAPACITY_PERIODS.into_iter().zip(days) {
            sqlx::query(
                "INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (?, ?, ?, ?)",
            )
            .bind(unit_id)
            .bind(year)
            .bind(half)
            .bind(person_days)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Budget product (Produkt) of the measures of an org unit.
fn product_of(unit: &str) -> &'static str {
    UNITS.iter().find(|u| u.0 == unit).map_or("", |u| u.3)
}

#[cfg(test)]
mod tests;
