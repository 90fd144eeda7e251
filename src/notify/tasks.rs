//! Task reminders: the owner of an open task from the minutes hears about it a set number
//! of days before its due date, once per due date.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::people::greeting;
use super::prefs::{self, ReminderKind};
use crate::db::Db;
use crate::domain::dates::{format_date, now_utc};
use crate::mail::compose::Body;
use crate::mail::{MailSettings, queue};

#[derive(Debug, Clone, FromRow)]
struct DueTask {
    id: i64,
    title: String,
    #[sqlx(try_from = "crate::db::IsoDate")]
    due_on: NaiveDate,
    person_id: i64,
    name: String,
    email: String,
    meeting_id: Option<i64>,
}

pub async fn remind(
    db: &Db,
    settings: &MailSettings,
    base: &str,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let until = (today + chrono::Duration::days(settings.reminder_days)).to_string();
    let due: Vec<DueTask> = crate::db::query_as(
        "SELECT t.id, t.title, t.due_on, p.id AS person_id, p.name, p.email,
                ai.meeting_id
         FROM tasks t JOIN people p ON p.id = t.owner_id
         LEFT JOIN agenda_items ai ON ai.id = t.agenda_item_id
         WHERE t.state IN ('offen', 'in_bearbeitung') AND t.due_on IS NOT NULL
           AND t.due_on >= ? AND t.due_on <= ? AND COALESCE(trim(p.email), '') <> ''
           AND NOT EXISTS (SELECT 1 FROM task_reminders r WHERE r.task_id = t.id AND r.due_on = t.due_on)
         ORDER BY t.due_on, t.id",
    )
    .bind(today.to_string())
    .bind(&until)
    .fetch_all(&db.read)
    .await?;
    for t in due {
        let mut tx = db.begin_write().await?;
        if !prefs::opted_out(&mut tx, t.person_id, ReminderKind::Aufgabe).await? {
            let due_text = format_date(t.due_on);
            let subject = format!("Erinnerung: Aufgabe fällig am {due_text}");
            let mut body = Body::new(greeting(&t.name)).para(format!(
                "Ihre Aufgabe aus der Sitzung ist am {due_text} fällig: „{}“.",
                t.title
            ));
            if let Some(m) = t.meeting_id {
                body = body.link(
                    "Zur Sitzung mit der Aufgabe",
                    format!("{base}/sitzungen/{m}"),
                );
            }
            queue(
                &mut tx,
                &body.mail("aufgabe_erinnerung", &t.email, &t.name, &subject),
            )
            .await?;
        }
        crate::db::query(
            "INSERT INTO task_reminders (task_id, due_on, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(t.id)
        .bind(t.due_on.to_string())
        .bind(now_utc())
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
    }
    Ok(())
}
