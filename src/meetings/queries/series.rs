//! Meeting series (the biweekly AG dates).

use crate::db::Conn;

#[allow(clippy::too_many_arguments)]
pub async fn insert_series(
    conn: &mut Conn,
    programme_id: i64,
    title: &str,
    first_on: &str,
    start_time: &str,
    minutes_long: i64,
    place: &str,
    interval_days: i64,
) -> sqlx::Result<i64> {
    crate::db::query_scalar::<i64>(
        "INSERT INTO meeting_series (programme_id, title, first_on, start_time, minutes_long, place, interval_days)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(programme_id)
    .bind(title)
    .bind(first_on)
    .bind(start_time)
    .bind(minutes_long)
    .bind(place)
    .bind(interval_days)
    .fetch_one(conn)
    .await
}
