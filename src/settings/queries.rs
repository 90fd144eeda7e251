//! The one letterhead row.

use crate::db::Conn;

use crate::domain::report::Letterhead;

pub async fn letterhead(conn: &mut Conn) -> sqlx::Result<Letterhead> {
    let row: Option<(String, String, String, String)> =
        crate::db::query_as("SELECT city, head, unit, kind FROM letterhead WHERE id = 1")
            .fetch_optional(conn)
            .await?;
    Ok(row
        .map(|(city, head, unit, kind)| Letterhead {
            city,
            head,
            unit,
            kind,
        })
        .unwrap_or_default())
}

pub async fn save(conn: &mut Conn, l: &Letterhead, at: &str) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO letterhead (id, city, head, unit, kind, updated_at) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET city = excluded.city, head = excluded.head,
           unit = excluded.unit, kind = excluded.kind, updated_at = excluded.updated_at",
    )
    .bind(&l.city)
    .bind(&l.head)
    .bind(&l.unit)
    .bind(&l.kind)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Saves the transparency page's settings (the one row).
pub async fn save_transparency(
    conn: &mut Conn,
    s: &crate::lookups::transparency::Settings,
    at: &str,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO transparency_settings (id, enabled, licence_name, licence_url, intro, updated_at)
         VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled,
           licence_name = excluded.licence_name, licence_url = excluded.licence_url,
           intro = excluded.intro, updated_at = excluded.updated_at",
    )
    .bind(s.enabled)
    .bind(&s.licence_name)
    .bind(&s.licence_url)
    .bind(&s.intro)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
