//! Writing tasks (Aufgaben) from the minutes and counting the open ones; reading them
//! is in `crate::lookups::tasks`.

use crate::db::Conn;

pub struct NewTask<'a> {
    pub item: i64,
    pub measure: Option<i64>,
    pub owner: i64,
    pub title: &'a str,
    pub due_on: Option<String>,
}

pub async fn add_task(conn: &mut Conn, t: &NewTask<'_>) -> sqlx::Result<i64> {
    crate::db::query_scalar::<i64>(
        "INSERT INTO tasks (agenda_item_id, measure_id, owner_id, title, due_on, state)
         VALUES (?, ?, ?, ?, ?, 'offen') RETURNING id",
    )
    .bind(t.item)
    .bind(t.measure)
    .bind(t.owner)
    .bind(t.title)
    .bind(&t.due_on)
    .fetch_one(conn)
    .await
}

pub async fn complete_task(conn: &mut Conn, id: i64, on: &str) -> sqlx::Result<()> {
    crate::db::query("UPDATE tasks SET state = 'erledigt', done_on = ? WHERE id = ?")
        .bind(on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn open_task_counts(conn: &mut Conn, today: &str) -> sqlx::Result<(i64, i64)> {
    let open: i64 = crate::db::query_scalar(
        "SELECT count(*) FROM tasks WHERE state IN ('offen', 'in_bearbeitung')",
    )
    .fetch_one(&mut *conn)
    .await?;
    let overdue: i64 = crate::db::query_scalar(
        "SELECT count(*) FROM tasks WHERE state IN ('offen', 'in_bearbeitung') AND due_on < ?",
    )
    .bind(today)
    .fetch_one(&mut *conn)
    .await?;
    Ok((open, overdue))
}
