//! Meeting mails: the invitation with the agenda and an iCalendar REQUEST when a meeting
//! becomes "eingeladen", an update (same UID, higher SEQUENCE) when an invited meeting
//! moves, a CANCEL when it is called off, and before the meeting a reminder to those who
//! still owe a Sachstand for a measure on its agenda.

use crate::db::Conn;
use chrono::{NaiveDate, Utc};
use sqlx::FromRow;

use super::people::{after_article, greeting};
use super::prefs::{self, ReminderKind};
use crate::db::Db;
use crate::domain::dates::now_utc;
use crate::domain::meetings::MeetingState;
use crate::mail::compose::{Attachment, Body, Item};
use crate::mail::{MailSettings, queue};
use crate::meetings::ics::{self, EventExtras, Method, Party};
use crate::meetings::queries::{self, MeetingRow};
use crate::meetings::views::meeting_title;

/// What happened to the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Invited,
    Moved,
    Cancelled,
}

#[derive(Debug, Clone, FromRow)]
struct Invitee {
    person_id: i64,
    name: String,
    email: String,
}

async fn participants(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<Invitee>> {
    crate::db::query_as(
        "SELECT p.id AS person_id, p.name, p.email FROM participants pa
         JOIN people p ON p.id = pa.person_id
         WHERE pa.meeting_id = ? AND COALESCE(trim(p.email), '') <> '' ORDER BY p.name",
    )
    .bind(meeting)
    .fetch_all(conn)
    .await
}

async fn invited(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<Invitee>> {
    crate::db::query_as(
        "SELECT p.id AS person_id, p.name, p.email FROM meeting_invitations mi
         JOIN people p ON p.id = mi.person_id
         WHERE mi.meeting_id = ? AND mi.sequence > 0 AND COALESCE(trim(p.email), '') <> '' ORDER BY p.name",
    )
    .bind(meeting)
    .fetch_all(conn)
    .await
}

/// The agenda titles in order.
async fn agenda_titles(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<String>> {
    crate::db::query_scalar(
        "SELECT title FROM agenda_items WHERE meeting_id = ? ORDER BY position, id",
    )
    .bind(meeting)
    .fetch_all(conn)
    .await
}

/// "Dienstag, 08.12.2026, 14:00–16:00 Uhr"
fn when(m: &MeetingRow) -> String {
    let parse = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").ok();
    match (parse(&m.starts_at), parse(&m.ends_at)) {
        (Some(s), Some(e)) => {
            let day = match chrono::Datelike::weekday(&s) {
                chrono::Weekday::Mon => "Montag",
                chrono::Weekday::Tue => "Dienstag",
                chrono::Weekday::Wed => "Mittwoch",
                chrono::Weekday::Thu => "Donnerstag",
                chrono::Weekday::Fri => "Freitag",
                chrono::Weekday::Sat => "Samstag",
                chrono::Weekday::Sun => "Sonntag",
            };
            format!(
                "{day}, {}, {}–{} Uhr",
                s.format("%d.%m.%Y"),
                s.format("%H:%M"),
                e.format("%H:%M")
            )
        }
        _ => m.starts_at.clone(),
    }
}

/// Queues the mails of a change to a meeting, in the transaction that made it (after the
/// change, so the row carries the new date and version). Invitations go to every
/// participant with an address; an update or a cancellation to everyone invited so far
/// (and an update also to participants added since). Nothing for a meeting that was never
/// invited, unless this is the invitation.
pub async fn queue_change(
    tx: &mut Conn,
    settings: &MailSettings,
    base: &str,
    meeting_id: i64,
    change: Change,
) -> sqlx::Result<usize> {
    let Some(m) = queries::get(tx, meeting_id).await? else {
        return Ok(0);
    };
    let mut people = invited(tx, meeting_id).await?;
    match change {
        Change::Invited => people = participants(tx, meeting_id).await?,
        Change::Moved => {
            if people.is_empty() {
                return Ok(0);
            }
            for p in participants(tx, meeting_id).await? {
                if !people.iter().any(|x| x.person_id == p.person_id) {
                    people.push(p);
                }
            }
        }
        Change::Cancelled => {}
    }
    if people.is_empty() {
        return Ok(0);
    }
    let agenda = agenda_titles(tx, meeting_id).await?;
    let url = format!("{base}/sitzungen/{meeting_id}");
    let extras = EventExtras {
        agenda: agenda.clone(),
        url: url.clone(),
    };
    let organizer = organizer(settings);
    let attendees: Vec<Party> = people
        .iter()
        .map(|p| Party {
            name: p.name.clone(),
            email: p.email.clone(),
        })
        .collect();
    let method = if change == Change::Cancelled {
        Method::Cancel
    } else {
        Method::Request
    };
    let Some(ics_text) = ics::invitation(&m, method, Utc::now(), &organizer, &attendees, &extras)
    else {
        return Ok(0);
    };
    let title = meeting_title(&m);
    let (kind, subject, lead) = match change {
        Change::Invited => (
            "einladung",
            format!("Einladung: {title}"),
            format!("hiermit laden wir Sie ein zur {}.", after_article(&title)),
        ),
        Change::Moved => (
            "einladung_aktualisiert",
            format!("Verlegt: {title}"),
            format!("die Sitzung wurde verlegt. Neuer Termin: {title}."),
        ),
        Change::Cancelled => (
            "absage",
            format!("Abgesagt: {title}"),
            format!("die {title} findet nicht statt."),
        ),
    };
    let mut items: Vec<Item> = agenda
        .iter()
        .enumerate()
        .map(|(i, t)| Item {
            text: format!("TOP {}: {t}", i + 1),
            link: None,
        })
        .collect();
    if items.is_empty() {
        items.push(Item {
            text: "Die Tagesordnung ist noch offen.".into(),
            link: None,
        });
    }
    let now = now_utc();
    for p in &people {
        let mut body = Body::new(greeting(&p.name)).para(lead.clone());
        if change != Change::Cancelled {
            body = body
                .para(format!("Zeit: {}\nOrt: {}", when(&m), m.place))
                .para("Tagesordnung:")
                .items(items.clone())
                .para("Der Termin hängt als Kalenderdatei an (Outlook, Thunderbird).");
        } else {
            body = body.para("Die Absage hängt als Kalenderdatei an; sie entfernt den Termin aus Ihrem Kalender.");
        }
        let body = body.link("Die Sitzung in Sachstand", url.clone());
        let mut mail = body.mail(kind, &p.email, &p.name, &subject);
        mail.attachment = Some(Attachment {
            name: if method == Method::Cancel {
                "absage.ics"
            } else {
                "einladung.ics"
            }
            .into(),
            content_type: format!("text/calendar; method={}; charset=UTF-8", method.key()),
            body: ics_text.clone(),
        });
        queue(tx, &mail).await?;
        crate::db::query(
            "INSERT INTO meeting_invitations (meeting_id, person_id, sequence, sent_at)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET sequence = excluded.sequence,
                sent_at = excluded.sent_at",
        )
        .bind(meeting_id)
        .bind(p.person_id)
        .bind(m.version)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(people.len())
}

/// The ORGANIZER: the configured sender (the AG's office address).
fn organizer(settings: &MailSettings) -> Party {
    match settings.from.parse::<lettre::message::Mailbox>() {
        Ok(mb) => Party {
            name: mb.name.unwrap_or_else(|| "Sachstand".into()),
            email: mb.email.to_string(),
        },
        Err(_) => Party {
            name: "Sachstand".into(),
            email: "sachstand@localhost".into(),
        },
    }
}

#[derive(Debug, Clone, FromRow)]
struct Owed {
    meeting_id: i64,
    person_id: i64,
    name: String,
    email: String,
    measure_id: i64,
    code: String,
    title: String,
}

/// Before an invited meeting (at most `reminder_days` ahead): each person responsible for
/// a measure on its agenda without a Sachstand in the last 14 days gets one reminder per
/// meeting (marked in `meeting_invitations.reminded_at`; a row with sequence 0 is a
/// reminder only, not an invitation).
pub async fn remind_owed(
    db: &Db,
    settings: &MailSettings,
    base: &str,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let until = (today + chrono::Duration::days(settings.reminder_days + 1)).to_string();
    let since = (today - chrono::Duration::days(14)).to_string();
    let rows: Vec<Owed> = crate::db::query_as(
        "SELECT DISTINCT mt.id AS meeting_id, pe.id AS person_id, pe.name, pe.email,
                m.id AS measure_id, m.code, m.title
         FROM meetings mt
         JOIN agenda_items ai ON ai.meeting_id = mt.id
         JOIN agenda_item_measures aim ON aim.agenda_item_id = ai.id
         JOIN measures m ON m.id = aim.measure_id
         JOIN people pe ON pe.id = m.person_id
         WHERE mt.state = ? AND mt.starts_at >= ? AND mt.starts_at < ?
           AND m.archived_at IS NULL AND m.status NOT IN ('abgeschlossen', 'verworfen')
           AND COALESCE(trim(pe.email), '') <> ''
           AND NOT EXISTS (SELECT 1 FROM status_updates s WHERE s.measure_id = m.id AND s.created_at >= ?)
           AND NOT EXISTS (SELECT 1 FROM meeting_invitations mi
                           WHERE mi.meeting_id = mt.id AND mi.person_id = pe.id AND mi.reminded_at IS NOT NULL)
         ORDER BY mt.id, pe.id, m.code",
    )
    .bind(MeetingState::Eingeladen.key())
    .bind(today.to_string())
    .bind(&until)
    .bind(&since)
    .fetch_all(&db.read)
    .await?;
    let mut i = 0;
    while i < rows.len() {
        let first = &rows[i];
        let mut j = i;
        while j < rows.len()
            && rows[j].meeting_id == first.meeting_id
            && rows[j].person_id == first.person_id
        {
            j += 1;
        }
        let group = &rows[i..j];
        i = j;
        let mut tx = db.begin_write().await?;
        if prefs::opted_out(&mut tx, first.person_id, ReminderKind::Sitzung).await? {
            continue;
        }
        let Some(m) = queries::get(&mut tx, first.meeting_id).await? else {
            continue;
        };
        let title = meeting_title(&m);
        let subject = format!("Vor der {}: Sachstand fehlt noch", after_article(&title));
        let body = Body::new(greeting(&first.name))
            .para(format!(
                "in der {} wird über {} beraten. Bitte melden Sie vorher einen aktuellen Sachstand:",
                after_article(&title),
                if group.len() == 1 { "diese Maßnahme".to_string() } else { format!("diese {} Maßnahmen", group.len()) }
            ))
            .items(
                group
                    .iter()
                    .map(|o| Item {
                        text: format!("{} {}", o.code, o.title),
                        link: Some(format!("{base}/massnahmen/{}#h-melden", o.measure_id)),
                    })
                    .collect(),
            );
        queue(
            &mut tx,
            &body.mail("sitzung_erinnerung", &first.email, &first.name, &subject),
        )
        .await?;
        crate::db::query(
            "INSERT INTO meeting_invitations (meeting_id, person_id, sequence, sent_at, reminded_at)
             VALUES (?, ?, 0, ?, ?)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET reminded_at = excluded.reminded_at",
        )
        .bind(first.meeting_id)
        .bind(first.person_id)
        .bind(now_utc())
        .bind(now_utc())
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
    }
    Ok(())
}
