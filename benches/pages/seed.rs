//! The benchmark's data set: 500 measures with their history, built deterministically.

use chrono::{NaiveDate, TimeDelta, Utc};
use sachstand::Db;

use crate::{AnyResult, MEASURES};

/// A small deterministic PRNG (xorshift), so the data set is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const UNITS: &[(&str, &str)] = &[
    ("OB", "Oberbürgermeister"),
    ("10", "Hauptamt"),
    ("10.3", "Abteilung IT und Digitalisierung"),
    ("11", "Personalamt"),
    ("20", "Kämmerei"),
    ("32", "Ordnungsamt"),
    ("33", "Bürgeramt"),
    ("34", "Standesamt"),
    ("40", "Schulverwaltungsamt"),
    ("50", "Sozialamt"),
    ("51", "Jugendamt"),
    ("61", "Stadtplanungsamt"),
    ("63", "Bauordnungsamt"),
    ("66", "Tiefbauamt"),
];

const FIRST: &[&str] = &[
    "Anna", "Bernd", "Claudia", "Dieter", "Elif", "Frank", "Gabriele", "Hakan", "Ines", "Jörg",
    "Katrin", "Lars", "Monika", "Nils", "Özlem", "Peter", "Renate", "Stefan", "Tanja", "Uwe",
];
const LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
];
const FUNCTIONS: &[&str] = &[
    "Amtsleitung",
    "Sachgebietsleitung",
    "Projektleitung",
    "Sachbearbeitung Organisation",
    "IT-Koordination",
    "Digitalisierungslotse",
    "Teamleitung",
];

const FIELDS: &[(usize, &str, &str)] = &[
    (0, "HF1", "Digitale Bürgerdienste"),
    (0, "HF2", "Elektronische Akte und Vorgangsbearbeitung"),
    (0, "HF3", "IT-Infrastruktur und Informationssicherheit"),
    (0, "HF4", "Digitale Arbeitsplätze und Kompetenzen"),
    (0, "HF5", "Daten und offene Verwaltung"),
    (1, "OZG1", "Leistungen Bürgerservice"),
    (1, "OZG2", "Leistungen Bauen und Wohnen"),
    (1, "OZG3", "Leistungen Familie und Soziales"),
];

const TOPICS: &[&str] = &[
    "Online-Antrag",
    "E-Akte",
    "Terminvergabe",
    "Bezahlschnittstelle",
    "Dokumentenmanagement",
    "Fachverfahren",
    "Schnittstelle",
    "Formularserver",
    "Ratsinformationssystem",
    "WLAN",
    "Telefonie",
    "Scanstrecke",
    "Posteingang",
    "Bürgerkonto",
    "Geodatenportal",
    "Rechnungseingang",
];
const OBJECTS: &[&str] = &[
    "Wohnsitzummeldung",
    "Bauantrag",
    "Kita-Anmeldung",
    "Gewerbeanmeldung",
    "Hundesteuer",
    "Personenstandsurkunden",
    "Wohngeld",
    "Sondernutzung",
    "Schülerbeförderung",
    "Parkausweise",
    "Elterngeld",
    "Friedhofsverwaltung",
    "Sitzungsdienst",
    "Beschaffung",
];
const VERBS: &[&str] = &[
    "einführen",
    "ausbauen",
    "ablösen",
    "migrieren",
    "pilotieren",
    "ausschreiben",
];

pub const TEXTS: &[&str] = &[
    "Die Anforderungsanalyse ist abgeschlossen; das Lastenheft wurde mit dem Fachamt abgestimmt und liegt der Vergabestelle vor.",
    "Der Pilotbetrieb läuft im Bürgeramt seit vier Wochen. Rückmeldungen der Mitarbeitenden werden gesammelt und wöchentlich ausgewertet.",
    "Die Schnittstelle zum Fachverfahren ist technisch angebunden; die Abnahme durch den Hersteller steht noch aus.",
    "Die Schulung der Multiplikatorinnen und Multiplikatoren ist durchgeführt, der Rollout in die Abteilungen beginnt im nächsten Monat.",
    "Die Datenschutz-Folgenabschätzung wurde dem DSB vorgelegt; Rückfragen zur Löschfrist sind beantwortet.",
    "Die Ausschreibung wurde veröffentlicht, es sind drei Angebote eingegangen. Die Wertung erfolgt bis Ende des Monats.",
];

fn stamp(date: NaiveDate, seq: usize) -> String {
    format!(
        "{}T{:02}:{:02}:00Z",
        date.format("%Y-%m-%d"),
        7 + seq % 10,
        (seq * 13) % 60
    )
}

/// Builds the 500-measure data set with raw SQL in one transaction.
pub async fn load_bench_data(db: &Db, user_id: i64) -> AnyResult<()> {
    let today = Utc::now().date_naive();
    let day = |offset: i64| today + TimeDelta::days(offset);
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let mut tx = db.write.begin().await?;

    let mut unit_ids = Vec::new();
    for (code, name) in UNITS {
        let id = sachstand::db::query_scalar::<i64>(
            "INSERT INTO org_units (code, name, parent_id) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(*code)
        .bind(*name)
        .bind(unit_ids.first().copied())
        .fetch_one(&mut tx)
        .await?;
        unit_ids.push(id);
    }
    let mut person_ids = Vec::new();
    for i in 0..48 {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let id = sachstand::db::query_scalar::<i64>(
            "INSERT INTO people (name, function, org_unit_id, email, public_name) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&name)
        .bind(format!("{} {}", rng.pick(FUNCTIONS), UNITS[i % UNITS.len()].1))
        .bind(unit_ids[i % unit_ids.len()])
        .bind(format!("person{i}@stadt.example"))
        .bind(i % 3 == 0)
        .fetch_one(&mut tx)
        .await?;
        person_ids.push(id);
    }
    // The benchmark account is an AG member with a person: the overview then also
    // shows "Meine Maßnahmen" (one more list query, as for a real AG member).
    sachstand::db::query("UPDATE users SET person_id = ? WHERE id = ?")
        .bind(person_ids[0])
        .bind(user_id)
        .execute(&mut tx)
        .await?;

    let mut programme_ids = Vec::new();
    for (title, short) in [
        (
            "Arbeitspapier zur Digitalisierung der Stadtverwaltung 2025–2030",
            "Digitalisierung",
        ),
        ("Umsetzung des Onlinezugangsgesetzes (OZG 2.0)", "OZG"),
    ] {
        let id = sachstand::db::query_scalar::<i64>(
            "INSERT INTO programmes (title, short_title, scope, resolution_no, resolution_date, body, description)
             VALUES (?, ?, 'Gesamtverwaltung', 'V/2025/117', '2025-03-20', 'Stadtrat', '') RETURNING id",
        )
        .bind(title)
        .bind(short)
        .fetch_one(&mut tx)
        .await?;
        programme_ids.push(id);
    }
    let mut field_ids = Vec::new();
    for (pos, (prog, code, title)) in FIELDS.iter().enumerate() {
        let id = sachstand::db::query_scalar::<i64>(
            "INSERT INTO fields (programme_id, code, title, position) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(programme_ids[*prog])
        .bind(*code)
        .bind(*title)
        .bind(pos as i64)
        .fetch_one(&mut tx)
        .await?;
        field_ids.push((id, programme_ids[*prog], *code));
    }

    let statuses = [
        "geplant",
        "vorbereitung",
        "umsetzung",
        "umsetzung",
        "umsetzung",
        "abgeschlossen",
        "zurueckgestellt",
        "verworfen",
    ];
    let mut seq_in_field = vec![0usize; field_ids.len()];
    for i in 0..MEASURES {
        let f = i % field_ids.len();
        seq_in_field[f] += 1;
        let (field_id, programme_id, field_code) = field_ids[f];
        let code = format!("{field_code}.{:03}", seq_in_field[f]);
        let title = format!(
            "{} {} {}",
            rng.pick(TOPICS),
            rng.pick(OBJECTS),
            rng.pick(VERBS)
        );
        let status = *rng.pick(&statuses);
        let ampel = match rng.below(100) {
            0..=64 => "gruen",
            65..=89 => "gelb",
            _ => "rot",
        };
        let progress: i64 = match status {
            "geplant" => 0,
            "abgeschlossen" => 100,
            _ => 5 + rng.below(90) as i64,
        };
        let start = day(-(rng.below(700) as i64) - 30);
        let end = start + TimeDelta::days(120 + rng.below(600) as i64);
        // last status update between 1 and 90 days ago: some are stale (> 28 days)
        let last_days_ago = 1 + rng.below(90) as i64;
        let created = stamp(day(-800), i);
        let last_update = stamp(day(-last_days_ago), i);
        let person = if i % 40 == 0 {
            person_ids[0]
        } else {
            *rng.pick(&person_ids)
        };
        let (dsb, isb, pr) = (rng.below(3) == 0, rng.below(4) == 0, rng.below(5) == 0);
        let measure_id = sachstand::db::query_scalar::<i64>(
            "INSERT INTO measures (programme_id, field_id, code, title, description, org_unit_id, person_id,
                status, ampel, progress, planned_start, planned_end, actual_start, actual_end, priority,
                dsb_relevant, isb_relevant, pr_relevant, ozg_key, ozg_model, ozg_level, effort_days,
                version, created_at, updated_at, last_update_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
        )
        .bind(programme_id)
        .bind(field_id)
        .bind(&code)
        .bind(&title)
        .bind(format!(
            "Ziel der Maßnahme ist es, {title} stadtweit einheitlich umzusetzen. {} Beteiligt sind das Fachamt, die IT und der Personalrat.",
            rng.pick(TEXTS)
        ))
        .bind(*rng.pick(&unit_ids))
        .bind(person)
        .bind(status)
        .bind(ampel)
        .bind(progress)
        .bind(start.to_string())
        .bind(end.to_string())
        .bind((status != "geplant").then(|| start.to_string()))
        .bind((status == "abgeschlossen").then(|| day(-10).to_string()))
        .bind(*rng.pick(&["hoch", "mittel", "mittel", "niedrig"]))
        .bind(dsb)
        .bind(isb)
        .bind(pr)
        .bind((programme_id == programme_ids[1]).then(|| format!("99{:012}", i)))
        .bind((programme_id == programme_ids[1]).then_some("2.0"))
        .bind((programme_id == programme_ids[1]).then(|| (rng.below(5) + 1) as i64))
        .bind(rng.below(200) as i64)
        .bind(&created)
        .bind(&last_update)
        .bind(&last_update)
        .fetch_one(&mut tx)
        .await?;

        // ~4 status updates, the last one being the current state
        for k in 0..4usize {
            let when = if k == 3 {
                last_update.clone()
            } else {
                stamp(day(-last_days_ago - (3 - k as i64) * 30), i + k)
            };
            let (a, reason, options, decision_by) = if k == 3 && ampel != "gruen" {
                (
                    ampel,
                    "Lieferverzug des Herstellers; Personalengpass im Fachamt.",
                    "Option A: Termin verschieben. Option B: externe Unterstützung beauftragen.",
                    Some(day(30).to_string()),
                )
            } else {
                ("gruen", "", "", None)
            };
            sachstand::db::query(
                "INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel, progress, text,
                    next_steps, blockers, reason, options, decision_by)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(measure_id)
            .bind(user_id)
            .bind(&when)
            .bind(if k == 3 { status } else { "vorbereitung" })
            .bind(a)
            .bind((progress * (k as i64 + 1) / 4).min(100))
            .bind(*rng.pick(TEXTS))
            .bind("Abstimmung mit dem Fachamt; Vorlage für die nächste AG-Sitzung.")
            .bind(if k % 2 == 0 { "" } else { "Rückmeldung des Herstellers steht aus." })
            .bind(reason)
            .bind(options)
            .bind(decision_by)
            .execute(&mut tx)
            .await?;
        }
        for (k, what) in ["Konzept abgenommen", "Produktivstart"].iter().enumerate() {
            let due = start + TimeDelta::days(60 + 200 * k as i64);
            sachstand::db::query(
                "INSERT INTO milestones (measure_id, title, due_on, done_on) VALUES (?, ?, ?, ?)",
            )
            .bind(measure_id)
            .bind(*what)
            .bind(due.to_string())
            .bind((due < today && rng.below(3) != 0).then(|| due.to_string()))
            .execute(&mut tx)
            .await?;
        }
        for k in 0..3i64 {
            let planned = (10_000 + rng.below(250_000) as i64) * 100;
            sachstand::db::query(
                "INSERT INTO budget_lines (measure_id, fiscal_year, kind, product, account, planned, approved, actual, note)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')",
            )
            .bind(measure_id)
            .bind(2025 + k)
            .bind(if k == 1 { "investiv" } else { "konsumtiv" })
            .bind("1.1.1.01 Gemeindeorgane und Verwaltungsführung")
            .bind(format!("54310{k}"))
            .bind(planned)
            .bind(planned * 9 / 10)
            .bind(if k == 0 { planned * 8 / 10 } else { 0 })
            .execute(&mut tx)
            .await?;
        }
        for (track, relevant) in [("dsb", dsb), ("isb", isb), ("pr", pr)] {
            let state = if !relevant {
                "nicht_erforderlich"
            } else {
                *rng.pick(&["offen", "erteilt", "mit_auflagen"])
            };
            sachstand::db::query("INSERT INTO sign_offs (measure_id, track, state, note, decided_on) VALUES (?, ?, ?, ?, ?)")
                .bind(measure_id)
                .bind(track)
                .bind(state)
                .bind(if state == "mit_auflagen" { "Löschkonzept bis Produktivstart vorlegen." } else { "" })
                .bind((state == "erteilt" || state == "mit_auflagen").then(|| day(-20).to_string()))
                .execute(&mut tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
