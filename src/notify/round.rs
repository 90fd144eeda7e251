//! The status request round (Sachstandsabfrage) of a report draft by mail: when it starts,
//! every responsible person gets one mail listing their running measures with a link to
//! each status form and the cut-off date; a set number of days before the cut-off those who
//! have not reported get a reminder; the round page shows asked, reminded, reported.

use std::collections::BTreeMap;

use crate::db::Conn;
use chrono::NaiveDate;
use sqlx::FromRow;

use super::people::greeting;
use super::prefs::{self, ReminderKind};
use crate::db::Db;
use crate::domain::dates::{format_date, format_timestamp, now_utc};
use crate::mail::compose::{Body, Item};
use crate::mail::{MailSettings, queue};

#[derive(Debug, Clone, FromRow)]
struct MeasureOfPerson {
    id: i64,
    code: String,
    title: String,
    person_id: i64,
    name: String,
    email: String,
    updated: bool,
}

/// Running measures of the programme whose responsible person has an address, and whether
/// a Sachstand was posted since `since`.
async fn measures(
    conn: &mut Conn,
    programme_id: i64,
    since: &str,
) -> sqlx::Result<Vec<MeasureOfPerson>> {
    crate::db::query_as(
        "SELECT m.id, m.code, m.title, pe.id AS person_id, pe.name, pe.email,
            EXISTS (SELECT 1 FROM status_updates s WHERE s.measure_id = m.id AND s.created_at >= ?)
              AS updated
         FROM measures m JOIN people pe ON pe.id = m.person_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL
           AND m.status NOT IN ('abgeschlossen', 'verworfen')
           AND COALESCE(trim(pe.email), '') <> ''
         ORDER BY pe.name, m.code",
    )
    .bind(since)
    .bind(programme_id)
    .fetch_all(conn)
    .await
}

fn by_person(rows: Vec<MeasureOfPerson>) -> BTreeMap<i64, Vec<MeasureOfPerson>> {
    let mut map: BTreeMap<i64, Vec<MeasureOfPerson>> = BTreeMap::new();
    for r in rows {
        map.entry(r.person_id).or_default().push(r);
    }
    map
}

fn measure_items(base: &str, ms: &[&MeasureOfPerson]) -> Vec<Item> {
    ms.iter()
        .map(|m| Item {
            text: format!("{} {}", m.code, m.title),
            link: Some(format!("{base}/massnahmen/{}#h-melden", m.id)),
        })
        .collect()
}

/// "Ihrer Maßnahme" / "Ihren 2 Maßnahmen" (dative, after "zu").
fn plural_measures(n: usize) -> String {
    if n == 1 {
        "Ihrer Maßnahme".into()
    } else {
        format!("Ihren {n} Maßnahmen")
    }
}

/// Queues the request mails of a round that starts now (in the transaction that starts
/// it): one mail per responsible person with an address. Returns how many were queued.
pub async fn queue_round(
    tx: &mut Conn,
    base: &str,
    report_id: i64,
    programme_id: i64,
    period_label: &str,
    started_at: &str,
    due: NaiveDate,
) -> sqlx::Result<usize> {
    let rows = measures(tx, programme_id, started_at).await?;
    let groups = by_person(rows);
    let due_text = format_date(due);
    for list in groups.values() {
        let first = &list[0];
        let refs: Vec<&MeasureOfPerson> = list.iter().collect();
        let subject = format!("Sachstandsabfrage {period_label}: bitte bis {due_text} melden");
        let body = Body::new(greeting(&first.name))
            .para(format!(
                "für den Sachstandsbericht {period_label} bitten wir Sie um einen aktuellen Sachstand zu {}. Bitte melden Sie bis zum Stichtag {due_text}.",
                plural_measures(list.len())
            ))
            .para("Jeder Link führt direkt zum Formular „Sachstand melden“ der Maßnahme:")
            .items(measure_items(base, &refs))
            .para("Vielen Dank für Ihre Mitarbeit.");
        queue(
            tx,
            &body.mail("abfrage", &first.email, &first.name, &subject),
        )
        .await?;
        crate::db::query(
            "INSERT INTO request_mails (report_id, started_at, person_id, asked_at)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (report_id, started_at, person_id)
             DO UPDATE SET asked_at = excluded.asked_at, reminded_at = NULL",
        )
        .bind(report_id)
        .bind(started_at)
        .bind(first.person_id)
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    }
    Ok(groups.len())
}

#[derive(Debug, Clone, FromRow)]
struct OpenRound {
    id: i64,
    programme_id: i64,
    period_label: String,
    request_started_at: String,
    #[sqlx(try_from = "crate::db::IsoDate")]
    request_due_on: NaiveDate,
}

/// Reminders of running rounds whose cut-off is at most `reminder_days` away (and not
/// past): to each asked person who has not reported on every measure, once.
pub async fn remind(
    db: &Db,
    settings: &MailSettings,
    base: &str,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let latest = (today + chrono::Duration::days(settings.reminder_days)).to_string();
    let rounds: Vec<OpenRound> = crate::db::query_as(
        "SELECT id, programme_id, period_label, request_started_at, request_due_on FROM reports
         WHERE state <> 'freigegeben' AND request_started_at IS NOT NULL
           AND request_due_on IS NOT NULL AND request_due_on >= ? AND request_due_on <= ?",
    )
    .bind(today.to_string())
    .bind(&latest)
    .fetch_all(&db.read)
    .await?;
    for r in rounds {
        let mut tx = db.begin_write().await?;
        let pending: Vec<i64> = crate::db::query_scalar(
            "SELECT person_id FROM request_mails
             WHERE report_id = ? AND started_at = ? AND reminded_at IS NULL",
        )
        .bind(r.id)
        .bind(&r.request_started_at)
        .fetch_all(&mut tx)
        .await?;
        if pending.is_empty() {
            continue;
        }
        let groups = by_person(measures(&mut tx, r.programme_id, &r.request_started_at).await?);
        let due_text = format_date(r.request_due_on);
        for person in pending {
            let Some(list) = groups.get(&person) else {
                continue;
            };
            let missing: Vec<&MeasureOfPerson> = list.iter().filter(|m| !m.updated).collect();
            // Nothing missing, or reminders switched off: no mail (checked again next time).
            if missing.is_empty()
                || prefs::opted_out(&mut tx, person, ReminderKind::Abfrage).await?
            {
                continue;
            }
            let first = missing[0];
            let subject = format!(
                "Erinnerung: Sachstandsabfrage {} endet am {due_text}",
                r.period_label
            );
            let what = if missing.len() == 1 {
                "diese Maßnahme".to_string()
            } else {
                format!("diese {} Maßnahmen", missing.len())
            };
            let body = Body::new(greeting(&first.name))
                .para(format!(
                    "die Sachstandsabfrage für den Bericht {} endet am {due_text}. Für {what} fehlt noch Ihr Sachstand:",
                    r.period_label
                ))
                .items(measure_items(base, &missing))
                .para("Wenn Sie inzwischen gemeldet haben, ist diese Erinnerung gegenstandslos.");
            queue(
                &mut tx,
                &body.mail("abfrage_erinnerung", &first.email, &first.name, &subject),
            )
            .await?;
            crate::db::query(
                "UPDATE request_mails SET reminded_at = ?
                 WHERE report_id = ? AND started_at = ? AND person_id = ?",
            )
            .bind(now_utc())
            .bind(r.id)
            .bind(&r.request_started_at)
            .bind(person)
            .execute(&mut tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// One person of the round on the round page.
#[derive(Debug, Clone)]
pub struct PersonStatus {
    pub name: String,
    pub measures: usize,
    pub reported: usize,
    /// "01.12.2026, 16:05" or "" (no address: not asked by mail)
    pub asked: String,
    pub reminded: String,
}

#[derive(Debug, Clone, FromRow)]
struct StatusRow {
    name: String,
    function: String,
    updated: bool,
    asked_at: Option<String>,
    reminded_at: Option<String>,
}

/// Per responsible person: asked (by mail), reminded, reported (measures with a Sachstand
/// since the round began).
pub async fn status(
    conn: &mut Conn,
    report_id: i64,
    programme_id: i64,
    started_at: &str,
) -> sqlx::Result<Vec<PersonStatus>> {
    let rows: Vec<StatusRow> = crate::db::query_as(
        "SELECT pe.name, pe.function,
            EXISTS (SELECT 1 FROM status_updates s WHERE s.measure_id = m.id AND s.created_at >= ?)
              AS updated,
            rm.asked_at, rm.reminded_at
         FROM measures m JOIN people pe ON pe.id = m.person_id
         LEFT JOIN request_mails rm ON rm.person_id = pe.id AND rm.report_id = ? AND rm.started_at = ?
         WHERE m.programme_id = ? AND m.archived_at IS NULL
           AND m.status NOT IN ('abgeschlossen', 'verworfen')
         ORDER BY pe.name, pe.id",
    )
    .bind(started_at)
    .bind(report_id)
    .bind(started_at)
    .bind(programme_id)
    .fetch_all(conn)
    .await?;
    let mut out: Vec<PersonStatus> = Vec::new();
    for r in rows {
        let name = format!("{} ({})", r.name, r.function);
        match out.last_mut() {
            Some(last) if last.name == name => {
                last.measures += 1;
                last.reported += usize::from(r.updated);
            }
            _ => out.push(PersonStatus {
                name,
                measures: 1,
                reported: usize::from(r.updated),
                asked: r
                    .asked_at
                    .as_deref()
                    .map(format_timestamp)
                    .unwrap_or_default(),
                reminded: r
                    .reminded_at
                    .as_deref()
                    .map(format_timestamp)
                    .unwrap_or_default(),
            }),
        }
    }
    Ok(out)
}
