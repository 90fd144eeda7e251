//! Whole-database checks: "nothing was written" snapshots, row counts, SQLite's own checks.

use sachstand::db::Pool;

/// Every domain table, row by row, as text: equal snapshots mean nothing was written.
/// The session store and the migration bookkeeping are left out, and so are `skip`.
pub async fn snapshot(db: &Pool, skip: &[&str]) -> String {
    let mut out = String::new();
    let tables: Vec<String> = sachstand::db::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', '_sqlx_migrations') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(db)
    .await
    .expect("tables");
    for table in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
        let cols: Vec<String> =
            sachstand::db::query_scalar("SELECT name FROM pragma_table_info(?)")
                .bind(table)
                .fetch_all(db)
                .await
                .expect("columns");
        let expr = cols
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> = sachstand::db::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {expr} FROM {table} ORDER BY rowid"
        )))
        .fetch_all(db)
        .await
        .expect("snapshot");
        out.push_str(table);
        out.push('\n');
        out.push_str(&rows.join("\n"));
        out.push('\n');
    }
    out
}

/// The number of rows in a table (the name is the caller's constant, never input).
pub async fn row_count(db: &Pool, table: &str) -> i64 {
    sachstand::db::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(db)
        .await
        .expect("row count")
}

/// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` report.
pub struct Integrity {
    pub integrity: Vec<String>,
    pub fk_violations: usize,
}

impl Integrity {
    pub fn ok(&self) -> bool {
        self.integrity == ["ok"] && self.fk_violations == 0
    }
}

pub async fn integrity(conn: &mut sachstand::db::Conn) -> Integrity {
    let integrity: Vec<String> = sachstand::db::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .expect("integrity_check");
    let fk =
        sachstand::db::query_scalar::<String>("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .expect("foreign_key_check");
    Integrity {
        integrity,
        fk_violations: fk.len(),
    }
}
