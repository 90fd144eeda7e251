//! Releases by mail: to the Leitung when a joint-session agenda or a report draft waits for
//! its release, and to the author when it was released. Each person may switch these off.

use crate::db::Conn;

use super::people::{self, Recipient, after_article, greeting};
use super::prefs::{self, ReminderKind};
use crate::mail::compose::Body;
use crate::mail::queue;

async fn send(
    tx: &mut Conn,
    to: &[Recipient],
    kind: &'static str,
    subject: &str,
    lead: &str,
    link_text: &str,
    url: &str,
) -> sqlx::Result<usize> {
    let mut n = 0;
    for r in to {
        if prefs::opted_out(tx, r.person_id, ReminderKind::Freigabe).await? {
            continue;
        }
        let body = Body::new(greeting(&r.name)).para(lead).link(link_text, url);
        queue(tx, &body.mail(kind, &r.email, &r.name, subject)).await?;
        n += 1;
    }
    Ok(n)
}

/// A joint-session agenda was drafted (or changed after its release) and waits for the
/// Leitung's release.
pub async fn agenda_waiting(
    tx: &mut Conn,
    base: &str,
    meeting_id: i64,
    title: &str,
) -> sqlx::Result<usize> {
    let to = people::leitung(tx).await?;
    let title = after_article(title);
    send(
        tx,
        &to,
        "freigabe_wartet",
        &format!("Zur Freigabe: Tagesordnung der {title}"),
        &format!("die Tagesordnung der {title} wartet auf Ihre Freigabe."),
        "Tagesordnung ansehen und freigeben",
        &format!("{base}/sitzungen/{meeting_id}"),
    )
    .await
}

/// The agenda was released: to the AG member who last drafted it.
pub async fn agenda_released(
    tx: &mut Conn,
    base: &str,
    meeting_id: i64,
    title: &str,
    released_by: &str,
) -> sqlx::Result<usize> {
    // The author is whoever last drafted or updated the agenda from the programme's data
    // (planning a joint session drafts it).
    let author: Option<i64> = crate::db::query_scalar(
        "SELECT actor_id FROM audit_log
         WHERE entity = 'sitzung' AND entity_id = ?
           AND action IN ('sitzung_anlegen', 'tagesordnung_entwurf', 'tagesordnung_aktualisieren')
         ORDER BY id DESC LIMIT 1",
    )
    .bind(meeting_id)
    .fetch_optional(&mut *tx)
    .await?
    .flatten();
    let Some(author) = author else {
        return Ok(0);
    };
    let to: Vec<Recipient> = people::of_user(tx, author).await?.into_iter().collect();
    let title = after_article(title);
    send(
        tx,
        &to,
        "freigegeben",
        &format!("Freigegeben: Tagesordnung der {title}"),
        &format!("{released_by} hat die Tagesordnung der {title} freigegeben."),
        "Zur Sitzung",
        &format!("{base}/sitzungen/{meeting_id}"),
    )
    .await
}

/// A report draft was created and waits for the Leitung's release.
pub async fn report_waiting(
    tx: &mut Conn,
    base: &str,
    report_id: i64,
    period_label: &str,
) -> sqlx::Result<usize> {
    let to = people::leitung(tx).await?;
    send(
        tx,
        &to,
        "freigabe_wartet",
        &format!("Zur Freigabe: Sachstandsbericht {period_label}"),
        &format!("der Entwurf des Sachstandsberichts {period_label} liegt vor und wartet auf Ihre Freigabe."),
        "Entwurf ansehen",
        &format!("{base}/berichte/{report_id}"),
    )
    .await
}

/// The report was released: to its author.
pub async fn report_released(
    tx: &mut Conn,
    base: &str,
    report_id: i64,
    period_label: &str,
    author_id: Option<i64>,
    released_by: &str,
) -> sqlx::Result<usize> {
    let Some(author) = author_id else {
        return Ok(0);
    };
    let to: Vec<Recipient> = people::of_user(tx, author).await?.into_iter().collect();
    send(
        tx,
        &to,
        "freigegeben",
        &format!("Freigegeben: Sachstandsbericht {period_label}"),
        &format!("{released_by} hat den Sachstandsbericht {period_label} freigegeben."),
        "Zum Bericht",
        &format!("{base}/berichte/{report_id}"),
    )
    .await
}
