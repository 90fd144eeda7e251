//! Reminder kinds a person can switch off; invitations and the round's request always go.

use crate::db::Conn;

use crate::domain::enums::vocabulary;

vocabulary!(
    /// A kind of mail a person may switch off, as stored in `mail_opt_outs.kind`.
    ReminderKind {
        Abfrage => ("abfrage_erinnerung", "Erinnerungen an eine laufende Sachstandsabfrage"),
        Sitzung => ("sitzung_erinnerung", "Erinnerung vor einer Sitzung an fehlende Sachstände"),
        Aufgabe => ("aufgabe_erinnerung", "Erinnerungen an fällige Aufgaben aus Sitzungen"),
        Freigabe => ("freigabe", "Hinweise auf Tagesordnungen und Berichte, die auf Freigabe warten oder freigegeben wurden"),
    }
);

pub async fn opted_out(conn: &mut Conn, person_id: i64, kind: ReminderKind) -> sqlx::Result<bool> {
    crate::db::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM mail_opt_outs WHERE person_id = ? AND kind = ?)",
    )
    .bind(person_id)
    .bind(kind.key())
    .fetch_one(conn)
    .await
}

/// The kinds the person switched off.
pub async fn off_kinds(conn: &mut Conn, person_id: i64) -> sqlx::Result<Vec<String>> {
    crate::db::query_scalar("SELECT kind FROM mail_opt_outs WHERE person_id = ? ORDER BY kind")
        .bind(person_id)
        .fetch_all(conn)
        .await
}

/// Replaces the person's switched-off kinds.
pub async fn set_off(conn: &mut Conn, person_id: i64, off: &[ReminderKind]) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM mail_opt_outs WHERE person_id = ?")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    for k in off {
        crate::db::query("INSERT INTO mail_opt_outs (person_id, kind) VALUES (?, ?)")
            .bind(person_id)
            .bind(k.key())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
