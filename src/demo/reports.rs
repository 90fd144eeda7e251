//! Demo reports: two released half-yearly reports (2nd half 2025, 1st half 2026),
//! released through the same snapshot code path as in the application, and a draft for
//! the 2nd half of 2026 with an open status request round.

use crate::db::Conn;
use anyhow::Context;
use chrono::{Days, NaiveDate};

use crate::reports::queries::{self, NewReport};
use crate::reports::snapshot;

struct DemoReport {
    label: &'static str,
    start: &'static str,
    cutoff: &'static str,
    vorlage: &'static str,
    committee: &'static str,
    summary: &'static str,
    outlook: &'static str,
    comment: Option<(&'static str, &'static str)>,
}

#[rustfmt::skip]
const REPORTS: [DemoReport; 3] = [
    DemoReport {
        label: "2. Halbjahr 2025", start: "2025-07-01", cutoff: "2025-12-31", vorlage: "IV/7/2026", committee: "2026-02-24",
        summary: "Das Arbeitspapier zur Digitalisierung (Beschluss-Nr. 567/24) wird im Wesentlichen planmäßig umgesetzt. Von den 37 Maßnahmen sind zum Stichtag 9 abgeschlossen und 18 in Umsetzung; von den laufenden Maßnahmen liegen 24 im Plan, eine hat eine gelbe Ampel. Schwerpunkte des Halbjahres waren die Online-Dienste im Bürgerbüro und die Vorbereitung der E-Akte. Verzögerungen bestehen vor allem dort, wo die EDV-Abteilung mehrere Vorhaben gleichzeitig trägt. Von den für 2025 veranschlagten 176.300 € sind 172.731 € ausgegeben (98 %).",
        outlook: "Im 1. Halbjahr 2026 stehen die Einführung der E-Rechnung im Rechnungseingang und die Ausschreibung des Dokumentenmanagementsystems an.",
        comment: None,
    },
    DemoReport {
        label: "1. Halbjahr 2026", start: "2026-01-01", cutoff: "2026-06-30", vorlage: "IV/31/2026", committee: "2026-09-15",
        summary: "Das Arbeitspapier umfasst zum Stichtag 45 Maßnahmen, 8 davon kamen im 1. Halbjahr 2026 neu hinzu. 9 Maßnahmen sind abgeschlossen, im Berichtszeitraum wurde keine weitere abgeschlossen; 20 sind in Umsetzung. Von den laufenden Maßnahmen liegen 28 im Plan, 5 haben eine gelbe Ampel (4 davon seit dem letzten Bericht), keine eine rote. Ursachen, Handlungsoptionen und der Entscheidungsbedarf stehen im Abschnitt „Verzug und Entscheidungsbedarf“. Von den für 2026 veranschlagten 347.100 € sind zum Stichtag 213.641 € ausgegeben (62 %). Die Personalkapazität der EDV-Abteilung bleibt der wichtigste Engpass.",
        outlook: "Im 2. Halbjahr 2026 soll der Gremiendienst digital arbeiten; die Fortschreibung des Arbeitspapiers wird vorbereitet.",
        comment: Some(("HF2", "Die Online-Dienste des Bürgerbüros werden stark genutzt; die Wartezeiten für Termine sind deutlich gesunken.")),
    },
    DemoReport {
        label: "2. Halbjahr 2026", start: "2026-07-01", cutoff: "2026-12-31", vorlage: "IV/58/2026", committee: "2027-02-23",
        summary: "",
        outlook: "",
        comment: None,
    },
];

async fn user_id(conn: &mut Conn, username: &str) -> anyhow::Result<i64> {
    crate::db::query_scalar("SELECT id FROM users WHERE username = ?")
        .bind(username)
        .fetch_one(conn)
        .await
        .with_context(|| format!("Demodaten: Benutzer {username} fehlt"))
}

pub(super) async fn insert(
    conn: &mut Conn,
    programme_id: i64,
    today: NaiveDate,
) -> anyhow::Result<()> {
    // the letterhead of the demo city's council documents (an admin edits it)
    crate::db::query(
        "UPDATE letterhead SET city = 'Stadt Musterstadt', head = 'Der Oberbürgermeister',
           unit = 'Hauptamt – Stabsstelle Digitalisierung', kind = 'Informationsvorlage'
         WHERE id = 1",
    )
    .execute(&mut *conn)
    .await?;
    let author = user_id(conn, "ag").await?;
    let releaser = user_id(conn, "ob").await?;
    for (i, r) in REPORTS.iter().enumerate() {
        let id = queries::create(
            conn,
            &NewReport {
                programme_id,
                period_label: r.label,
                period_start: r.start,
                cutoff_on: r.cutoff,
                vorlage_no: r.vorlage,
                addressee: crate::reports::forms::DEFAULT_ADDRESSEE,
                committee_on: Some(r.committee),
                summary: r.summary,
                outlook: r.outlook,
                author_id: author,
                corrects_id: None,
            },
        )
        .await?;
        if let Some((code, comment)) = r.comment {
            let field: Option<i64> = crate::db::query_scalar(
                "SELECT id FROM fields WHERE programme_id = ? AND code = ?",
            )
            .bind(programme_id)
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some(field) = field {
                queries::set_field_comment(conn, id, field, comment).await?;
            }
        }
        if i < 2 {
            let report = queries::get(conn, id)
                .await?
                .context("Demodaten: Bericht fehlt")?;
            let released_at = format!("{}T09:00:00Z", r.committee_minus_weeks()?);
            snapshot::release(conn, &report, releaser, &released_at).await?;
        } else {
            let started = today.checked_sub_days(Days::new(10)).context("Datum")?;
            let due = today.checked_add_days(Days::new(14)).context("Datum")?;
            queries::start_request(conn, id, &due.to_string(), &format!("{started}T07:00:00Z"))
                .await?;
        }
    }
    Ok(())
}

impl DemoReport {
    /// Released three weeks before the committee meets.
    fn committee_minus_weeks(&self) -> anyhow::Result<NaiveDate> {
        NaiveDate::parse_from_str(self.committee, "%Y-%m-%d")?
            .checked_sub_days(Days::new(21))
            .context("Datum")
    }
}
