//! Meeting series (the biweekly AG dates).

use sqlx::SqliteConnection;

#[allow(clippy::too_many_arguments)]
pub async fn insert_series(
    conn: &mut SqliteConnection,
    programme_id: i64,
    title: &str,
    first_on: &str,
    start_time: &str,
    minutes_long: i64,
    place: &str,
    interval_days: i64,
) -> sqlx::Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO meeting_series (programme_id, title, first_on, start_time, minutes_long, place, interval_days)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(programme_id)
    .bind(title)
    .bind(first_on)
    .bind(start_time)
    .bind(minutes_long)
    .bind(place)
    .bind(interval_days)
    .execute(conn)
    .await?
    .last_insert_rowid())
}
